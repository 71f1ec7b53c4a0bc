using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// James Bond 007 (Parker Brothers E0 cartridge): six-digit BCD score at RAM $DC/$DD/$DE (low to
/// high); lives are the low nibble of $86 plus one; over when it is 0 and the screen byte $8C reads
/// 0x68. Modes 0 and 1 are read from $8C (plus 0x48 on the welcome screen), 20-frame SELECT presses.
/// </summary>
public sealed class JamesBond : GameRules
{
    /// <summary>Offset of the mode value in $8C while the welcome screen shows.</summary>
    private const int WelcomeScreenOffset = 0x48;

    public override string Name => "jamesbond";
    public override string Md5 => "e51030251e440cffaab1ac63438b44ae";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        PressSelectUntil(console, ram => Ram(ram, 0x8C) == mode || Ram(ram, 0x8C) == mode + WelcomeScreenOffset, 20);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xDC, 0xDD, 0xDE));
        int lives = Ram(ram, 0x86) & 0x0F;
        Terminal = lives == 0 && Ram(ram, 0x8C) == 0x68;
        LivesLeft = lives + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 6;
    }
}
