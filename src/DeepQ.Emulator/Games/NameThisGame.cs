using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Name This Game: score is BCD at RAM $C6, $C5, $C4 (lowest digits first); lives in the low three
/// bits of $C7, and the game is over when they reach 0. Modes $08, $18, $28 are chosen with
/// SELECT (mode byte $DE).
/// </summary>
public sealed class NameThisGame : GameRules
{
    private const int ScoreLow = 0xC6, ScoreMiddle = 0xC5, ScoreHigh = 0xC4, LivesAddress = 0xC7;
    private const int StartLives = 3;

    public override string Name => "name_this_game";
    public override string Md5 => "f98d2276d4a25b286135566255aea9d0";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, RightFire, LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0x08, 0x18, 0x28];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xDE;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress) & 0x07;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
