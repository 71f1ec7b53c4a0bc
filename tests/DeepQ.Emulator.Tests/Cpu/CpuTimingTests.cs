using DeepQ.Emulator.Cpu;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>Cycle counts and Stella-specific semantics that the functional test does not check.</summary>
public sealed class CpuTimingTests
{
    private static M6502<FlatBus> Load(params byte[] program)
    {
        var mem = new byte[65536];
        program.CopyTo(mem, 0x1000);
        return new M6502<FlatBus>(new FlatBus(mem)) { PC = 0x1000 };
    }

    [Theory]
    [InlineData(new byte[] { 0xBD, 0xF0, 0x20 }, 0x00, 4)] // LDA abs,X no page cross
    [InlineData(new byte[] { 0xBD, 0xF0, 0x20 }, 0x20, 5)] // LDA abs,X page cross
    [InlineData(new byte[] { 0x9D, 0xF0, 0x20 }, 0x20, 5)] // STA abs,X always 5
    [InlineData(new byte[] { 0x1E, 0xF0, 0x20 }, 0x20, 7)] // ASL abs,X always 7
    [InlineData(new byte[] { 0x1C, 0xF0, 0x20 }, 0x20, 5)] // undocumented NOP abs,X pays the cross
    [InlineData(new byte[] { 0xEA }, 0x00, 2)]
    public void Instruction_cycles_include_page_crossing(byte[] program, byte x, int expected)
    {
        var cpu = Load(program);
        cpu.X = x;
        cpu.Step();
        Assert.Equal(expected, cpu.Cycles);
    }

    [Theory]
    [InlineData(0x1010, 0x05, 3)]  // taken, same page
    [InlineData(0x10F0, 0x20, 4)]  // taken, crosses into the next page
    public void Taken_branches_add_one_or_two_cycles(int at, int offset, int expected)
    {
        var mem = new byte[65536];
        mem[at] = 0xF0; mem[at + 1] = (byte)offset; // BEQ
        var cpu = new M6502<FlatBus>(new FlatBus(mem)) { PC = at, P = 0x02 };
        cpu.Step();
        Assert.Equal(expected, cpu.Cycles);
        Assert.Equal((at + 2 + offset) & 0xFFFF, cpu.PC);
    }

    [Fact]
    public void Untaken_branch_costs_two_cycles()
    {
        var cpu = Load(0xF0, 0x10);
        cpu.P = 0x00;
        cpu.Step();
        Assert.Equal(2, cpu.Cycles);
        Assert.Equal(0x1002, cpu.PC);
    }

    [Fact]
    public void Jam_opcode_halts_the_core()
    {
        var cpu = Load(0x02, 0xEA);
        cpu.Step();
        Assert.True(cpu.Jammed);
        int pc = cpu.PC;
        cpu.Step();
        Assert.Equal(pc, cpu.PC);
        Assert.Equal(0, cpu.Execute(10));
    }

    [Fact]
    public void Decimal_adc_matches_bcd_arithmetic()
    {
        // SED; CLC; LDA #$45; ADC #$38  -> $83, carry clear
        var cpu = Load(0xF8, 0x18, 0xA9, 0x45, 0x69, 0x38);
        cpu.Execute(4);
        Assert.Equal(0x83, cpu.A);
        Assert.Equal(0, cpu.P & 0x01);
        // SEC; SBC #$84 -> $99, borrow (carry clear)
        cpu = Load(0xF8, 0x38, 0xA9, 0x83, 0xE9, 0x84);
        cpu.Execute(4);
        Assert.Equal(0x99, cpu.A);
        Assert.Equal(0, cpu.P & 0x01);
    }

    [Fact]
    public void Status_register_always_reads_bits_4_and_5_set()
    {
        var cpu = Load(0xA9, 0x00, 0x48, 0x28, 0x08, 0x68); // LDA #0; PHA; PLP; PHP; PLA
        cpu.Execute(5);
        Assert.Equal(0x30, cpu.A & 0x30);
        Assert.Equal(0x30, cpu.P & 0x30);
    }
}
