using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Double Dunk: the reward is the change in (player score - opponent score), both BCD at RAM $F6
/// and $F7; the game is over once either reaches 24 and $FE reads $E7. No lives. UPFIRE starts.
/// </summary>
/// <remarks>
/// Modes 0-15 are four yes/no options of the game's menu, one bit each: bit 0 three-point shots
/// (RAM $80 bit 3), bit 1 ten-second rule ($80 bit 4), bit 2 three-second rule ($80 bit 2), bit 3
/// fouls ($80 bit 5). ALE's mode setter (also for the default mode) presses SELECT once to open the
/// menu, moves DOWN past two entries, then for each option moves DOWN to it and RIGHT (on) or LEFT
/// (off) until the bit agrees; every move is an <c>act</c> of the direction then one of NOOP (so each
/// counts frame_skip frames twice and draws sticky randoms). It ends with a soft reset and an UPFIRE
/// and a NOOP <c>act</c>.
/// </remarks>
public sealed class DoubleDunk : GameRules
{
    private const int PlayerScore = 0xF6, OpponentScore = 0xF7, EndAddress = 0xFE, MenuRow = 0xB0, Options = 0x80;
    private const int WinningScore = 24, EndValue = 0xE7;

    /// <summary>The option bit in $80 for mode bits 0..3.</summary>
    private static ReadOnlySpan<byte> OptionBits => [0x08, 0x10, 0x04, 0x20];

    public override string Name => "double_dunk";
    public override string Md5 => "cfc226d04d7490b69e155abd7741e98c";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.UpFire];
    public override IReadOnlyList<int> Modes { get; } = [.. Enumerable.Range(0, 16)];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.PressSelect(1);
        GoDown(console);
        GoDown(console);
        for (int option = 0; option < OptionBits.Length; option++)
        {
            if (option > 0) GoDown(console);
            int bit = OptionBits[option];
            bool on = (mode & (1 << option)) != 0;
            while (((Ram(console.Ram, Options) & bit) == bit) != on)
            {
                console.Act(on ? AleAction.Right : AleAction.Left);
                console.Act(AleAction.Noop);
            }
        }
        console.SoftReset();
        console.Act(AleAction.UpFire);
        console.Act(AleAction.Noop);
        return true;
    }

    // The menu cursor moves one entry per DOWN act that the game notices.
    private static void GoDown(IGameConsole console)
    {
        int row = Ram(console.Ram, MenuRow);
        while (Ram(console.Ram, MenuRow) == row)
        {
            console.Act(AleAction.Down);
            console.Act(AleAction.Noop);
        }
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int mine = DecimalScore(ram, PlayerScore), theirs = DecimalScore(ram, OpponentScore);
        ScoreIs(mine - theirs);
        Terminal = (mine >= WinningScore || theirs >= WinningScore) && Ram(ram, EndAddress) == EndValue;
    }
}
