namespace DeepQ.Emulator.Games;

/// <summary>
/// Frostbite: score is BCD at RAM $CA, $C9, $C8 (lowest digits first). Spare lives in the low
/// nibble of $CC (lives = spare + 1, at most 9 spare); the game is over when none are spare and
/// bit 7 of $F1 is set. Modes 0 and 2 are chosen with SELECT (mode byte $80).
/// </summary>
public sealed class Frostbite : GameRules
{
    private const int ScoreLow = 0xCA, ScoreMiddle = 0xC9, ScoreHigh = 0xC8, LivesAddress = 0xCC, FlagAddress = 0xF1;

    /// <summary>Bit of the flag byte set once the last life is lost.</summary>
    private const int GameOverBit = 0x80;

    private const int StartLives = 4;

    public override string Name => "frostbite";
    public override string Md5 => "4ca73eb959299471788f0b685c3ba0b5";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress) & 0x0F;
        Terminal = spare == 0 && (Ram(ram, FlagAddress) & GameOverBit) != 0;
        LivesLeft = spare + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
