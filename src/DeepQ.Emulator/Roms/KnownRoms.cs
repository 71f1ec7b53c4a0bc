namespace DeepQ.Emulator.Roms;

/// <summary>Whether an image is the one ALE lists as supported for its game, or another dump of the same game.</summary>
public enum RomImageKind
{
    /// <summary>The md5 in ALE 0.12.1's supported-games list (its RomSettings' md5()).</summary>
    AleSupported,

    /// <summary>Another dump of the game (a PAL release, a CCE copy, a prototype...): ALE warns and plays it with the same rules.</summary>
    OtherDump,
}

/// <summary>
/// One cartridge image of an Atari benchmark game: ALE's game name, the md5 of the image, its size
/// in bytes when known, which kind of image it is, and for other dumps Stella's title of it.
/// </summary>
public sealed record KnownRom(string Name, string Md5, int? Size = null, RomImageKind Kind = RomImageKind.AleSupported, string? Title = null)
{
    /// <summary>One line saying which image this is, for <c>deepq import-roms</c>.</summary>
    public string Describe() => Kind == RomImageKind.AleSupported
        ? "ALE's supported image"
        : Md5 == KnownRoms.UnplayableDefenderMd5
        ? $"a Defender dump ALE 0.12.1 never finishes loading (not playable); ALE's image is md5 {KnownRoms.ByName(Name)!.Md5}"
        : $"another dump of {Name} ({Title ?? "not in Stella's table"}); ALE's image is md5 {KnownRoms.ByName(Name)!.Md5}";
}

/// <summary>
/// The images of the 63 games of the Atari benchmark that this project knows by md5, named as ALE
/// names them (<c>pong</c> is "Video Olympics"): for every game the image ALE 0.12.1 supports, and
/// the other dumps seen in practice (the shared ROM set holds 31 of them). ALE plays any image of a
/// game with that game's rules, so both kinds are recognised; the md5 identifies the game, the file
/// name is only a convenience.
/// </summary>
public static class KnownRoms
{
    /// <summary>
    /// The Defender dump ALE never finishes loading (it hangs in ALE 0.12.1's loadROM), so neither ALE
    /// nor DeepQ plays it.
    /// </summary>
    public const string UnplayableDefenderMd5 = "e1029676edb3d35b76ca943da7434da8";

    /// <summary>All known images, by game name, ALE's image first.</summary>
    public static IReadOnlyList<KnownRom> All { get; } =
    [
        new("adventure", "4b27f5397c442d25f0c418ccdacf1926", 4096),
        new("air_raid", "35be55426c1fec32dfb503b4f0651572", 4096),
        new("alien", "f1a0a23e6464d954e3a9579c4ccd01c8", 4096),
        new("amidar", "acb7750b4d0c4bd34969802a7deb2990"),
        new("amidar", "056f5d886a4e7e6fdd83650554997d0d", 4096, RomImageKind.OtherDump, "Amidar (1983) (Parker Bros) (PAL) [!]"),
        new("assault", "de78b3a064d374390ac0710f95edde92"),
        new("assault", "c31a17942d162b80962cb1f7571cd1d5", 4096, RomImageKind.OtherDump, "Monster aus dem All (1983) (Rainbow Vision) (PAL) [!]"),
        new("asterix", "89a68746eff7f266bbf08de2483abe55", 8192),
        new("asteroids", "ccbd36746ed4525821a8083b0d6d2c2c", 8192),
        new("atlantis", "9ad36e699ef6f45d9eb6c4cf90475c9f"),
        new("atlantis", "0b33252b680b65001e91a411e56e72e9", 4096, RomImageKind.OtherDump, "Atlantis (CCE)"),
        new("bank_heist", "00ce0bdd43aed84a983bef38fe7f5ee3"),
        new("bank_heist", "83b8c01c72306d60dd9b753332ebd276", 4096, RomImageKind.OtherDump, null),
        new("battle_zone", "41f252a66c6301f1e8ab3612c19bc5d4"),
        new("battle_zone", "e434c0e161dd3c3fb435eb6bad2e182c", 8192, RomImageKind.OtherDump, null),
        new("beam_rider", "79ab4123a83dc11d468fb2108ea09e2e", 8192),
        new("berzerk", "136f75c4dd02c29283752b7e5799f978"),
        new("berzerk", "fac28963307b6e85082ccd77c88325e7", 4096, RomImageKind.OtherDump, "Berzerk (CCE)"),
        new("bowling", "c9b7afad3bfd922e006a6bfc1d4f3fe7", 2048),
        new("boxing", "c3ef5c4653212088eda54dc91d787870", 2048),
        new("breakout", "f34f08e5eb96e500e851a80be3277a56", 2048),
        new("carnival", "028024fb8e5e5f18ea586652f9799c96"),
        new("carnival", "de29e46dbea003c3c09c892d668b9413", 4096, RomImageKind.OtherDump, "Carnival (1983) (CBS Electronics) (PAL) [!]"),
        new("centipede", "91c2098e88a6b13f977af8c003e0bca5"),
        new("centipede", "17d000a2882f9fdaa8b4a391ad367f00", 8192, RomImageKind.OtherDump, "Centipede (1982) (Atari) (PAL) [!]"),
        new("chopper_command", "c1cb228470a87beb5f36e90ac745da26", 4096),
        new("crazy_climber", "55ef7b65066428367844342ed59f956c", 8192),
        new("defender", "0f643c34e40e3f1daafd9c524d3ffe64"),
        new("defender", "e1029676edb3d35b76ca943da7434da8", 4096, RomImageKind.OtherDump, null),
        new("demon_attack", "f0e0addc07971561ab80d9abe1b8d333"),
        new("demon_attack", "b24f6a5820a4b7763a3d547e3e07441d", 4096, RomImageKind.OtherDump, null),
        new("double_dunk", "368d88a6c071caba60b4f778615aae94"),
        new("double_dunk", "cfc226d04d7490b69e155abd7741e98c", 16384, RomImageKind.OtherDump, "Double Dunk (1989) (Atari) (PAL) [!]"),
        new("elevator_action", "71f8bacfbdca019113f3f0801849057e", 8192),
        new("enduro", "94b92a882f6dbaa6993a46e2dcc58402", 4096),
        new("fishing_derby", "b8865f05676e64f3bec72b9defdacfa7", 2048),
        new("freeway", "8e0ab801b1705a740b476b7f588c6d16", 2048),
        new("frostbite", "4ca73eb959299471788f0b685c3ba0b5", 4096),
        new("gopher", "c16c79aad6272baffb8aae9a7fff0864"),
        new("gopher", "8f90590dba143d783df5a6cff2000e4d", 4096, RomImageKind.OtherDump, null),
        new("gravitar", "8ac18076d01a6b63acf6e2cab4968940"),
        new("gravitar", "4767356fa0ed3ebe21437b4473d4ee28", 8192, RomImageKind.OtherDump, null),
        new("hero", "fca4a5be1251927027f2c24774a02160", 8192),
        new("ice_hockey", "a4c08c4994eb9d24fb78be1793e82e26"),
        new("ice_hockey", "47711c44723da5d67047990157dcb5dd", 4096, RomImageKind.OtherDump, "Ice Hockey (CCE)"),
        new("jamesbond", "e51030251e440cffaab1ac63438b44ae", 8192),
        new("journey_escape", "718ae62c70af4e5fd8e932fee216948a", 4096),
        new("kaboom", "5428cdfada281c569c74c7308c7f2c26"),
        new("kaboom", "dbdaf82f4f0c415a94d1030271a9ef44", 2048, RomImageKind.OtherDump, "Kaboom! (CCE)"),
        new("kangaroo", "4326edb70ff20d0ee5ba58fa5cb09d60", 8192),
        new("krull", "4baada22435320d185c95b7dd2bcdb24"),
        new("krull", "cc724ebe74a109e39c0b2784ddc980ca", 8192, RomImageKind.OtherDump, null),
        new("kung_fu_master", "5b92a93b23523ff16e2789b820e2a4c5"),
        new("kung_fu_master", "0b4e793c9425175498f5a65a3e960086", 8192, RomImageKind.OtherDump, "Kung Fu Master (CCE)"),
        new("montezuma_revenge", "3347a6dd59049b15a38394aa2dafa585", 8192),
        new("ms_pacman", "87e79cd41ce136fd4f72cc6e2c161bee"),
        new("ms_pacman", "9469d18238345d87768e8965f9f4a6b2", 8192, RomImageKind.OtherDump, "Ms. Pac-Man (1982) (CCE)"),
        new("name_this_game", "36306070f0c90a72461551a7a4f3a209"),
        new("name_this_game", "f98d2276d4a25b286135566255aea9d0", 4096, RomImageKind.OtherDump, null),
        new("phoenix", "7e52a95074a66640fcfde124fffd491a", 8192),
        new("pitfall", "3e90cf23106f2e08b2781e41299de556"),
        new("pitfall", "f73d2d0eff548e8fc66996f27acf2b4b", 4096, RomImageKind.OtherDump, "Pitfall! (CCE) (PAL-M) [!]"),
        new("pong", "60e0ea3cbe0913d39803477945e9e5ec", 2048),
        new("pooyan", "4799a40b6e889370b7ee55c17ba65141"),
        new("pooyan", "668dc528b7ea9345140f4fcfbecf7066", 4096, RomImageKind.OtherDump, "Pooyan (1982) (Konami-Gakken) (PAL) [!]"),
        new("private_eye", "ef3a4f64b6494ba770862768caf04b86", 8192),
        new("qbert", "484b0076816a104875e00467d431c2d2", 4096),
        new("riverraid", "393948436d1f4cc3192410bb918f9724"),
        new("riverraid", "da5096000db5fdaa8d02db57d9367998", 4096, RomImageKind.OtherDump, null),
        new("road_runner", "ce5cc62608be2cd3ed8abd844efb8919"),
        new("road_runner", "7d3cdde63b16fa637c4484e716839c94", 16384, RomImageKind.OtherDump, "Road Runner (CCE)"),
        new("robotank", "4f618c2429138e0280969193ed6c107e", 8192),
        new("seaquest", "240bfbac5163af4df5ae713985386f92", 4096),
        new("skiing", "b76fbadc8ffb1f83e2ca08b6fb4d6c9f"),
        new("skiing", "367411b78119299234772c08df10e134", 2048, RomImageKind.OtherDump, "Skiing (32-in-1) (Atari) (PAL) [!]"),
        new("solaris", "e72eb8d4410152bdcb69e7fba327b420", 16384),
        new("space_invaders", "72ffbef6504b75e69ee1045af9075f66"),
        new("space_invaders", "61dbe94f110f30ca4ec524ae5ce2d026", 4096, RomImageKind.OtherDump, null),
        new("star_gunner", "a3c1c70024d7aabb41381adbfb6d3b25", 4096),
        new("tennis", "42cdd6a9e42a3639e190722b8ea3fc51"),
        new("tennis", "a5c96b046d5f8b7c96daaa12f925bef8", 2048, RomImageKind.OtherDump, "Tennis (1981) (Activision) (PAL) [!]"),
        new("time_pilot", "fc2104dd2dadf9a6176c1c1c8f87ced9", 8192),
        new("tutankham", "085322bae40d904f53bdcc56df0593fc"),
        new("tutankham", "66c2380c71709efa7b166621e5bb4558", 8192, RomImageKind.OtherDump, "Tutankham (1983) (Parker Bros) (PAL) [!]"),
        new("up_n_down", "a499d720e7ee35c62424de882a3351b6", 8192),
        new("venture", "3e899eba0ca8cd2972da1ae5479b4f0d"),
        new("venture", "c63a98ca404aa5ee9fcff1de488c3f43", 4096, RomImageKind.OtherDump, "Venture (1988) (Atari) [!]"),
        new("video_pinball", "107cc025334211e6d29da0b6be46aec7"),
        new("video_pinball", "a2424c1a0c783d7585d701b1c71b5fdc", 4096, RomImageKind.OtherDump, "Video Pinball (1980) (Atari) (PAL) [p1][!]"),
        new("wizard_of_wor", "7e8aa18bc9502eb57daaf5e7c1e94da7"),
        new("wizard_of_wor", "663ef22eb399504d5204c543b8a86bcd", 4096, RomImageKind.OtherDump, "Wizard of Wor (1982) (CBS Electronics) (PAL) [!]"),
        new("yars_revenge", "c5930d0e8cdae3e037349bfa08e871be"),
        new("yars_revenge", "ee8027d554d14c8d0b86f94737d2fdcc", 4096, RomImageKind.OtherDump, null),
        new("zaxxon", "eea0da9b987d661264cce69a7c13c3bd", 8192),
    ];

    private static readonly Dictionary<string, KnownRom> s_byMd5 = All.ToDictionary(r => r.Md5, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, KnownRom> s_byName = All.Where(r => r.Kind == RomImageKind.AleSupported).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
    private static readonly ILookup<string, KnownRom> s_images = All.ToLookup(r => r.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The 63 game names, in ALE's alphabetical order.</summary>
    public static IReadOnlyList<string> Games { get; } = All.Select(r => r.Name).Distinct().ToArray();

    /// <summary>The known image with this md5 (lower-case hex), or null.</summary>
    public static KnownRom? ByMd5(string md5) => s_byMd5.GetValueOrDefault(md5);

    /// <summary>ALE's supported image of the game with this name (<c>pong</c>, <c>ms_pacman</c>; case-insensitive), or null.</summary>
    public static KnownRom? ByName(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>Every known image of a game, ALE's first.</summary>
    public static IEnumerable<KnownRom> ImagesOf(string name) => s_images[name];
}
