using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Bowling: BCD score at RAM $A1 (low two digits) and $A6 (hundreds); over once the frame
/// counter $A4 passes 0x10. Modes 0, 2, 4 are chosen with SELECT, read from $82.
/// </summary>
public sealed class Bowling : GameRules
{
    /// <summary>Frame counter value after the tenth frame.</summary>
    private const int LastFrame = 0x10;

    public override string Name => "bowling";
    public override string Md5 => "c9b7afad3bfd922e006a6bfc1d4f3fe7";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Down, AleAction.UpFire, AleAction.DownFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 2, 4];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0x82;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xA1, 0xA6));
        Terminal = Ram(ram, 0xA4) > LastFrame;
    }
}
