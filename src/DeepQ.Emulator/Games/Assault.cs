using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Assault: score is BCD at RAM $82, $81, $80 (lowest digits first); lives at $E5, and the game
/// is over when they reach 0.
/// </summary>
public sealed class Assault : GameRules
{
    private const int ScoreLow = 0x82, ScoreMiddle = 0x81, ScoreHigh = 0x80, LivesAddress = 0xE5;
    private const int StartLives = 4;

    public override string Name => "assault";
    public override string Md5 => "c31a17942d162b80962cb1f7571cd1d5";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Up, Right, Left, RightFire, LeftFire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
