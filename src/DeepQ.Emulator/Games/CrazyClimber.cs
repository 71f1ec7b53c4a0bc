using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Crazy Climber: score digits (one per byte, not BCD) at RAM $82-$85, lowest first, counting
/// hundreds; score drops (a new building) give no negative reward. Lives at $AA; over at 0. The
/// mode byte is $80; modes 0-3 are chosen with 2-frame SELECT presses.
/// </summary>
public sealed class CrazyClimber : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    public override string Name => "crazy_climber";
    public override string Md5 => "55ef7b65066428367844342ed59f956c";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.UpRight, AleAction.UpLeft, AleAction.DownRight, AleAction.DownLeft];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = (Ram(ram, 0x82) + 10 * Ram(ram, 0x83) + 100 * Ram(ram, 0x84) + 1000 * Ram(ram, 0x85)) * PointsPerUnit;
        Reward = Math.Max(score - Score, 0);
        Score = score;
        LivesLeft = Ram(ram, 0xAA);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 5;
    }
}
