using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Zaxxon: BCD score in hundreds at RAM $E9 (low) and $E8 (high); lives are the low three bits of
/// $EA and the game is over at 0. Modes 0, 8, 16, 24 ($82) use 10-frame SELECT presses.
/// </summary>
public sealed class Zaxxon : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    public override string Name => "zaxxon";
    public override string Md5 => "eea0da9b987d661264cce69a7c13c3bd";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 8, 16, 24];
    protected override int? ModeAddress => 0x82;
    protected override int SelectFrames => 10;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xE9, 0xE8) * PointsPerUnit);
        LivesLeft = Ram(ram, 0xEA) & 0x07;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 5;
    }
}
