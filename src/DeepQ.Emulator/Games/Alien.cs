namespace DeepQ.Emulator.Games;

/// <summary>
/// Alien: the score in tens is five digits at RAM $8B, $89, $87, $85, $83 (ones first), each
/// byte holding the digit times 8 (a font offset; $80 draws a blank, 0). Lives in the low nibble
/// of $C0; the game is over when it reaches 0. Modes 0-3 are chosen with SELECT (mode byte $81).
/// </summary>
public sealed class Alien : GameRules
{
    /// <summary>Digit bytes, ones digit first.</summary>
    private static readonly int[] s_digitAddresses = [0x8B, 0x89, 0x87, 0x85, 0x83];

    private const int LivesAddress = 0xC0;

    /// <summary>Digit bytes are font offsets: digit * 8; this one draws a blank.</summary>
    private const int DigitShift = 3, BlankDigit = 0x80;

    /// <summary>The displayed score counts tens.</summary>
    private const int ScoreUnit = 10;

    private const int StartLives = 3;

    public override string Name => "alien";
    public override string Md5 => "f1a0a23e6464d954e3a9579c4ccd01c8";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x81;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        for (int i = s_digitAddresses.Length - 1; i >= 0; i--)
        {
            int b = Ram(ram, s_digitAddresses[i]);
            score = 10 * score + (b == BlankDigit ? 0 : b >> DigitShift);
        }
        ScoreIs(ScoreUnit * score);
        LivesLeft = Ram(ram, LivesAddress) & 0x0F;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
