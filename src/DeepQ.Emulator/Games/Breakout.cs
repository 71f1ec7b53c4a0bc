using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Breakout: score is BCD at RAM $CD (ones, tens) and $CC (hundreds); lives at $B9. Play has
/// started once lives read 5, and the game is over when they then reach 0.
/// </summary>
public sealed class Breakout : GameRules
{
    private const int ScoreLow = 77, ScoreHigh = 76, LivesAddress = 57;

    /// <summary>Lives at the start of a game.</summary>
    private const int StartLives = 5;

    public override string Name => "breakout";
    public override string Md5 => "f34f08e5eb96e500e851a80be3277a56";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left];
    public override bool UsesPaddles => true;
    public override IReadOnlyList<int> Modes { get; } = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xB2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int low = Ram(ram, ScoreLow), high = Ram(ram, ScoreHigh);
        ScoreIs((low & 0x0F) + 10 * ((low & 0xF0) >> 4) + 100 * (high & 0x0F));
        int lives = Ram(ram, LivesAddress);
        if (!Started && lives == StartLives) Started = true;
        Terminal = Started && lives == 0;
        LivesLeft = lives;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
