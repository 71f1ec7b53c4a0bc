using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Video Pinball: six-digit BCD score at RAM $B0/$B2/$B4 (low to high); over when bit 0 of $AF
/// is set. Lives are 4 minus the ball number (low three bits of $99) plus an extra ball (bit 0 of
/// $A8). Modes 0 and 2 are chosen with SELECT, read from $C1.
/// </summary>
public sealed class VideoPinball : GameRules
{
    public override string Name => "video_pinball";
    public override string Md5 => "a2424c1a0c783d7585d701b1c71b5fdc";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
    [
        AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down,
        AleAction.UpFire, AleAction.RightFire, AleAction.LeftFire,
    ];
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xC1;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xB0, 0xB2, 0xB4));
        Terminal = (Ram(ram, 0xAF) & 0x01) != 0;
        LivesLeft = 4 + (Ram(ram, 0xA8) & 0x01) - (Ram(ram, 0x99) & 0x07);
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
