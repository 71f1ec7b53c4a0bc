using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Gopher: six-digit BCD score at RAM $B2/$B1/$B0; the three low bits of $B4 are the carrots
/// left (one bit each, lives = their count); over when none remain. ALE presses FIRE once to
/// start. Modes 0 and 2 ($D3) are chosen with 5-frame SELECT presses between two soft resets.
/// </summary>
public sealed class Gopher : GameRules
{
    /// <summary>Frames SELECT is held per press.</summary>
    private const int SelectHold = 5;

    public override string Name => "gopher";
    public override string Md5 => "8f90590dba143d783df5a6cff2000e4d";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.UpFire, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Fire];
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.SoftReset();
        PressSelectUntil(console, ram => Ram(ram, 0xD3) == mode, SelectHold);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xB2, 0xB1, 0xB0));
        int carrots = Ram(ram, 0xB4) & 0x07;
        Terminal = carrots == 0;
        LivesLeft = System.Numerics.BitOperations.PopCount((uint)carrots);
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
