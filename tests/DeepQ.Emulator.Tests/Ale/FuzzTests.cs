using System.Diagnostics;
using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;

namespace DeepQ.Emulator.Tests.Ale;

public class FuzzTests
{
    private static readonly int[] s_cartSizes = [2048, 4096, 8192, 16384, 32768, 12288, 10240, 8448, 65536];

    // Thousands of random byte strings as ROMs (random sizes, half of them valid cartridge sizes),
    // each run a few frames with random joystick and switch input: the only exception allowed is
    // RomException, and every frame is bounded by the console's instruction cap.
    [Fact]
    public void RandomRomsAndActionsNeverCrashOrHang()
    {
        var rnd = new Random(2024);
        var clock = Stopwatch.StartNew();
        int built = 0, refused = 0;
        long slowest = 0;
        for (int n = 0; n < 2000; n++)
        {
            int size = rnd.Next(2) == 0 ? s_cartSizes[rnd.Next(s_cartSizes.Length)] : rnd.Next(1, 40000);
            var bytes = new byte[size];
            rnd.NextBytes(bytes);
            if (rnd.Next(4) == 0 && size >= 4096) bytes.AsSpan(0, 256).Fill(bytes[0]); // sometimes look like a Super Chip cart
            Cartridge cart;
            try { cart = CartridgeDetector.Create(new RomImage(bytes, $"fuzz{n}.bin")); }
            catch (RomException) { refused++; continue; }
            built++;
            var t0 = clock.ElapsedTicks;
            var console = new AtariConsole(cart, randomSeed: (uint)n);
            for (int f = 0; f < 3; f++)
            {
                console.SetJoystick(0, rnd.Next(2) == 0, rnd.Next(2) == 0, rnd.Next(2) == 0, rnd.Next(2) == 0, rnd.Next(2) == 0);
                console.ResetSwitch = rnd.Next(8) == 0;
                console.RunFrame();
            }
            Assert.Equal(210 * 160, console.Screen.Length);
            slowest = Math.Max(slowest, clock.ElapsedTicks - t0);
        }
        Assert.True(built > 500 && refused > 500, $"built {built}, refused {refused}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"fuzzing took {clock.Elapsed}");
        Assert.True(slowest < Stopwatch.Frequency * 2, $"one ROM took {slowest * 1000 / Stopwatch.Frequency} ms");
    }

    [Fact]
    public void RandomBytesThroughAleInterfaceAreRomErrors()
    {
        var rnd = new Random(7);
        for (int n = 0; n < 200; n++)
        {
            var bytes = new byte[rnd.Next(2) == 0 ? 4096 : rnd.Next(1, 20000)];
            rnd.NextBytes(bytes);
            var e = Assert.Throws<RomException>(() => new AleInterface(new RomImage(bytes, "random.bin"), new AleSettings()));
            Assert.DoesNotContain('\n', e.Message);
        }
    }
}
