using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Seaquest: score is BCD at RAM $BA, $B9, $B8 (lowest digits first); spare subs at $BB
/// (lives = spare + 1); the game is over when $A3 is non-zero.
/// </summary>
public sealed class Seaquest : GameRules
{
    private const int ScoreLow = 0xBA, ScoreMiddle = 0xB9, ScoreHigh = 0xB8, SpareSubsAddress = 0xBB, GameOverAddress = 0xA3;
    private const int StartLives = 4;

    public override string Name => "seaquest";
    public override string Md5 => "240bfbac5163af4df5ae713985386f92";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        Terminal = Ram(ram, GameOverAddress) != 0;
        LivesLeft = Ram(ram, SpareSubsAddress) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
