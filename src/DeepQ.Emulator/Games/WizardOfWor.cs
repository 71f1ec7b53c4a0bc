using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Wizard of Wor: the score in hundreds is BCD at RAM $86 (low) and $88 (high), where values of
/// 8000 and up carry a flag of 8000 to strip (the score does not pass 999). Lives in the low
/// nibble of $8D, taken only while the player waits to enter (bit 0 of $D7 clear), since the
/// game decrements them on entering the maze. The game is over when no lives are left and $F4
/// reads $F8.
/// </summary>
public sealed class WizardOfWor : GameRules
{
    private const int ScoreLow = 0x86, ScoreHigh = 0x88, LivesAddress = 0x8D, StatusAddress = 0xF4, WaitingAddress = 0xD7;

    /// <summary>Flag value added to the score bytes that is not part of the score.</summary>
    private const int ScoreFlag = 8000;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int GameOverStatus = 0xF8, StartLives = 3;

    public override string Name => "wizard_of_wor";
    public override string Md5 => "663ef22eb399504d5204c543b8a86bcd";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Up, Right, Left, Down, UpFire, RightFire, LeftFire, DownFire];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, ScoreLow, ScoreHigh);
        if (score >= ScoreFlag) score -= ScoreFlag;
        ScoreIs(ScoreUnit * score);
        int lives = Ram(ram, LivesAddress) & 0x0F;
        Terminal = lives == 0 && Ram(ram, StatusAddress) == GameOverStatus;
        if ((Ram(ram, WaitingAddress) & 0x01) == 0) LivesLeft = lives;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
