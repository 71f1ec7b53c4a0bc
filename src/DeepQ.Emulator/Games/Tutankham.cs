using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Tutankham (Parker Brothers E0 cartridge): BCD score at RAM $9C (low) and $9A (high); lives are
/// the low two bits of $9E; over when they are 0, except right after loading ($81 reads 0x84
/// until the first reset). Modes 0, 4, 8, 12 are chosen with SELECT, read from $AB.
/// </summary>
public sealed class Tutankham : GameRules
{
    /// <summary>Value of $81 after power-on, before the game has been reset.</summary>
    private const int LoadedNotReset = 0x84;

    public override string Name => "tutankham";
    public override string Md5 => "66c2380c71709efa7b166621e5bb4558";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.UpFire, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 4, 8, 12];
    protected override int? ModeAddress => 0xAB;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x9C, 0x9A));
        int lives = Ram(ram, 0x9E);
        Terminal = lives == 0 && Ram(ram, 0x81) != LoadedNotReset;
        LivesLeft = lives & 0x03;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
