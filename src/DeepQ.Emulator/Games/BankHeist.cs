using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Bank Heist: six-digit BCD score at RAM $DA/$D9/$D8; lives at $D5; over when no lives remain
/// and the death timer $CE reads 1. Modes 0, 4, ..., 28 are chosen with SELECT, read from $80.
/// </summary>
public sealed class BankHeist : GameRules
{
    public override string Name => "bank_heist";
    public override string Md5 => "83b8c01c72306d60dd9b753332ebd276";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 4, 8, 12, 16, 20, 24, 28];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xDA, 0xD9, 0xD8));
        LivesLeft = Ram(ram, 0xD5);
        Terminal = Ram(ram, 0xCE) == 0x01 && LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 5;
    }
}
