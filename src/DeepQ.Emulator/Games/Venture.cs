using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Venture: BCD score in hundreds at RAM $C8 (low) and $C7 (high); lives are the low three bits of
/// $C6 plus one; over when $C6 is 0, the sound byte $CD reads 0xFF and bit 7 of $BF is set.
/// </summary>
public sealed class Venture : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    public override string Name => "venture";
    public override string Md5 => "c63a98ca404aa5ee9fcff1de488c3f43";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xC8, 0xC7) * PointsPerUnit);
        int lives = Ram(ram, 0xC6);
        Terminal = lives == 0 && Ram(ram, 0xCD) == 0xFF && (Ram(ram, 0xBF) & 0x80) != 0;
        LivesLeft = (lives & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
