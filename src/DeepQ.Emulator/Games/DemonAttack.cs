using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Demon Attack: six-digit BCD score at RAM $85/$83/$81 (the pattern EA/CD/AB before the first
/// write counts as 0); lives shown at $F2 (lives = shown + 1). Over when none are shown and
/// $F1 reads 0xBD, except on the frame right after a mode change. Modes 1, 3, 5, 7 (read from $EA).
/// </summary>
public sealed class DemonAttack : GameRules
{
    // Set by a mode change so the next frame is not mistaken for game over (ALE's m_level_change).
    private bool _levelChange;

    public override string Name => "demon_attack";
    public override string Md5 => "b24f6a5820a4b7763a3d547e3e07441d";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [1, 3, 5, 7];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        PressSelectUntil(console, ram => Ram(ram, 0xEA) == mode, 1);
        _levelChange = true;
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        bool uninitialised = Ram(ram, 0x81) == 0xAB && Ram(ram, 0x83) == 0xCD && Ram(ram, 0x85) == 0xEA;
        ScoreIs(uninitialised ? 0 : DecimalScore(ram, 0x85, 0x83, 0x81));
        int shown = Ram(ram, 0xF2);
        Terminal = shown == 0 && Ram(ram, 0xF1) == 0xBD && !_levelChange;
        LivesLeft = shown + 1;
        _levelChange = false;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
        _levelChange = false;
    }

    protected override void SaveExtra(BinaryWriter w) => w.Write(_levelChange);

    protected override void LoadExtra(BinaryReader r) => _levelChange = r.ReadBoolean();
}
