using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Krull: six-digit BCD score at RAM $9E/$9D/$9C; lives are the low three bits of $9F plus one;
/// over when $9F is 0, $A2 reads 3 and $80 reads 0x80. Modes 1-4: one SELECT press opens the mode
/// screen, then 2-frame presses until $9E shows the mode.
/// </summary>
public sealed class Krull : GameRules
{
    public override string Name => "krull";
    public override string Md5 => "cc724ebe74a109e39c0b2784ddc980ca";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [1, 2, 3, 4];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.PressSelect(1);
        PressSelectUntil(console, ram => Ram(ram, 0x9E) == mode, 2);
        console.SoftReset();
        return true;
    }

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
