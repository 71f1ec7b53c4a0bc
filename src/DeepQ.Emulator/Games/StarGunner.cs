namespace DeepQ.Emulator.Games;

/// <summary>
/// Star Gunner: the score in hundreds is four digits in the low nibbles of RAM $83-$86 (ones
/// first; $A is a blank 0). Lives at $87; the game is over when they reach 0. Before play starts
/// the byte reads 6, so lives count as 5 until it has read 5 once. Modes 0-3 are chosen with
/// SELECT held 15 frames (mode byte $F4).
/// </summary>
public sealed class StarGunner : GameRules
{
    private const int FirstDigitAddress = 0x83, DigitCount = 4, LivesAddress = 0x87;

    /// <summary>Nibble value drawn as a blank digit.</summary>
    private const int BlankDigit = 0x0A;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int StartLives = 5;

    public override string Name => "star_gunner";
    public override string Md5 => "a3c1c70024d7aabb41381adbfb6d3b25";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0xF4;
    protected override int SelectFrames => 15;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        for (int digit = DigitCount - 1; digit >= 0; digit--)
        {
            int value = Ram(ram, FirstDigitAddress + digit) & 0x0F;
            score = 10 * score + (value == BlankDigit ? 0 : value);
        }
        ScoreIs(ScoreUnit * score);
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == 0;
        Started |= livesByte == StartLives;
        LivesLeft = Started ? livesByte & 0x0F : StartLives;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
