using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Space Invaders: score is BCD at RAM $E8 (low) and $E6 (high), wrapping after 9,999 (a wrap
/// still counts as the points gained); lives at $C9; over when bit 7 of $98 is set or no lives
/// remain. Modes 0-15 are chosen with SELECT, read back from $DC.
/// </summary>
public sealed class SpaceInvaders : GameRules
{
    /// <summary>The score counter wraps to 0 here.</summary>
    private const int ScoreWrap = 10000;

    public override string Name => "space_invaders";
    public override string Md5 => "61dbe94f110f30ca4ec524ae5ce2d026";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<int> Modes { get; } = Enumerable.Range(0, 16).ToArray();
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xDC;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, 0xE8, 0xE6);
        Reward = score - Score;
        if (Reward < 0) Reward = ScoreWrap - Score + score;
        Score = score;
        LivesLeft = Ram(ram, 0xC9);
        Terminal = (Ram(ram, 0x98) & 0x80) != 0 || LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
