namespace DeepQ.Emulator.Games;

/// <summary>
/// James Bond 007: score is BCD at RAM $DC, $DD, $DE (lowest digits first). Spare lives in the
/// low nibble of $86 (lives = spare + 1); the game is over when none are spare and the screen
/// byte $8C reads $68 (the death screen, which later loops back to the title).
/// </summary>
/// <remarks>
/// ALE's mode 1 is chosen by pressing SELECT until $8C reads 1 or $49 (the title screen adds
/// $48), which the single mode-byte selection of <see cref="GameRules.SetMode"/> cannot express,
/// so only the default mode 0 is offered; after a reset $8C already reads 0, so ALE would not
/// press SELECT either.
/// </remarks>
public sealed class JamesBond : GameRules
{
    private const int ScoreLow = 0xDC, ScoreMiddle = 0xDD, ScoreHigh = 0xDE, LivesAddress = 0x86, ScreenAddress = 0x8C;

    /// <summary>Screen byte on the death screen.</summary>
    private const int DeathScreen = 0x68;

    private const int StartLives = 6;

    public override string Name => "jamesbond";
    public override string Md5 => "e51030251e440cffaab1ac63438b44ae";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress) & 0x0F;
        Terminal = spare == 0 && Ram(ram, ScreenAddress) == DeathScreen;
        LivesLeft = spare + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
