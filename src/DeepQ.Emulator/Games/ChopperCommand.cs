using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Chopper Command: BCD score in hundreds at RAM $EE (low) and $EC (high); lives in the low
/// nibble of $E4. The game is over when no lives remain once play has started ($C2 reads 1).
/// Modes 0 and 2 are chosen with SELECT, read from $E0.
/// </summary>
public sealed class ChopperCommand : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    public override string Name => "chopper_command";
    public override string Md5 => "c1cb228470a87beb5f36e90ac745da26";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xE0;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xEE, 0xEC) * PointsPerUnit);
        LivesLeft = Ram(ram, 0xE4) & 0x0F;
        Started = Ram(ram, 0xC2) == 1;
        Terminal = Started && LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
