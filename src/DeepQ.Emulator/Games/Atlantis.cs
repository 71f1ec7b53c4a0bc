using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Atlantis: score in hundreds is BCD at RAM $A2, $A3, $A1 (lowest digits first; rolling over
/// 999,900 bumps the lowest digit). Lives (remaining installations) at $F1; the game is over when
/// it reads $FF. The terminal frame writes garbage into $A1, so it gives no reward and keeps
/// the previous score. Modes 0-3 are chosen with SELECT (mode byte $8D).
/// </summary>
public sealed class Atlantis : GameRules
{
    private const int ScoreLow = 0xA2, ScoreMiddle = 0xA3, ScoreHigh = 0xA1, LivesAddress = 0xF1;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int GameOverLives = 0xFF, StartLives = 6;

    public override string Name => "atlantis";
    public override string Md5 => "0b33252b680b65001e91a411e56e72e9";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, RightFire, LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x8D;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = LivesLeft == GameOverLives;
        if (Terminal) Reward = 0;
        else ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
