using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Krull: six-digit BCD score at RAM $9E/$9D/$9C; lives are the low three bits of $9F plus one;
/// over when $9F is 0, $A2 reads 3 and $80 reads 0x80. ALE 0.12.1 offers only the default mode
/// (it never presses SELECT for Krull).
/// </summary>
public sealed class Krull : GameRules
{
    public override string Name => "krull";
    public override string Md5 => "cc724ebe74a109e39c0b2784ddc980ca";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x9E, 0x9D, 0x9C));
        int lives = Ram(ram, 0x9F);
        Terminal = lives == 0 && Ram(ram, 0xA2) == 0x03 && Ram(ram, 0x80) == 0x80;
        LivesLeft = (lives & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
