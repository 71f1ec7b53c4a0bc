using DeepQ.Emulator.Cpu;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>
/// The N and Z flags where they do not both come from one result byte (the core packs them in one field):
/// BIT, PLP, the P register's round trip, and ARR in both modes. Expected values are worked out by hand
/// from the 6502's rules (ARR's from "NMOS 6510 Unintended Opcodes").
/// </summary>
public sealed class FlagTests
{
    private static M6502<FlatBus> Load(byte[] memory, params byte[] program)
    {
        program.CopyTo(memory, 0x1000);
        return new M6502<FlatBus>(new FlatBus(memory)) { PC = 0x1000 };
    }

    [Theory]
    [InlineData(0xFF, 0x80)]  // A & m = $80: N from m, Z clear
    [InlineData(0x01, 0x80)]  // A & m = 0: N from m (set), Z set
    [InlineData(0x80, 0x40)]  // A & m = 0: N clear, V set, Z set
    [InlineData(0x01, 0x01)]  // A & m = 1: N and V clear, Z clear
    public void Bit_takes_N_and_V_from_memory_and_Z_from_the_and(int a, int m)
    {
        var mem = new byte[65536];
        mem[0x0042] = (byte)m;
        var cpu = Load(mem, 0x24, 0x42); // BIT $42
        cpu.A = (byte)a;
        cpu.Step();
        Assert.Equal((m & 0x80) != 0, (cpu.P & 0x80) != 0);
        Assert.Equal((m & 0x40) != 0, (cpu.P & 0x40) != 0);
        Assert.Equal((a & m) == 0, (cpu.P & 0x02) != 0);
    }

    [Fact]
    public void P_round_trips_every_value_with_B_and_bit_5_set()
    {
        var cpu = new M6502<FlatBus>(new FlatBus(new byte[65536]));
        for (int p = 0; p < 256; p++)
        {
            cpu.P = (byte)p;
            Assert.Equal(p | 0x30, cpu.P);
        }
    }

    [Theory]
    [InlineData(0x82)]  // N and Z both set: never a result byte, only PLP can make it
    [InlineData(0x80)]
    [InlineData(0x02)]
    [InlineData(0x00)]
    public void Plp_then_branches_see_the_pulled_N_and_Z(int pulled)
    {
        var mem = new byte[65536];
        mem[0x01FF] = (byte)pulled;
        var cpu = Load(mem, 0x28, 0x30, 0x10); // PLP; BMI +16
        cpu.SP = 0xFE;
        cpu.Step();
        cpu.Step();
        Assert.Equal((pulled & 0x80) != 0 ? 0x1013 : 0x1003, cpu.PC);
        var cpu2 = Load(mem, 0x28, 0xF0, 0x10); // PLP; BEQ +16
        cpu2.SP = 0xFE;
        cpu2.Step();
        cpu2.Step();
        Assert.Equal((pulled & 0x02) != 0 ? 0x1013 : 0x1003, cpu2.PC);
    }

    [Theory]
    // binary: A = (A & imm) >> 1 | C << 7; C = bit 6; V = bit 6 ^ bit 5; N, Z from A
    [InlineData(0xFF, 0xFF, false, false, 0x7F, true, false, false, false)]
    [InlineData(0xFF, 0x01, true, false, 0x80, false, false, true, false)]
    [InlineData(0x01, 0x01, false, false, 0x00, false, false, false, true)]
    // decimal: N = old C, Z from the shifted value, V = bit 6 change, then BCD fix-ups of each nibble
    [InlineData(0x00, 0x00, true, true, 0x80, false, false, true, false)]
    [InlineData(0x01, 0x01, false, true, 0x00, false, false, false, true)]
    [InlineData(0xFF, 0xFF, false, true, 0xD5, true, false, false, false)]
    public void Arr_sets_flags_in_both_modes(int a, int imm, bool carryIn, bool decimalMode,
        int expectedA, bool expectedC, bool expectedV, bool expectedN, bool expectedZ)
    {
        var cpu = Load(new byte[65536], 0x6B, (byte)imm); // ARR #imm
        cpu.A = (byte)a;
        cpu.P = (byte)((carryIn ? 0x01 : 0) | (decimalMode ? 0x08 : 0));
        cpu.Step();
        Assert.Equal(expectedA, cpu.A);
        Assert.Equal(expectedC, (cpu.P & 0x01) != 0);
        Assert.Equal(expectedV, (cpu.P & 0x40) != 0);
        Assert.Equal(expectedN, (cpu.P & 0x80) != 0);
        Assert.Equal(expectedZ, (cpu.P & 0x02) != 0);
    }
}
