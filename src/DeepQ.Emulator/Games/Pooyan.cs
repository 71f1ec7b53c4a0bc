using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Pooyan: score is BCD at RAM $8A, $89, $88 (lowest digits first). Spare lives at $96 (lives =
/// low three bits + 1); the game is over when none are spare and $98 reads 5. Modes $0A, $1E,
/// $32, $46 are chosen with SELECT (mode byte $BD), after one press that opens the selection.
/// </summary>
public sealed class Pooyan : GameRules
{
    private const int ScoreLow = 0x8A, ScoreMiddle = 0x89, ScoreHigh = 0x88, LivesAddress = 0x96, StatusAddress = 0x98;
    private const int GameOverStatus = 0x05, StartLives = 3;

    /// <summary>The byte that shows the mode on the selection screen.</summary>
    private const int ModeByteAddress = 0xBD;

    public override string Name => "pooyan";
    public override string Md5 => "668dc528b7ea9345140f4fcfbecf7066";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Up, Down, UpFire, DownFire];
    public override IReadOnlyList<int> Modes { get; } = [0x0A, 0x1E, 0x32, 0x46];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.PressSelect(2);
        PressSelectUntil(console, ram => Ram(ram, ModeByteAddress) == mode, 2);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == 0 && Ram(ram, StatusAddress) == GameOverStatus;
        LivesLeft = (spare & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
