using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>Fishing Derby: pounds caught are BCD at RAM $BD (player) and $BE (computer); reward is the change in the difference; over when either reaches 99.</summary>
public sealed class FishingDerby : GameRules
{
    /// <summary>Score byte (BCD 99) that ends the derby.</summary>
    private const int WinningByte = 0x99;

    public override string Name => "fishing_derby";
    public override string Md5 => "b8865f05676e64f3bec72b9defdacfa7";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xBD) - DecimalScore(ram, 0xBE));
        Terminal = Ram(ram, 0xBD) == WinningByte || Ram(ram, 0xBE) == WinningByte;
    }
}
