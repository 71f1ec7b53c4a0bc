namespace DeepQ.Emulator.Games;

/// <summary>
/// Battlezone: the score in thousands is three digits: the high nibble of RAM $9D (ones) and
/// both nibbles of $9E (tens low, hundreds high); a nibble of $A is a blank 0. Lives in the low
/// nibble of $BA; the game is over when they reach 0. Modes 1-3 are chosen with SELECT (mode
/// byte $A1).
/// </summary>
public sealed class BattleZone : GameRules
{
    private const int OnesAddress = 0x9D, TensHundredsAddress = 0x9E, LivesAddress = 0xBA;

    /// <summary>Nibble value drawn as a blank digit.</summary>
    private const int BlankDigit = 0x0A;

    /// <summary>The displayed score counts thousands.</summary>
    private const int ScoreUnit = 1000;

    private const int StartLives = 5;

    public override string Name => "battle_zone";
    public override string Md5 => "e434c0e161dd3c3fb435eb6bad2e182c";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [1, 2, 3];
    protected override int? ModeAddress => 0xA1;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int first = Ram(ram, OnesAddress), second = Ram(ram, TensHundredsAddress);
        int ones = Digit(first >> 4), tens = Digit(second & 0x0F), hundreds = Digit(second >> 4);
        ScoreIs(ScoreUnit * (ones + 10 * tens + 100 * hundreds));
        LivesLeft = Ram(ram, LivesAddress) & 0x0F;
        Terminal = LivesLeft == 0;
    }

    private static int Digit(int nibble) => nibble == BlankDigit ? 0 : nibble;

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
