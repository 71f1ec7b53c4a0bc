namespace DeepQ.Emulator.Games;

/// <summary>
/// Berzerk: score is BCD at RAM $DF, $DE, $DD (lowest digits first; ALE reads 95, 94, 93). Spare
/// lives at $DA (lives = spare + 1); the game is over when it reads $FF.
/// </summary>
/// <remarks>
/// Modes 1-9 and $10-$12 (mode byte $80). ALE's mode setter first lets the game settle with 20
/// NOOP <c>act</c> calls (20 x frame_skip frames that count in both frame numbers and draw sticky
/// randoms), even for the default mode, then presses SELECT (2 frames) until $80 shows the mode.
/// </remarks>
public sealed class Berzerk : GameRules
{
    private const int ScoreLow = 0xDF, ScoreMiddle = 0xDE, ScoreHigh = 0xDD, LivesAddress = 0xDA;
    private const int GameOverLives = 0xFF, StartLives = 3;

    public override string Name => "berzerk";
    public override string Md5 => "fac28963307b6e85082ccd77c88325e7";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0x10, 0x11, 0x12];

    /// <summary>NOOP <c>act</c> calls ALE makes before reading the mode byte.</summary>
    private const int SettleActs = 20;

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        for (int i = 0; i < SettleActs; i++) console.Act(Ale.AleAction.Noop);
        PressSelectUntil(console, ram => Ram(ram, 0x80) == mode, 2);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == GameOverLives;
        LivesLeft = spare + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
