using DeepQ.Emulator.Cpu;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>Klaus Dormann's 6502 functional test: every documented opcode, addressing mode and decimal mode.</summary>
public sealed class FunctionalTest
{
    private const int StartAddress = 0x0400;
    private const int SuccessAddress = 0x3469;

    // Twice: instructions fetched straight from memory (the fast path) and every byte through the bus.
    [SharedTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Klaus_functional_test_reaches_the_success_trap(bool directCode)
    {
        var image = File.ReadAllBytes(Path.Combine(SharedData.CpuTestsDir, "6502_functional_test.bin"));
        Assert.Equal(65536, image.Length);
        var cpu = new M6502<FlatBus>(new FlatBus(image, directCode)) { PC = StartAddress };

        int trap = -1;
        for (long i = 0; i < 200_000_000; i++)
        {
            int pc = cpu.PC;
            cpu.Step();
            if (cpu.PC == pc) { trap = pc; break; }   // a branch or jump to itself: the test's way to stop
            if (cpu.Jammed) Assert.Fail($"CPU jammed at ${pc:X4}");
        }
        Assert.True(trap == SuccessAddress, $"Functional test trapped at ${trap:X4} (success is ${SuccessAddress:X4}); see 6502_functional_test.lst");
    }
}
