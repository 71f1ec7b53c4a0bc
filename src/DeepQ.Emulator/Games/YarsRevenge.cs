using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Yars' Revenge: score is BCD at RAM $E2, $E1, $E0 (lowest digits first); lives in the high
/// nibble of $9E, and the game is over when they reach 0. FIRE starts. Modes 0, $20, $40, $60 are
/// chosen with SELECT (mode byte $E3), after a 2-frame press that opens the mode screen.
/// </summary>
public sealed class YarsRevenge : GameRules
{
    private const int ScoreLow = 0xE2, ScoreMiddle = 0xE1, ScoreHigh = 0xE0, LivesAddress = 0x9E;
    private const int StartLives = 4;

    /// <summary>The byte that shows the mode on the mode screen.</summary>
    private const int ModeByteAddress = 0xE3;

    public override string Name => "yars_revenge";
    public override string Md5 => "ee8027d554d14c8d0b86f94737d2fdcc";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override IReadOnlyList<int> Modes { get; } = [0x00, 0x20, 0x40, 0x60];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.PressSelect(2);
        PressSelectUntil(console, ram => Ram(ram, ModeByteAddress) == mode, 1);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress) >> 4;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
