using System.Diagnostics.CodeAnalysis;
using DeepQ.Emulator.Cpu;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>
/// Compiled blocks (<see cref="M6502{TBus}.BlockThreshold"/>) against the interpreter: random programs on a banked
/// test machine must leave every register, flag, cycle count, instruction count, RAM byte, data-bus value and bank
/// exactly as interpreting them does, wherever the instruction budget, a stop request or a bank switch cuts a block.
/// </summary>
public class CompiledBlockTests
{
    /// <summary>
    /// A 6502 machine shaped like a banked cartridge console: 64 KiB of RAM, and at $F000-$FFFF a 4 KiB window onto one
    /// of two banks of an 8 KiB ROM (writes there are lost). Accessing an address from $0200 up to the window whose low
    /// byte is $F8 or $F9 selects bank 0 or 1 (a new code map); writing $0002 (or a mirror: below $1000, low six bits 2) stalls the CPU 2 cycles and stops it (as WSYNC
    /// and a frame's end do); reading $0284 gives
    /// the cycle counter's low byte, so every read must happen on the same cycle both ways.
    /// </summary>
    internal sealed class Machine
    {
        public readonly byte[] Ram = new byte[0x10000];
        public readonly byte[] Rom;
        public int Bank, Version, DataAccesses, Stops;
        public byte DataBus;
        /// <summary>When set, every value latched on the data bus, in order (fetches, reads, writes).</summary>
        public List<byte>? BusLog;
        /// <summary>When set, every data access (not code fetches from the ROM window): address, and whether a write.</summary>
        public List<(int Address, bool Write)>? Accesses;
        public M6502<TestBus> Cpu = null!;

        public Machine(byte[] rom, byte[] ram)
        {
            Rom = rom;
            ram.CopyTo(Ram, 0);
        }

        public byte Read(int address)
        {
            int a = address & 0xFFFF;
            DataAccesses++;
            Accesses?.Add((a, false));
            byte v = a >= 0xF000 ? Rom[Bank * 0x1000 + a - 0xF000] : a == 0x0284 ? (byte)Cpu.Cycles : Ram[a];
            if (a is >= 0x200 and < 0xF000 && (a & 0xFE) == 0xF8) Select(a & 1);
            DataBus = v;
            BusLog?.Add(v);
            return v;
        }

        public void Write(int address, byte value)
        {
            int a = address & 0xFFFF;
            DataAccesses++;
            Accesses?.Add((a, true));
            if (a is >= 0x200 and < 0xF000 && (a & 0xFE) == 0xF8) Select(a & 1);
            if (a < 0x1000 && (a & 0x3F) == 0x02) { Cpu.Cycles += 2; Cpu.StopRequested = true; Stops++; }
            if (a < 0xF000) Ram[a] = value;
            DataBus = value;
            BusLog?.Add(value);
        }

        private void Select(int bank)
        {
            if (bank == Bank) return;
            Bank = bank;
            Version++;
        }
    }

    /// <summary>The CPU's view of a <see cref="Machine"/>: code in the ROM window is fetched from the ROM array.</summary>
    internal readonly struct TestBus(Machine m) : ICpuBus
    {
        public byte Read(int address) => m.Read(address);
        public void Write(int address, byte value) => m.Write(address, value);
        public byte ReadLow(int address) => m.Read(address);
        public void WriteLow(int address, byte value) => m.Write(address, value);

        public bool TryPeekPlain(int address, out byte value)
        {
            int a = address & 0xFFFF;
            value = a >= 0xF000 ? m.Rom[m.Bank * 0x1000 + a - 0xF000] : (byte)0;
            return a >= 0xF000;
        }

        public bool TryLocateCode(int address, [NotNullWhen(true)] out byte[]? code, out int origin, out int first, out int count)
        {
            bool rom = address is >= 0xF000 and <= 0xFFFD;
            code = rom ? m.Rom : null;
            origin = m.Bank * 0x1000 - 0xF000;
            first = 0xF000;
            count = rom ? 0xFFE : 0;
            return rom;
        }

        public bool IsQuiet(int address, bool write)
        {
            int a = address & 0xFFFF;
            if (a is >= 0x200 and < 0xF000 && (a & 0xFE) == 0xF8) return false;
            return !(write && a < 0x1000 && (a & 0x3F) == 0x02);
        }

        /// <summary>All but the cycle-counter read and the stalling store (every mirror of $0002 below $1000).</summary>
        public bool IsTimeless(int address)
        {
            int a = address & 0xFFFF;
            return a != 0x0284 && !(a < 0x1000 && (a & 0x3F) == 0x02);
        }

        public int CodeMapVersion => m.Version;
        public void NoteFetch(byte value) { m.DataBus = value; m.BusLog?.Add(value); }
    }

    private static Machine Build(byte[] rom, byte[] ram, int blockThreshold)
    {
        var m = new Machine(rom, ram);
        m.Cpu = new M6502<TestBus>(new TestBus(m)) { BlockThreshold = blockThreshold };
        m.Cpu.Reset();
        return m;
    }

    /// <summary>Random ROM bytes without JAM opcodes, so programs run on; a few loops and bank switches planted to make them common.</summary>
    private static (byte[] Rom, byte[] Ram) RandomProgram(int seed)
    {
        var rng = new Random(seed);
        var rom = new byte[0x2000];
        rng.NextBytes(rom);
        for (int i = 0; i < rom.Length; i++)
            if (M6502<TestBus>.KindOf(rom[i]) == M6502<TestBus>.InstructionKind.Jam) rom[i] = 0xEA;
        for (int k = 0; k < 40; k++)
        {
            int at = rng.Next(0, 0x1FF0) & ~0x0FFF | rng.Next(0, 0xFF0);
            byte[] snippet = rng.Next(4) switch
            {
                0 => [0xA2, (byte)rng.Next(1, 9), 0xCA, 0xD0, 0xFD],          // LDX #n; loop: DEX; BNE loop
                1 => [0x8D, 0x02, 0x00],                                        // STA $0002: stop
                2 => [0xAD, (byte)(0xF8 + rng.Next(2)), 0x0F],                 // LDA $0FF8/9: switch banks
                _ => [0xAD, 0x84, 0x02, 0x10, 0xFB],                            // loop: LDA $0284; BPL loop
            };
            snippet.CopyTo(rom, at);
        }
        // Reset vector of both banks into ROM.
        foreach (int bank in new[] { 0, 1 }) { rom[bank * 0x1000 + 0xFFC] = (byte)rng.Next(256); rom[bank * 0x1000 + 0xFFD] = (byte)(0xF0 | rng.Next(16)); }
        var ram = new byte[0x10000];
        rng.NextBytes(ram);
        for (int i = 0; i < ram.Length; i++)
            if (M6502<TestBus>.KindOf(ram[i]) == M6502<TestBus>.InstructionKind.Jam) ram[i] = 0xEA;   // code runs from RAM too
        return (rom, ram);
    }

    [Fact]
    public void BlocksRunRandomProgramsExactlyAsTheInterpreter()
    {
        int compiled = 0, stops = 0, switches = 0;
        for (int seed = 0; seed < 60; seed++)
        {
            var (rom, ram) = RandomProgram(seed);
            var reference = Build(rom, ram, blockThreshold: 0);
            var blocks = Build(rom, ram, blockThreshold: 1 + seed % 3);
            var rng = new Random(1000 + seed);
            for (int chunk = 0; chunk < 300; chunk++)
            {
                int budget = rng.Next(4) == 0 ? rng.Next(100, 2000) : rng.Next(1, 40);
                int expected = reference.Cpu.Execute(budget);
                int got = blocks.Cpu.Execute(budget);
                string at = $"seed {seed} chunk {chunk}";
                Assert.True(expected == got, $"{at}: ran {got} instructions, expected {expected}");
                Assert.True(reference.Cpu.PC == blocks.Cpu.PC, $"{at}: PC {blocks.Cpu.PC:X4}, expected {reference.Cpu.PC:X4}");
                Assert.True(reference.Cpu.Cycles == blocks.Cpu.Cycles, $"{at}: cycles {blocks.Cpu.Cycles}, expected {reference.Cpu.Cycles}");
                Assert.Equal((reference.Cpu.A, reference.Cpu.X, reference.Cpu.Y, reference.Cpu.SP, reference.Cpu.P),
                    (blocks.Cpu.A, blocks.Cpu.X, blocks.Cpu.Y, blocks.Cpu.SP, blocks.Cpu.P));
                Assert.Equal((reference.Cpu.StopRequested, reference.Cpu.Jammed, reference.DataBus, reference.Bank, reference.Stops),
                    (blocks.Cpu.StopRequested, blocks.Cpu.Jammed, blocks.DataBus, blocks.Bank, blocks.Stops));
                if (chunk % 50 == 49) Assert.True(reference.Ram.AsSpan().SequenceEqual(blocks.Ram), $"{at}: RAM differs");
            }
            Assert.True(reference.Ram.AsSpan().SequenceEqual(blocks.Ram), $"seed {seed}: RAM differs at the end");
            compiled += blocks.Cpu.BlocksCompiled;
            stops += blocks.Stops;
            switches += blocks.Version;
        }
        // The comparison means something only if blocks ran and were cut by both kinds of event.
        Assert.True(compiled > 500, $"only {compiled} blocks compiled");
        Assert.True(stops > 100, $"only {stops} stops");
        Assert.True(switches > 100, $"only {switches} bank switches");
    }

    [Fact]
    public void InstructionLengthAndKindMatchWhatTheInterpreterDoes()
    {
        for (int op = 0; op < 256; op++)
        {
            var kind = M6502<TestBus>.KindOf((byte)op);
            if (kind == M6502<TestBus>.InstructionKind.Jam) continue;
            var rom = new byte[0x2000];
            // The instruction at $F200 with operand bytes $34 $12 (zero page $34, absolute $1234, a branch 52 ahead).
            rom[0x200] = (byte)op; rom[0x201] = 0x34; rom[0x202] = 0x12;
            rom[0xFFC] = 0x00; rom[0xFFD] = 0xF2;
            rom[0xFFE] = 0x00; rom[0xFFF] = 0xF8;   // BRK's vector
            var m = Build(rom, new byte[0x10000], blockThreshold: 0);
            m.DataAccesses = 0;
            m.BusLog = [];
            m.Accesses = [];
            m.Cpu.Step();
            string name = $"opcode ${op:X2} ({kind})";
            // Blocks latch no opcode for an instruction with operands: its first operand must latch next, before any access.
            if (M6502<TestBus>.InstructionLength[op] > 1)
                Assert.True(m.BusLog is [_, 0x34, ..], $"{name}: the bus saw {string.Join(" ", m.BusLog.Select(b => b.ToString("X2")))}");
            switch (kind)
            {
                case M6502<TestBus>.InstructionKind.Register:
                    Assert.True(m.DataAccesses == 0, $"{name} accessed memory");
                    Assert.True(m.Cpu.PC == 0xF200 + M6502<TestBus>.InstructionLength[op], $"{name}: PC {m.Cpu.PC:X4}");
                    break;
                case M6502<TestBus>.InstructionKind.Memory:
                    Assert.True(m.DataAccesses > 0, $"{name} accessed no memory");
                    // Where it went, and whether it wrote, as the block compiler assumes (X, Y and SP are as reset left them).
                    Assert.True(M6502<TestBus>.Writes((byte)op) == m.Accesses.Any(x => x.Write), $"{name}: writes {M6502<TestBus>.Writes((byte)op)}");
                    Func<int, bool> inScope = M6502<TestBus>.ScopeOf((byte)op) switch
                    {
                        M6502<TestBus>.AccessScope.Operand => a => a == (M6502<TestBus>.InstructionLength[op] == 2 ? 0x34 : 0x1234),
                        M6502<TestBus>.AccessScope.ZeroPage => a => a < 0x100,
                        M6502<TestBus>.AccessScope.Stack => a => a is >= 0x100 and < 0x200,
                        _ => _ => true,
                    };
                    Assert.True(m.Accesses.All(x => inScope(x.Address)), $"{name}: accessed {string.Join(" ", m.Accesses.Select(x => x.Address.ToString("X4")))}");
                    Assert.True(m.Cpu.PC == 0xF200 + M6502<TestBus>.InstructionLength[op], $"{name}: PC {m.Cpu.PC:X4}");
                    break;
                case M6502<TestBus>.InstructionKind.Branch:
                    // Flags after reset decide taken or not; either way the branch's own length is 2.
                    Assert.Contains(m.Cpu.PC, new[] { 0xF202, 0xF202 + 0x34 });
                    break;
                case M6502<TestBus>.InstructionKind.Jump:
                    Assert.Equal(0x1234, m.Cpu.PC);
                    break;
                default:   // calls, returns, indirect jumps, BRK: leave for an address not after themselves
                    Assert.NotEqual(0xF200 + M6502<TestBus>.InstructionLength[op], m.Cpu.PC);
                    break;
            }
        }
    }

    [Fact]
    public void AnAddressIsCompiledOnItsThresholdthVisitAndNeverWhenCompilingIsOff()
    {
        byte[] rom = new byte[0x2000];
        // $F000: LDX #5; loop: DEX; BNE loop; JMP $F000. A pass is 12 instructions and visits DEX ($F002) 5 times.
        byte[] program = [0xA2, 0x05, 0xCA, 0xD0, 0xFD, 0x4C, 0x00, 0xF0];
        program.CopyTo(rom, 0);
        rom[0xFFC] = 0x00; rom[0xFFD] = 0xF0;
        var off = Build(rom, new byte[0x10000], blockThreshold: 0);
        var on = Build(rom, new byte[0x10000], blockThreshold: 50);
        // DEX's 50th visit is its fifth in the tenth pass, the 9 * 12 + 10 = 118th instruction: no block before it.
        Assert.Equal(117, on.Cpu.Execute(117));
        Assert.Equal(0, on.Cpu.BlocksCompiled);
        on.Cpu.Execute(1);
        Assert.Equal(1, on.Cpu.BlocksCompiled);
        on.Cpu.Execute(100_000 - 118);
        off.Cpu.Execute(100_000);
        Assert.Equal(0, off.Cpu.BlocksCompiled);
        Assert.Equal((off.Cpu.PC, off.Cpu.X, off.Cpu.P, off.Cpu.Cycles), (on.Cpu.PC, on.Cpu.X, on.Cpu.P, on.Cpu.Cycles));
    }

    [Fact]
    public void ABlockEndsBeforeCodeTheInterpreterRarelyReachedAndBeforeAnotherBlock()
    {
        byte[] rom = new byte[0x2000];
        // $F000: LDX #16; loop: DEX; BNE loop; LDY #1; JMP $F000. A pass is 35 instructions: the loop's two 16 times
        // each, the rest once.
        byte[] program = [0xA2, 0x10, 0xCA, 0xD0, 0xFD, 0xA0, 0x01, 0x4C, 0x00, 0xF0];
        program.CopyTo(rom, 0);
        rom[0xFFC] = 0x00; rom[0xFFD] = 0xF0;
        var on = Build(rom, new byte[0x10000], blockThreshold: 64);
        var off = Build(rom, new byte[0x10000], blockThreshold: 0);
        // Four passes: DEX reaches 64 visits, LDY only 3. The block is the loop alone (DEX, BNE), not LDY and JMP after it.
        on.Cpu.Execute(4 * 35);
        Assert.Equal((1, 2), (on.Cpu.BlocksCompiled, on.Cpu.CompiledInstructions));
        // By pass 64, LDX and LDY reach 64 too. LDX's block stops where the loop's block starts: one instruction.
        // LDY's block runs to its jump: two.
        on.Cpu.Execute(64 * 35 - 4 * 35);
        Assert.Equal((3, 5), (on.Cpu.BlocksCompiled, on.Cpu.CompiledInstructions));
        off.Cpu.Execute(64 * 35);
        Assert.Equal((off.Cpu.PC, off.Cpu.X, off.Cpu.Y, off.Cpu.P, off.Cpu.Cycles), (on.Cpu.PC, on.Cpu.X, on.Cpu.Y, on.Cpu.P, on.Cpu.Cycles));
    }

    [Theory]
    [InlineData(new byte[] { 0x85, 0x02 })]              // STA $02: zero page
    [InlineData(new byte[] { 0x8D, 0x42, 0x00 })]        // STA $0042: absolute, a mirror of $02
    [InlineData(new byte[] { 0xA2, 0x40, 0x95, 0xC2 })]  // LDX #$40; STA $C2,X: zero page indexed, to $02
    [InlineData(new byte[] { 0xA2, 0x02, 0x9A, 0x48 })]  // LDX #2; TXS; PHA: the stack, to $0102
    [InlineData(new byte[] { 0xEE, 0x02, 0x00 })]        // INC $0002: read-modify-write
    public void ABlockStopsRightAfterAStoreThatStopsTheCpu(byte[] store)
    {
        // The store, then code that would run on if the block did not look: INY; INY; JMP $F000.
        byte[] rom = new byte[0x2000];
        byte[] program = [.. store, 0xC8, 0xC8, 0x4C, 0x00, 0xF0];
        program.CopyTo(rom, 0);
        rom[0xFFC] = 0x00; rom[0xFFD] = 0xF0;
        var on = Build(rom, new byte[0x10000], blockThreshold: 1);
        var off = Build(rom, new byte[0x10000], blockThreshold: 0);
        for (int i = 0; i < 5; i++)
        {
            int got = on.Cpu.Execute(100), expected = off.Cpu.Execute(100);
            Assert.Equal((expected, off.Cpu.PC, off.Cpu.Y, off.Cpu.Cycles), (got, on.Cpu.PC, on.Cpu.Y, on.Cpu.Cycles));
        }
        Assert.True(off.Stops == 5 && on.Cpu.BlocksCompiled > 0, $"{off.Stops} stops, {on.Cpu.BlocksCompiled} blocks");
    }
}
