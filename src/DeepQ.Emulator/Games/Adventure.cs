namespace DeepQ.Emulator.Games;

/// <summary>
/// Adventure: the only reward is 1 for bringing the chalice home (RAM $B9 reads $12: chalice in
/// the yellow castle), which also ends the game; being eaten by a dragon ($E0 reads 2) ends it
/// with nothing. ALE reports 1 life, always.
/// </summary>
/// <remarks>
/// Modes 0-2 are the game's levels 1-3 (bits 1-2 of $DD). Level 3 seeds its object layout from
/// the frame counter, so ALE holds SELECT for 2 + (next random % 256) frames per press, drawn
/// from the sticky-action generator, then makes one NOOP <c>act</c> (the game debounces SELECT)
/// before reading the level again.
/// </remarks>
public sealed class Adventure : GameRules
{
    private const int ChaliceAddress = 0xB9, PlayerAddress = 0xE0;

    /// <summary>Chalice byte once it is in the yellow castle; player byte once eaten.</summary>
    private const int ChaliceHome = 0x12, PlayerEaten = 2;

    public override string Name => "adventure";
    public override string Md5 => "4b27f5397c442d25f0c418ccdacf1926";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2];

    public override int Lives => 1;

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        while (Level(console.Ram) != mode)
        {
            console.PressSelect(2 + (int)(console.NextRandom() % 256));
            console.Act(Ale.AleAction.Noop);
        }
        console.SoftReset();
        return true;
    }

    private static int Level(ReadOnlySpan<byte> ram) => (Ram(ram, 0xDD) >> 1) & 0x03;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        bool chaliceHome = Ram(ram, ChaliceAddress) == ChaliceHome;
        Reward = chaliceHome ? 1 : 0;
        Terminal = chaliceHome || Ram(ram, PlayerAddress) == PlayerEaten;
    }
}
