using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Kung-Fu Master: score is BCD at RAM $9A, $99, $98 (lowest digits first). The low three bits of
/// $9D are spare lives (lives = spare + 1); the game is over when $9D reads $FF.
/// </summary>
public sealed class KungFuMaster : GameRules
{
    private const int ScoreLow = 0x9A, ScoreMiddle = 0x99, ScoreHigh = 0x98, LivesAddress = 0x9D;
    private const int GameOverLives = 0xFF, StartLives = 4;

    public override string Name => "kung_fu_master";
    public override string Md5 => "0b4e793c9425175498f5a65a3e960086";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Up, Right, Left, Down, DownRight, DownLeft, RightFire, LeftFire, DownFire, UpRightFire, UpLeftFire, DownRightFire, DownLeftFire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == GameOverLives;
        LivesLeft = (livesByte & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
