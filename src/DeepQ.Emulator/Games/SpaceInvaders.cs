using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Space Invaders: score is BCD at RAM $E8 (ones, tens) and $E6 (hundreds, thousands) and wraps
/// at 10,000; lives at $C9. The game is over when bit 7 of $98 is set or lives reach 0.
/// Modes 0-15 are chosen with SELECT (mode byte $DC).
/// </summary>
public sealed class SpaceInvaders : GameRules
{
    private const int ScoreLow = 0xE8, ScoreHigh = 0xE6, LivesAddress = 0xC9, StatusAddress = 0x98;

    /// <summary>Bit of the status byte set once the game is over.</summary>
    private const int GameOverBit = 0x80;

    /// <summary>The four-digit score rolls over here; a drop in score is a wrap, not a loss.</summary>
    private const int ScoreWrap = 10000;

    private const int StartLives = 3;

    public override string Name => "space_invaders";
    public override string Md5 => "61dbe94f110f30ca4ec524ae5ce2d026";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, RightFire, LeftFire];
    public override IReadOnlyList<int> Modes { get; } = Enumerable.Range(0, 16).ToArray();
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xDC;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, ScoreLow, ScoreHigh);
        Reward = score >= Score ? score - Score : ScoreWrap - Score + score;
        Score = score;
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = (Ram(ram, StatusAddress) & GameOverBit) != 0 || LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
