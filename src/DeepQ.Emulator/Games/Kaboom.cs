using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Kaboom!: score is BCD at RAM $A5, $A4, $A3 (lowest digits first); the game is over when the
/// buckets at $A1 run out or the score reaches 999,999. Played with a paddle. ALE reports no
/// lives. FIRE starts.
/// </summary>
public sealed class Kaboom : GameRules
{
    private const int ScoreLow = 0xA5, ScoreMiddle = 0xA4, ScoreHigh = 0xA3, BucketsAddress = 0xA1;

    /// <summary>The largest score the six digits show; reaching it ends the game.</summary>
    private const int MaxScore = 999999;

    public override string Name => "kaboom";
    public override string Md5 => "dbdaf82f4f0c415a94d1030271a9ef44";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override bool UsesPaddles => true;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        Terminal = Ram(ram, BucketsAddress) == 0 || Score == MaxScore;
    }
}
