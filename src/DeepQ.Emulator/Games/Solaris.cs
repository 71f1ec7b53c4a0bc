using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>Solaris (F6 cartridge): BCD score in tens at RAM $DC/$DD/$DE (low to high); lives in the low nibble of $D9; over when $D9 reads 0.</summary>
public sealed class Solaris : GameRules
{
    /// <summary>The score digits count tens of points.</summary>
    private const int PointsPerUnit = 10;

    public override string Name => "solaris";
    public override string Md5 => "e72eb8d4410152bdcb69e7fba327b420";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xDC, 0xDD, 0xDE) * PointsPerUnit);
        int lives = Ram(ram, 0xD9);
        Terminal = lives == 0;
        LivesLeft = lives & 0x0F;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
