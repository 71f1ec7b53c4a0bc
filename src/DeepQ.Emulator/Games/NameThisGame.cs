using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Name This Game: six-digit BCD score at RAM $C6/$C5/$C4; lives in the low three bits of $C7;
/// over when they reach 0. Modes 0x08, 0x18, 0x28 ($DE) are chosen with 2-frame SELECT presses.
/// </summary>
public sealed class NameThisGame : GameRules
{
    public override string Name => "name_this_game";
    public override string Md5 => "f98d2276d4a25b286135566255aea9d0";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0x08, 0x18, 0x28];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        PressSelectUntil(console, ram => Ram(ram, 0xDE) == mode, 2);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xC6, 0xC5, 0xC4));
        LivesLeft = Ram(ram, 0xC7) & 0x07;
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
