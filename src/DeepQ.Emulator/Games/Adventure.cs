namespace DeepQ.Emulator.Games;

/// <summary>
/// Adventure: the only reward is 1 for bringing the chalice home (RAM $B9 reads $12: chalice in
/// the yellow castle), which also ends the game; being eaten by a dragon ($E0 reads 2) ends it
/// with nothing. No lives.
/// </summary>
/// <remarks>
/// ALE chooses levels 2 and 3 by holding SELECT for a random number of frames (the level-3
/// object layout is seeded from the frame counter), which <see cref="GameRules.SetMode"/> cannot
/// express, so only the default level (mode 0) is offered; after a reset this ROM is already on
/// level 1 (bits 1-2 of $DD read 0), so ALE would not press SELECT either.
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

    public override void Step(ReadOnlySpan<byte> ram)
    {
        bool chaliceHome = Ram(ram, ChaliceAddress) == ChaliceHome;
        Reward = chaliceHome ? 1 : 0;
        Terminal = chaliceHome || Ram(ram, PlayerAddress) == PlayerEaten;
    }
}
