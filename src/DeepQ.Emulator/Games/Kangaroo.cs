namespace DeepQ.Emulator.Games;

/// <summary>
/// Kangaroo: the score in hundreds is BCD at RAM $A8 (low) and $A7 (high). The low three bits of
/// $AD are spare lives (lives = spare + 1); the game is over when $AD reads $FF.
/// </summary>
/// <remarks>
/// ALE's mode 1 is chosen by pressing SELECT until $BA reads 1 or $81 (the title screen adds
/// $80), which the single mode-byte selection of <see cref="GameRules.SetMode"/> cannot express,
/// so only the default mode 0 is offered; after a reset $BA already reads 0, so ALE would not
/// press SELECT either.
/// </remarks>
public sealed class Kangaroo : GameRules
{
    private const int ScoreLow = 0xA8, ScoreHigh = 0xA7, LivesAddress = 0xAD;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int GameOverLives = 0xFF, StartLives = 3;

    public override string Name => "kangaroo";
    public override string Md5 => "4326edb70ff20d0ee5ba58fa5cb09d60";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh));
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
