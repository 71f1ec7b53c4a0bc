using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Phoenix: the score is BCD at RAM $C8/$C9 (tens of tens) plus the high nibble of $C7, times 10;
/// lives are the low three bits of $CB; over when $CC reads 0x80.
/// </summary>
public sealed class Phoenix : GameRules
{
    public override string Name => "phoenix";
    public override string Md5 => "7e52a95074a66640fcfde124fffd491a";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.RightFire, AleAction.LeftFire, AleAction.DownFire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs((DecimalScore(ram, 0xC8, 0xC9) * 10 + (Ram(ram, 0xC7) >> 4)) * 10);
        Terminal = Ram(ram, 0xCC) == 0x80;
        LivesLeft = Ram(ram, 0xCB) & 0x07;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 5;
    }
}
