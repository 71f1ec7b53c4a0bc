using DeepQ.Emulator;
using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Cartridges;

public class CartridgeDetectorTests
{
    // Expected schemes, worked out independently from ALE's detection rules (size, then
    // signatures) by tools outside the repo; they agree with the games' known hardware
    // (Parker Brothers E0 for Montezuma/Tutankham/James Bond, Activision FE for Robot Tank).
    private static readonly Dictionary<string, string> s_expected = new()
    {
        ["adventure"] = "4K",
        ["air_raid"] = "4K",
        ["alien"] = "4K",
        ["amidar"] = "4K",
        ["assault"] = "4K",
        ["asterix"] = "F8",
        ["asteroids"] = "F8",
        ["atlantis"] = "4K",
        ["bank_heist"] = "4K",
        ["battle_zone"] = "F8",
        ["beam_rider"] = "F8",
        ["berzerk"] = "4K",
        ["bowling"] = "2K",
        ["boxing"] = "2K",
        ["breakout"] = "2K",
        ["carnival"] = "4K",
        ["centipede"] = "F8",
        ["chopper_command"] = "4K",
        ["crazy_climber"] = "F8",
        ["defender"] = "4K",
        ["demon_attack"] = "4K",
        ["double_dunk"] = "F6",
        ["elevator_action"] = "F8SC",
        ["enduro"] = "4K",
        ["fishing_derby"] = "2K",
        ["freeway"] = "2K",
        ["frostbite"] = "4K",
        ["gopher"] = "4K",
        ["gravitar"] = "F8",
        ["hero"] = "F8",
        ["ice_hockey"] = "4K",
        ["jamesbond"] = "E0",
        ["journey_escape"] = "4K",
        ["kaboom"] = "2K",
        ["kangaroo"] = "F8",
        ["krull"] = "F8",
        ["kung_fu_master"] = "F8",
        ["montezuma_revenge"] = "E0",
        ["ms_pacman"] = "F8",
        ["name_this_game"] = "4K",
        ["phoenix"] = "F8",
        ["pitfall"] = "4K",
        ["pong"] = "2K",
        ["pooyan"] = "4K",
        ["private_eye"] = "F8",
        ["qbert"] = "4K",
        ["riverraid"] = "4K",
        ["road_runner"] = "F6",
        ["robotank"] = "FE",
        ["seaquest"] = "4K",
        ["skiing"] = "2K",
        ["solaris"] = "F6",
        ["space_invaders"] = "4K",
        ["star_gunner"] = "4K",
        ["tennis"] = "2K",
        ["time_pilot"] = "F8",
        ["tutankham"] = "E0",
        ["up_n_down"] = "F8",
        ["venture"] = "4K",
        ["video_pinball"] = "4K",
        ["wizard_of_wor"] = "4K",
        ["yars_revenge"] = "4K",
        ["zaxxon"] = "F8",
    };

    [SharedFact]
    public void EverySharedRomIsDetectedAsItsSchemeAndBuilds()
    {
        Assert.Equal(63, s_expected.Count);
        foreach (var (game, scheme) in s_expected)
        {
            var rom = RomImage.Load(SharedData.Rom(game));
            Assert.Equal(game, rom.Known?.Name);
            Assert.Equal(scheme, CartridgeDetector.Detect(rom.Bytes));
            var cart = CartridgeDetector.Create(rom);
            Assert.Equal(scheme, cart.Scheme);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3000)]
    [InlineData(1)]
    public void OddSizesAreAClearRomError(int size)
    {
        var rom = new RomImage(new byte[size], "odd.bin");
        var e = Assert.Throws<RomException>(() => CartridgeDetector.Create(rom));
        Assert.Contains($"{size} bytes", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void UnsupportedSchemeIsNamedInTheError()
    {
        var rom = new RomImage(new byte[12288], "cbs.bin");
        var e = Assert.Throws<RomException>(() => CartridgeDetector.Create(rom));
        Assert.Contains("FASC", e.Message);
    }

    [Fact]
    public void SuperChipAreaMakesF8SC()
    {
        var image = new byte[8192];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7 + (i >> 8));
        Assert.Equal("F8", CartridgeDetector.Detect(image));
        image.AsSpan(0, 256).Fill(0xAA);
        image.AsSpan(4096, 256).Fill(0x00);
        Assert.Equal("F8SC", CartridgeDetector.Detect(image));
    }

    [Fact]
    public void E0SignatureMakesE0()
    {
        var image = new byte[8192];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7 + (i >> 8));
        image[100] = 0x8D; image[101] = 0xE0; image[102] = 0x1F;
        Assert.Equal("E0", CartridgeDetector.Detect(image));
    }
}
