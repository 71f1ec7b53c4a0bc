using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Atlantis: the score is BCD at RAM $A2/$A3/$A1 in hundreds; lives at $F1, 0xFF when the game
/// is over. The last frame writes garbage into the score, so it gives no reward. Modes 0-3 are
/// chosen with SELECT, read from $8D.
/// </summary>
public sealed class Atlantis : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    public override string Name => "atlantis";
    public override string Md5 => "0b33252b680b65001e91a411e56e72e9";
    public override IReadOnlyList<AleAction> MinimalActions { get; } = [AleAction.Noop, AleAction.Fire, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x8D;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, 0xA2, 0xA3, 0xA1) * PointsPerUnit;
        LivesLeft = Ram(ram, 0xF1);
        Terminal = LivesLeft == 0xFF;
        if (Terminal) Reward = 0;
        else ScoreIs(score);
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 6;
    }
}
