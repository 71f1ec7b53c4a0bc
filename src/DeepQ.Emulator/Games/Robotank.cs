using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Robot Tank (Activision FE cartridge): score is enemy tanks destroyed, squadrons ($B6) times 12
/// plus tanks ($B5); lives are the low nibble of $A8 plus one; over when $A8 is 0 and $B4 reads 0xFF.
/// </summary>
public sealed class Robotank : GameRules
{
    /// <summary>Tanks in one enemy squadron.</summary>
    private const int TanksPerSquadron = 12;

    public override string Name => "robotank";
    public override string Md5 => "4f618c2429138e0280969193ed6c107e";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(Ram(ram, 0xB6) * TanksPerSquadron + Ram(ram, 0xB5));
        int lives = Ram(ram, 0xA8);
        Terminal = lives == 0 && Ram(ram, 0xB4) == 0xFF;
        LivesLeft = (lives & 0x0F) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
