using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Frostbite: six-digit BCD score at RAM $CA/$C9/$C8; lives are the low nibble of $CC plus one;
/// over when that nibble is 0 and bit 7 of $F1 is set. Modes 0 and 2 are chosen with SELECT,
/// read from $80.
/// </summary>
public sealed class Frostbite : GameRules
{
    public override string Name => "frostbite";
    public override string Md5 => "4ca73eb959299471788f0b685c3ba0b5";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xCA, 0xC9, 0xC8));
        int lives = Ram(ram, 0xCC) & 0x0F;
        Terminal = lives == 0 && (Ram(ram, 0xF1) & 0x80) != 0;
        LivesLeft = lives + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
