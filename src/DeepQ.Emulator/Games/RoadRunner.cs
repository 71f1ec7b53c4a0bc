using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Road Runner (F6 cartridge): four score digits in the low nibbles of RAM $C9-$CC (lowest first;
/// 0xA is a blank 0), counting hundreds; lives are the low three bits of $C4 plus one; over when
/// they are 0 and the death velocities $B9 or $BD are non-zero.
/// </summary>
public sealed class RoadRunner : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    public override string Name => "road_runner";
    public override string Md5 => "7d3cdde63b16fa637c4484e716839c94";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0, scale = 1;
        for (int address = 0xC9; address <= 0xCC; address++, scale *= 10)
        {
            int digit = Ram(ram, address) & 0x0F;
            score += (digit == 0xA ? 0 : digit) * scale;
        }
        ScoreIs(score * PointsPerUnit);
        int lives = Ram(ram, 0xC4) & 0x07;
        Terminal = lives == 0 && (Ram(ram, 0xB9) != 0 || Ram(ram, 0xBD) != 0);
        LivesLeft = lives + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
