namespace DeepQ.Emulator.Games;

/// <summary>
/// Zaxxon: the score in hundreds is BCD at RAM $E9 (low) and $E8 (high); lives in the low three
/// bits of $EA, and the game is over when they reach 0 (they read 0 before the first reset, so
/// the game needs ALE's reset at load). Modes 0, 8, 16, 24 are chosen with SELECT held 10 frames
/// (mode byte $82).
/// </summary>
public sealed class Zaxxon : GameRules
{
    private const int ScoreLow = 0xE9, ScoreHigh = 0xE8, LivesAddress = 0xEA;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int StartLives = 5;

    public override string Name => "zaxxon";
    public override string Md5 => "eea0da9b987d661264cce69a7c13c3bd";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 8, 16, 24];
    protected override int? ModeAddress => 0x82;
    protected override int SelectFrames => 10;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress) & 0x07;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
