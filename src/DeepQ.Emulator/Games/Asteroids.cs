using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Asteroids: the score in tens is BCD at RAM $BE, $BD (lowest digits first) and wraps at
/// 100,000; lives in the high nibble of $BC, and the game is over when they reach 0. Modes 0-31
/// and $80 (children's version) are chosen with SELECT (mode byte $80).
/// </summary>
public sealed class Asteroids : GameRules
{
    private const int ScoreLow = 0xBE, ScoreHigh = 0xBD, LivesAddress = 0xBC;

    /// <summary>The displayed score counts tens and rolls over at this many points.</summary>
    private const int ScoreUnit = 10, ScoreWrap = 100000;

    /// <summary>ALE's mode number of the children's version.</summary>
    private const int KidsMode = 0x80;

    private const int StartLives = 4;

    public override string Name => "asteroids";
    public override string Md5 => "ccbd36746ed4525821a8083b0d6d2c2c";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Up, Right, Left, Down, UpRight, UpLeft, UpFire, RightFire, LeftFire, DownFire, UpRightFire, UpLeftFire];
    public override IReadOnlyList<int> Modes { get; } = [.. Enumerable.Range(0, 32), KidsMode];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 3];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh);
        Reward = score - Score;
        if (Reward < 0) Reward += ScoreWrap;
        Score = score;
        LivesLeft = Ram(ram, LivesAddress) >> 4;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
