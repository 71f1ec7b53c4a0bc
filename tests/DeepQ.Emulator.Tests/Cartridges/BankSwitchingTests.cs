using DeepQ.Emulator.Cartridges;

namespace DeepQ.Emulator.Tests.Cartridges;

public class BankSwitchingTests
{
    // Each 1 KiB slice of the image is filled with its slice number, so a read tells which slice is mapped.
    private static byte[] Sliced(int size, int sliceSize)
    {
        var image = new byte[size];
        for (int i = 0; i < size; i++) image[i] = (byte)(i / sliceSize);
        return image;
    }

    [Fact]
    public void F8StartsInBank1AndSwitchesOnHotspotReadsAndWrites()
    {
        var cart = new CartridgeF8(Sliced(8192, 4096));
        Assert.Equal(1, cart.Peek(0x1000));
        cart.Peek(0x1FF8);
        Assert.Equal(0, cart.Peek(0x1234));
        cart.Poke(0x1FF9, 0);
        Assert.Equal(1, cart.Peek(0x1234));
        cart.Peek(0x1FF7); // not a hotspot for F8
        Assert.Equal(1, cart.Peek(0x1234));
    }

    [Fact]
    public void F6StartsInBank0AndHasFourBanks()
    {
        var cart = new CartridgeF6(Sliced(16384, 4096));
        Assert.Equal(0, cart.Peek(0x1000));
        for (int bank = 0; bank < 4; bank++)
        {
            cart.Peek(0x1FF6 + bank);
            Assert.Equal(bank, cart.Peek(0x1800));
        }
    }

    [Fact]
    public void SuperChipRamIsWrittenLowAndReadHigh()
    {
        var cart = new CartridgeF8SC(Sliced(8192, 4096));
        cart.Poke(0x1005, 0x5A);
        Assert.Equal(0x5A, cart.Peek(0x1085));
        cart.Peek(0x1FF8);
        Assert.Equal(0x5A, cart.Peek(0x1085)); // RAM does not bank-switch
        Assert.Equal(0, cart.Peek(0x1200));
    }

    [Fact]
    public void SuperChipRamTakesItsResetValuesFromTheSystemRandomStreamAfterTheRiotTimer()
    {
        // ALE's System::reset: RIOT (one timer draw), TIA, then the cartridge (128 draws, low bytes).
        var cart = new CartridgeF8SC(Sliced(8192, 4096));
        var console = new DeepQ.Emulator.Machine.AtariConsole(cart);
        var mt = new DeepQ.Emulator.Machine.MersenneTwister(DeepQ.Emulator.Machine.AtariConsole.DefaultSystemSeed);
        for (int i = 0; i < 128 + 1 + 1; i++) mt.Next(); // power-on: RIOT RAM and timer; reset: RIOT timer
        for (int i = 0; i < 128; i++) Assert.Equal((byte)mt.Next(), cart.Peek(0x1080 + i));
        console.SystemReset();
        mt.Next(); // the RIOT timer's draw comes first
        for (int i = 0; i < 128; i++) Assert.Equal((byte)mt.Next(), cart.Peek(0x1080 + i));
    }

    [Fact]
    public void CartridgesWithoutRamDrawNoRandomNumbersAtReset()
    {
        int draws = 0;
        new CartridgeF8(Sliced(8192, 4096)).FillRamAtReset(() => { draws++; return 0; });
        Assert.Equal(0, draws);
        new CartridgeF6SC(Sliced(16384, 4096)).FillRamAtReset(() => { draws++; return (uint)draws; });
        Assert.Equal(128, draws);
    }

    [Fact]
    public void E0SegmentsSwitchIndependentlyAndLastIsFixed()
    {
        var cart = new CartridgeE0(Sliced(8192, 1024));
        Assert.Equal(new byte[] { 4, 5, 6, 7 }, new[] { cart.Peek(0x1000), cart.Peek(0x1400), cart.Peek(0x1800), cart.Peek(0x1C00) });
        cart.Peek(0x1FE2);  // segment 0 <- slice 2
        cart.Poke(0x1FEB, 0); // segment 1 <- slice 3
        cart.Peek(0x1FF1);  // segment 2 <- slice 1
        Assert.Equal(new byte[] { 2, 3, 1, 7 }, new[] { cart.Peek(0x1000), cart.Peek(0x1400), cart.Peek(0x1800), cart.Peek(0x1C00) });
    }

    [Fact]
    public void FeReadsTheBankThatA13OfTheCpuAddressSelects()
    {
        var image = Sliced(8192, 4096);
        var cart = new CartridgeFE(image);
        Assert.Equal(0, cart.Peek(0xF000));
        Assert.Equal(1, cart.Peek(0xD123));
        Assert.Equal(0, cart.Peek(0xF123)); // no state: the next read's own A13 decides
        Assert.False(cart.WatchesBus);
        // The flat view the console reads through is the same function of the unmasked address.
        Assert.True(cart.TryGetFlatRom(out var flat, out int mask));
        foreach (int address in new[] { 0xF000, 0xFFFC, 0xD123, 0xDFFF, 0x1ABC, 0x3ABC })
            Assert.Equal(cart.Peek(address), flat[address & mask]);
    }

    [Fact]
    public void ThreeFSelectsTheLowWindowByWritesToTiaSpace()
    {
        var cart = new Cartridge3F(Sliced(8192, 2048));
        Assert.Equal(0, cart.Peek(0x1000));
        Assert.Equal(3, cart.Peek(0x1800));
        cart.OnBusAccess(0x003F, 2, true);
        Assert.Equal(2, cart.Peek(0x1000));
        Assert.Equal(3, cart.Peek(0x1FFF));
    }

    [Fact]
    public void SaveAndLoadRestoreBanksAndRam()
    {
        var cart = new CartridgeF8SC(Sliced(8192, 4096));
        cart.Peek(0x1FF8);
        cart.Poke(0x1010, 0x77);
        var ms = new MemoryStream();
        cart.SaveState(new BinaryWriter(ms));
        cart.Peek(0x1FF9);
        cart.Poke(0x1010, 0x11);
        ms.Position = 0;
        cart.LoadState(new BinaryReader(ms));
        Assert.Equal(0, cart.Peek(0x1200));
        Assert.Equal(0x77, cart.Peek(0x1090));
    }
}
