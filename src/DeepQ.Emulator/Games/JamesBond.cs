namespace DeepQ.Emulator.Games;

/// <summary>
/// James Bond 007: score is BCD at RAM $DC, $DD, $DE (lowest digits first). Spare lives in the
/// low nibble of $86 (lives = spare + 1); the game is over when none are spare and the screen
/// byte $8C reads $68 (the death screen, which later loops back to the title). Modes 0 and 1
/// are chosen with SELECT held 20 frames, until $8C reads the mode (or the mode + $48, as it does
/// on the title screen).
/// </summary>
public sealed class JamesBond : GameRules
{
    private const int ScoreLow = 0xDC, ScoreMiddle = 0xDD, ScoreHigh = 0xDE, LivesAddress = 0x86, ScreenAddress = 0x8C;

    /// <summary>Screen byte on the death screen.</summary>
    private const int DeathScreen = 0x68;

    private const int StartLives = 6;

    /// <summary>What the title screen adds to the mode in the screen byte.</summary>
    private const int TitleScreenOffset = 0x48;

    /// <summary>Frames SELECT is held per press while choosing a mode.</summary>
    private const int ModeSelectFrames = 20;

    public override string Name => "jamesbond";
    public override string Md5 => "e51030251e440cffaab1ac63438b44ae";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        PressSelectUntil(console, ram => Ram(ram, ScreenAddress) == mode || Ram(ram, ScreenAddress) == mode + TitleScreenOffset, ModeSelectFrames);
        console.SoftReset();
        return true;
    }

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
