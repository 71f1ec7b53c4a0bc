using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Air Raid: score is BCD at RAM $AA, $A9, $A8 (lowest digits first); the game is over when the
/// lives byte $A7 reads $FF. ALE's rules give no lives count,
/// so it reports its default: 1 while the game runs, 0 once over. FIRE starts. Modes 1-8: a 20-frame SELECT
/// opens the mode panel, then 10-frame presses step through the modes, shown in $AA (the score
/// byte while playing).
/// </summary>
public sealed class AirRaid : GameRules
{
    private const int ScoreLow = 0xAA, ScoreMiddle = 0xA9, ScoreHigh = 0xA8, LivesAddress = 0xA7;
    private const int GameOverLives = 0xFF;

    /// <summary>Frames SELECT is held to open the mode panel, then per press while stepping modes.</summary>
    private const int OpenPanelFrames = 20, ModeSelectFrames = 10;

    /// <summary>The byte that shows the mode on the panel.</summary>
    private const int ModeByteAddress = 0xAA;

    public override string Name => "air_raid";
    public override string Md5 => "35be55426c1fec32dfb503b4f0651572";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, RightFire, LeftFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override IReadOnlyList<int> Modes { get; } = [1, 2, 3, 4, 5, 6, 7, 8];

    public override int Lives => Terminal ? 0 : 1;

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.PressSelect(OpenPanelFrames);
        PressSelectUntil(console, ram => Ram(ram, ModeByteAddress) == mode, ModeSelectFrames);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        Terminal = Ram(ram, LivesAddress) == GameOverLives;
    }
}
