using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Montezuma's Revenge (Parker Brothers E0 cartridge): six-digit BCD score at RAM $95/$94/$93;
/// lives are the low three bits of $BA plus one; over when $BA is 0 and $FE reads 0x60.
/// </summary>
public sealed class MontezumaRevenge : GameRules
{
    public override string Name => "montezuma_revenge";
    public override string Md5 => "3347a6dd59049b15a38394aa2dafa585";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x95, 0x94, 0x93));
        int lives = Ram(ram, 0xBA);
        Terminal = lives == 0 && Ram(ram, 0xFE) == 0x60;
        LivesLeft = (lives & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 6;
    }
}
