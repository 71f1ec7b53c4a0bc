namespace DeepQ.Emulator.Games;

/// <summary>
/// Kangaroo: the score in hundreds is BCD at RAM $A8 (low) and $A7 (high). The low three bits of
/// $AD are spare lives (lives = spare + 1); the game is over when $AD reads $FF. Modes 0 and 1
/// are chosen with SELECT until $BA reads the mode (or the mode + $80, as on the title screen).
/// </summary>
public sealed class Kangaroo : GameRules
{
    private const int ScoreLow = 0xA8, ScoreHigh = 0xA7, LivesAddress = 0xAD;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int ModeByteAddress = 0xBA;

    /// <summary>What the title screen adds to the mode byte.</summary>
    private const int TitleScreenOffset = 0x80;

    private const int GameOverLives = 0xFF, StartLives = 3;

    public override string Name => "kangaroo";
    public override string Md5 => "4326edb70ff20d0ee5ba58fa5cb09d60";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        PressSelectUntil(console, ram => Ram(ram, ModeByteAddress) == mode || Ram(ram, ModeByteAddress) == mode + TitleScreenOffset, 2);
        console.SoftReset();
        return true;
    }

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
