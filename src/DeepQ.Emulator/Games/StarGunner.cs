using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Star Gunner: four score digits in the low nibbles of RAM $83-$86 (lowest first; 10 reads as 0),
/// counting hundreds; lives at $87, over at 0. Until lives first read 5 the counter shows a
/// start-up value, so lives are reported as 5. Modes 0-3 ($F4) use 15-frame SELECT presses.
/// </summary>
public sealed class StarGunner : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    private const int StartLives = 5;

    public override string Name => "star_gunner";
    public override string Md5 => "a3c1c70024d7aabb41381adbfb6d3b25";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0xF4;
    protected override int SelectFrames => 15;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0, scale = 1;
        for (int address = 0x83; address <= 0x86; address++, scale *= 10)
        {
            int digit = Ram(ram, address) & 0x0F;
            score += (digit == 10 ? 0 : digit) * scale;
        }
        ScoreIs(score * PointsPerUnit);
        int lives = Ram(ram, 0x87);
        Terminal = lives == 0;
        Started |= lives == StartLives;
        LivesLeft = Started ? lives & 0x0F : StartLives;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
