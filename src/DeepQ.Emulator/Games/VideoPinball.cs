using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Video Pinball: score is BCD at RAM $B0, $B2, $B4 (lowest digits first); the game is over when
/// bit 0 of $AF is set. Lives come from the ball number (low three bits of $99; ball 1 is 3
/// lives) plus the extra-ball flag (bit 0 of $A8). Modes 0 and 2 are chosen with SELECT (mode
/// byte $C1).
/// </summary>
public sealed class VideoPinball : GameRules
{
    private const int ScoreLow = 0xB0, ScoreMiddle = 0xB2, ScoreHigh = 0xB4;
    private const int GameOverAddress = 0xAF, BallNumberAddress = 0x99, ExtraBallAddress = 0xA8;

    /// <summary>Lives = this - ball number + extra ball.</summary>
    private const int BallsPlusOne = 4;

    private const int StartLives = 3;

    public override string Name => "video_pinball";
    public override string Md5 => "a2424c1a0c783d7585d701b1c71b5fdc";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Up, Right, Left, Down, UpFire, RightFire, LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xC1;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        Terminal = (Ram(ram, GameOverAddress) & 0x01) != 0;
        LivesLeft = BallsPlusOne + (Ram(ram, ExtraBallAddress) & 0x01) - (Ram(ram, BallNumberAddress) & 0x07);
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
