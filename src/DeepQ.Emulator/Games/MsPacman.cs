using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Ms. Pac-Man: six-digit BCD score at RAM $F8/$F9/$FA; lives in the low bits of $FB (lives are
/// (byte &amp; 7) + 1); over when no lives remain and the death timer $A7 reads 0x53. The standard
/// game (mode 0) is game 1, variation 1 ($99 = 1, $A1 = 1), chosen with 10-frame SELECT presses.
/// </summary>
public sealed class MsPacman : GameRules
{
    /// <summary>Frames SELECT is held per press (the game ignores shorter presses).</summary>
    private const int SelectHold = 10;

    public override string Name => "ms_pacman";
    public override string Md5 => "9469d18238345d87768e8965f9f4a6b2";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.UpRight, AleAction.UpLeft, AleAction.DownRight, AleAction.DownLeft];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        int wantMode = mode == 0 ? 1 : mode, wantVariation = mode == 0 ? 1 : 0;
        PressSelectUntil(console, ram => Ram(ram, 0x99) == wantMode && Ram(ram, 0xA1) == wantVariation, SelectHold);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xF8, 0xF9, 0xFA));
        int lives = Ram(ram, 0xFB) & 0x0F;
        Terminal = lives == 0 && Ram(ram, 0xA7) == 0x53;
        LivesLeft = (lives & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
