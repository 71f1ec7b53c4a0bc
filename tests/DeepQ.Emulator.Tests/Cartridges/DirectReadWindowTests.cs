using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Cartridges;

/// <summary>
/// The console reads the plain part of a banked window straight from <see cref="DirectReadWindow"/>; these tests
/// hold that shortcut to what <see cref="Cartridge.Peek"/> returns, bank by bank and over whole games.
/// </summary>
public class DirectReadWindowTests
{
    public static TheoryData<string> FSeries => ["F8", "F8SC", "F6", "F6SC", "F4", "F4SC"];

    private static Cartridge Create(string scheme)
    {
        int banks = scheme[..2] switch { "F8" => 2, "F6" => 4, _ => 8 };
        // Every byte differs from its neighbours and from the same offset in other banks.
        var image = new byte[banks * 4096];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7 + i / 4096 * 31);
        return scheme switch
        {
            "F8" => new CartridgeF8(image), "F8SC" => new CartridgeF8SC(image),
            "F6" => new CartridgeF6(image), "F6SC" => new CartridgeF6SC(image),
            "F4" => new CartridgeF4(image), _ => new CartridgeF4SC(image),
        };
    }

    [Theory]
    [MemberData(nameof(FSeries))]
    public void WindowReadsWhatPeekReadsInEveryBank(string scheme)
    {
        var cart = Create(scheme);
        var window = cart.DirectWindow;
        Assert.NotNull(window);
        Assert.Equal(scheme.EndsWith("SC", StringComparison.Ordinal) ? 0x100 : 0, window.Start);
        int firstHotspot = scheme[..2] switch { "F8" => 0xFF8, "F6" => 0xFF6, _ => 0xFF4 };
        Assert.Equal(firstHotspot, window.End);
        int banks = window.Image.Length / 4096;
        for (int bank = 0; bank < banks; bank++)
        {
            cart.Peek(0x1000 + firstHotspot + bank);
            for (int offset = window.Start; offset < window.End; offset++)
                Assert.Equal(cart.Peek(0x1000 + offset), window.Read(offset));
        }
    }

    [Fact]
    public void FlatSchemesOfferNoWindow() => Assert.Null(new Cartridge4K(new byte[4096]).DirectWindow);

    // E0 maps its four 1 KiB segments one by one: below the hotspots the window reads what Peek reads for every
    // slice in every switchable segment, the others left where they are.
    [Fact]
    public void E0WindowReadsWhatPeekReadsForEverySliceInEverySegment()
    {
        var image = new byte[8192];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7 + i / 1024 * 31);
        var cart = new CartridgeE0(image);
        var window = cart.DirectWindow;
        Assert.NotNull(window);
        Assert.Equal(0, window.Start);
        Assert.Equal(0xFE0, window.End);
        var random = new Random(3);
        for (int round = 0; round < 40; round++)
        {
            int segment = random.Next(3), slice = random.Next(8);
            cart.Peek(0x1FE0 + segment * 8 + slice);
            for (int offset = 0; offset < window.End; offset++)
                Assert.Equal(cart.Peek(0x1000 + offset), window.Read(offset));
            Assert.Equal(image[slice * 1024 + 5], window.Read(segment * 1024 + 5));
            Assert.Equal(image[7 * 1024 + 5], window.Read(3 * 1024 + 5));   // segment 3 always shows slice 7
        }
    }

    // The console's bus keeps its own copy of the mapping: at every 16-bit address with A12 set, a plain read
    // through the bus returns what Peek returns, and a hotspot or Super Chip port is never read plain. Checked
    // after every bank or slice switch, which the cartridge makes on its own (the bus must follow it).
    [Theory]
    [InlineData("2K")]
    [InlineData("4K")]
    [InlineData("FE")]
    [InlineData("F8SC")]
    [InlineData("F6")]
    [InlineData("E0")]
    public void BusReadsPlainRomAsPeekDoesAtEveryAddressAfterEverySwitch(string scheme)
    {
        var image = new byte[scheme switch { "2K" => 2048, "4K" => 4096, "F6" => 16384, _ => 8192 }];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)(i * 7 + i / 1024 * 31);
        Cartridge cart = scheme switch
        {
            "2K" => new Cartridge2K(image), "4K" => new Cartridge4K(image), "FE" => new CartridgeFE(image),
            "F8SC" => new CartridgeF8SC(image), "F6" => new CartridgeF6(image), _ => new CartridgeE0(image),
        };
        var console = new AtariConsole(cart);
        int[] switches = scheme switch
        {
            "F8SC" => [0x1FF8, 0x1FF9, 0x1FF8], "F6" => [0x1FF6, 0x1FF7, 0x1FF8, 0x1FF9],
            "E0" => [0x1FE3, 0x1FEA, 0x1FF5, 0x1FE0, 0x1FF7], _ => [0x1FFF],
        };
        int firstHotspot = scheme switch { "F8SC" => 0xFF8, "F6" => 0xFF6, "E0" => 0xFE0, _ => 0x1000 };
        int plainReads = 0, codeLocated = 0;
        foreach (int hotspot in switches)
        {
            cart.Peek(hotspot);
            for (int address = 0x1000; address < 0x10000; address = (address + 1) | 0x1000)
            {
                if (!console.Cpu.Bus.TryPeekPlain(address, out byte plain)) continue;
                plainReads++;
                int offset = address & 0x0FFF;
                Assert.False(scheme == "F8SC" && offset < 0x100, $"{scheme}: Super Chip port ${address:X4} read as plain ROM");
                Assert.False(offset >= firstHotspot, $"{scheme}: hotspot area ${address:X4} read as plain ROM");
                Assert.True(cart.Peek(address) == plain, $"{scheme}: ${address:X4} after touching ${hotspot:X4}: bus {plain}, Peek {cart.Peek(address)}");
                // Where the core may fetch a whole instruction from the image: its three bytes are what Peek reads,
                // and so are those of every other address of the range reported, which locates to the same place.
                if (!console.Cpu.Bus.TryLocateCode(address, out var code, out int origin, out int first, out int count)) continue;
                codeLocated++;
                Assert.InRange(address, first, first + count - 1);
                for (int i = 0; i < 3; i++) Assert.Equal(cart.Peek(address + i), code[origin + address + i]);
                foreach (int other in new[] { first, first + count - 1 })
                {
                    Assert.True(console.Cpu.Bus.TryLocateCode(other, out var otherCode, out int otherOrigin, out _, out _), $"{scheme}: ${other:X4} in the range of ${address:X4} does not locate");
                    Assert.Same(code, otherCode);
                    Assert.Equal(origin, otherOrigin);
                    Assert.Equal(cart.Peek(other + 2), code[origin + other + 2]);
                }
            }
        }
        Assert.True(codeLocated > plainReads * 9 / 10, $"{scheme}: only {codeLocated} of {plainReads} plain addresses hold a whole instruction");
        Assert.True(plainReads > switches.Length * 8 * 3584, $"{scheme}: only {plainReads} addresses read plain");
    }

    // Whole games, with and without the shortcut: RAM and screen equal on every frame.
    [SharedTheory]
    [InlineData("ms_pacman")]        // F8
    [InlineData("road_runner")]      // F6
    [InlineData("elevator_action")]  // F8SC
    [InlineData("montezuma_revenge")] // E0
    [InlineData("robotank")]         // FE (flat, A13 picks the bank)
    [InlineData("pong")]             // 2K (mirrored)
    public void GamesRunTheSameWithAndWithoutTheWindow(string game)
    {
        var rom = RomImage.Load(SharedData.Rom(game));
        var fast = new AtariConsole(CartridgeDetector.Create(rom));
        var slow = new AtariConsole(new WindowHidden(CartridgeDetector.Create(rom)));
        var random = new Random(5);
        for (int frame = 0; frame < 900; frame++)
        {
            bool reset = frame is > 60 and < 65;
            int stick = random.Next(32);
            foreach (var console in new[] { fast, slow })
            {
                console.ResetSwitch = reset;
                console.SetJoystick(0, (stick & 1) != 0, (stick & 2) != 0, (stick & 4) != 0, (stick & 8) != 0, (stick & 16) != 0);
                console.RunFrame();
            }
            Assert.True(fast.Ram.SequenceEqual(slow.Ram), $"{game}: RAM differs at frame {frame}");
            Assert.True(fast.Screen.SequenceEqual(slow.Screen), $"{game}: screen differs at frame {frame}");
        }
        Assert.False(fast.CpuJammed);
    }

    /// <summary>Forwards everything to a real cartridge but offers no direct window, so every read goes through Peek.</summary>
    private sealed class WindowHidden(Cartridge inner) : Cartridge(new byte[inner.Size])
    {
        public override byte Peek(int address) => inner.Peek(address);
        public override void Poke(int address, byte value) => inner.Poke(address, value);
        public override void Reset() => inner.Reset();
        public override void FillRamAtReset(Func<uint> random) => inner.FillRamAtReset(random);
        public override void SaveState(BinaryWriter w) => inner.SaveState(w);
        public override void LoadState(BinaryReader r) => inner.LoadState(r);
        public override string Scheme => inner.Scheme;
    }
}
