namespace DeepQ.Emulator.Roms;

/// <summary>One cartridge image of the Atari benchmark: ALE's game name, the md5 of the image, its size in bytes.</summary>
public sealed record KnownRom(string Name, string Md5, int Size);

/// <summary>
/// The cartridge images ALE supports that this project knows by md5 (the 63 games of the Atari
/// benchmark, named as ALE names them: <c>pong</c> is "Video Olympics"). The md5 is what
/// identifies a game; the file name is only a convenience.
/// </summary>
public static class KnownRoms
{
    /// <summary>All known images in ALE's alphabetical order.</summary>
    public static IReadOnlyList<KnownRom> All { get; } =
    [
        new("adventure", "4b27f5397c442d25f0c418ccdacf1926", 4096),
        new("air_raid", "35be55426c1fec32dfb503b4f0651572", 4096),
        new("alien", "f1a0a23e6464d954e3a9579c4ccd01c8", 4096),
        new("amidar", "056f5d886a4e7e6fdd83650554997d0d", 4096),
        new("assault", "c31a17942d162b80962cb1f7571cd1d5", 4096),
        new("asterix", "89a68746eff7f266bbf08de2483abe55", 8192),
        new("asteroids", "ccbd36746ed4525821a8083b0d6d2c2c", 8192),
        new("atlantis", "0b33252b680b65001e91a411e56e72e9", 4096),
        new("bank_heist", "83b8c01c72306d60dd9b753332ebd276", 4096),
        new("battle_zone", "e434c0e161dd3c3fb435eb6bad2e182c", 8192),
        new("beam_rider", "79ab4123a83dc11d468fb2108ea09e2e", 8192),
        new("berzerk", "fac28963307b6e85082ccd77c88325e7", 4096),
        new("bowling", "c9b7afad3bfd922e006a6bfc1d4f3fe7", 2048),
        new("boxing", "c3ef5c4653212088eda54dc91d787870", 2048),
        new("breakout", "f34f08e5eb96e500e851a80be3277a56", 2048),
        new("carnival", "de29e46dbea003c3c09c892d668b9413", 4096),
        new("centipede", "17d000a2882f9fdaa8b4a391ad367f00", 8192),
        new("chopper_command", "c1cb228470a87beb5f36e90ac745da26", 4096),
        new("crazy_climber", "55ef7b65066428367844342ed59f956c", 8192),
        new("defender", "e1029676edb3d35b76ca943da7434da8", 4096),
        new("demon_attack", "b24f6a5820a4b7763a3d547e3e07441d", 4096),
        new("double_dunk", "cfc226d04d7490b69e155abd7741e98c", 16384),
        new("elevator_action", "71f8bacfbdca019113f3f0801849057e", 8192),
        new("enduro", "94b92a882f6dbaa6993a46e2dcc58402", 4096),
        new("fishing_derby", "b8865f05676e64f3bec72b9defdacfa7", 2048),
        new("freeway", "8e0ab801b1705a740b476b7f588c6d16", 2048),
        new("frostbite", "4ca73eb959299471788f0b685c3ba0b5", 4096),
        new("gopher", "8f90590dba143d783df5a6cff2000e4d", 4096),
        new("gravitar", "4767356fa0ed3ebe21437b4473d4ee28", 8192),
        new("hero", "fca4a5be1251927027f2c24774a02160", 8192),
        new("ice_hockey", "47711c44723da5d67047990157dcb5dd", 4096),
        new("jamesbond", "e51030251e440cffaab1ac63438b44ae", 8192),
        new("journey_escape", "718ae62c70af4e5fd8e932fee216948a", 4096),
        new("kaboom", "dbdaf82f4f0c415a94d1030271a9ef44", 2048),
        new("kangaroo", "4326edb70ff20d0ee5ba58fa5cb09d60", 8192),
        new("krull", "cc724ebe74a109e39c0b2784ddc980ca", 8192),
        new("kung_fu_master", "0b4e793c9425175498f5a65a3e960086", 8192),
        new("montezuma_revenge", "3347a6dd59049b15a38394aa2dafa585", 8192),
        new("ms_pacman", "9469d18238345d87768e8965f9f4a6b2", 8192),
        new("name_this_game", "f98d2276d4a25b286135566255aea9d0", 4096),
        new("phoenix", "7e52a95074a66640fcfde124fffd491a", 8192),
        new("pitfall", "f73d2d0eff548e8fc66996f27acf2b4b", 4096),
        new("pong", "60e0ea3cbe0913d39803477945e9e5ec", 2048),
        new("pooyan", "668dc528b7ea9345140f4fcfbecf7066", 4096),
        new("private_eye", "ef3a4f64b6494ba770862768caf04b86", 8192),
        new("qbert", "484b0076816a104875e00467d431c2d2", 4096),
        new("riverraid", "da5096000db5fdaa8d02db57d9367998", 4096),
        new("road_runner", "7d3cdde63b16fa637c4484e716839c94", 16384),
        new("robotank", "4f618c2429138e0280969193ed6c107e", 8192),
        new("seaquest", "240bfbac5163af4df5ae713985386f92", 4096),
        new("skiing", "367411b78119299234772c08df10e134", 2048),
        new("solaris", "e72eb8d4410152bdcb69e7fba327b420", 16384),
        new("space_invaders", "61dbe94f110f30ca4ec524ae5ce2d026", 4096),
        new("star_gunner", "a3c1c70024d7aabb41381adbfb6d3b25", 4096),
        new("tennis", "a5c96b046d5f8b7c96daaa12f925bef8", 2048),
        new("time_pilot", "fc2104dd2dadf9a6176c1c1c8f87ced9", 8192),
        new("tutankham", "66c2380c71709efa7b166621e5bb4558", 8192),
        new("up_n_down", "a499d720e7ee35c62424de882a3351b6", 8192),
        new("venture", "c63a98ca404aa5ee9fcff1de488c3f43", 4096),
        new("video_pinball", "a2424c1a0c783d7585d701b1c71b5fdc", 4096),
        new("wizard_of_wor", "663ef22eb399504d5204c543b8a86bcd", 4096),
        new("yars_revenge", "ee8027d554d14c8d0b86f94737d2fdcc", 4096),
        new("zaxxon", "eea0da9b987d661264cce69a7c13c3bd", 8192),
    ];

    private static readonly Dictionary<string, KnownRom> s_byMd5 = All.ToDictionary(r => r.Md5, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, KnownRom> s_byName = All.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The known image with this md5 (lower-case hex), or null.</summary>
    public static KnownRom? ByMd5(string md5) => s_byMd5.GetValueOrDefault(md5);

    /// <summary>The known image with this game name (<c>pong</c>, <c>ms_pacman</c>; case-insensitive), or null.</summary>
    public static KnownRom? ByName(string name) => s_byName.GetValueOrDefault(name);
}
