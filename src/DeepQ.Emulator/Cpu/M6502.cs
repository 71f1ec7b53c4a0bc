using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepQ.Emulator.Cpu;

/// <summary>
/// The MOS 6502 core of the 6507, timed the way ALE's Stella ("low compatibility" core) times it:
/// the opcode's whole base cycle count (from <see cref="BaseCycles"/>) is added to <see cref="Cycles"/>
/// right after the opcode fetch, page-crossing and taken-branch extras are added while the instruction
/// runs, each operand and data byte is accessed exactly once (no dummy reads or writes, except the
/// stack peeks Stella makes in JSR/RTS/RTI/PLA/PLP and the RTS return-byte fetch), and an unimplemented
/// opcode (the JAM/KIL group) halts the core for good.
/// Decimal mode follows Stella's table-driven BCD arithmetic (identical to NMOS for valid BCD).
/// </summary>
/// <typeparam name="TBus">The machine's bus; a struct so every access is a direct, inlinable call.</typeparam>
public sealed unsafe partial class M6502<TBus> where TBus : struct, ICpuBus
{
    /// <summary>Processor cycles per opcode before any page-crossing/branch extras (Stella's table).</summary>
    public static ReadOnlySpan<byte> BaseCycles =>
    [
        7, 6, 2, 8, 3, 3, 5, 5, 3, 2, 2, 2, 4, 4, 6, 6, // 0
        2, 5, 2, 8, 4, 4, 6, 6, 2, 4, 2, 7, 4, 4, 7, 7, // 1
        6, 6, 2, 8, 3, 3, 5, 5, 4, 2, 2, 2, 4, 4, 6, 6, // 2
        2, 5, 2, 8, 4, 4, 6, 6, 2, 4, 2, 7, 4, 4, 7, 7, // 3
        6, 6, 2, 8, 3, 3, 5, 5, 3, 2, 2, 2, 3, 4, 6, 6, // 4
        2, 5, 2, 8, 4, 4, 6, 6, 2, 4, 2, 7, 4, 4, 7, 7, // 5
        6, 6, 2, 8, 3, 3, 5, 5, 4, 2, 2, 2, 5, 4, 6, 6, // 6
        2, 5, 2, 8, 4, 4, 6, 6, 2, 4, 2, 7, 4, 4, 7, 7, // 7
        2, 6, 2, 6, 3, 3, 3, 3, 2, 2, 2, 2, 4, 4, 4, 4, // 8
        2, 6, 2, 6, 4, 4, 4, 4, 2, 5, 2, 5, 5, 5, 5, 5, // 9
        2, 6, 2, 6, 3, 3, 3, 4, 2, 2, 2, 2, 4, 4, 4, 4, // a
        2, 5, 2, 5, 4, 4, 4, 4, 2, 4, 2, 4, 4, 4, 4, 4, // b
        2, 6, 2, 8, 3, 3, 5, 5, 2, 2, 2, 2, 4, 4, 6, 6, // c
        2, 5, 2, 8, 4, 4, 6, 6, 2, 4, 2, 7, 4, 4, 7, 7, // d
        2, 6, 2, 8, 3, 3, 5, 5, 2, 2, 2, 2, 4, 4, 6, 6, // e
        2, 5, 2, 8, 4, 4, 6, 6, 2, 4, 2, 7, 4, 4, 7, 7, // f
    ];

    // [0..255]: packed BCD byte -> binary value (nibbles weighted 10 and 1, so invalid digits count as 10..15);
    // [256..511]: binary value -> packed BCD of (value mod 100). SBC may index below 256, reading the first half
    // exactly as Stella's negative index does.
    private static readonly byte[] s_bcd = BuildBcdTable();

    private TBus _bus;

    /// <summary>Accumulator, index registers, stack pointer (page 1 offset) and program counter.</summary>
    public byte A, X, Y, SP;
    /// <summary>Program counter (16 bits; the 6507 only drives 13 of them, the bus masks).</summary>
    public int PC;

    // Status flags kept unpacked; Z is stored as "last result" (zero means Z set), as Stella does.
    private bool _v, _d, _i, _c;
    // N and Z share one field, so most instructions set both with one store (as the result byte):
    // Z is set when its low 8 bits are zero, N when bit 7 or bit 8 is set (bit 8 carries an N that is
    // not the result's bit 7, for BIT, PLP and ARR; those keep the low byte 0 or 1).
    private int _nz;

    private bool N => (_nz & 0x180) != 0;
    private bool Z => (_nz & 0xFF) == 0;

    /// <summary>System cycle counter (1 per processor cycle). The machine may add to it (WSYNC) or rebase it (frame start).</summary>
    public long Cycles;

    /// <summary>Set by the machine (e.g. the TIA at the end of a frame) to end <see cref="Execute"/> after the current instruction.</summary>
    public bool StopRequested;

    /// <summary>True once a JAM opcode ran: the core does nothing until <see cref="Reset"/>.</summary>
    public bool Jammed { get; private set; }

    /// <summary>The opcode of the last instruction run by <see cref="Step"/> (instruction traces; <see cref="Execute"/> does not keep it).</summary>
    public byte LastOpcode { get; private set; }

    /// <summary>Instructions executed since construction (for statistics and tests).</summary>
    public long InstructionCount { get; private set; }

    public M6502(TBus bus) { _bus = bus; }

    /// <summary>The bus the core talks to (by reference, so a struct bus can be reconfigured in place).</summary>
    public ref TBus Bus => ref _bus;

    /// <summary>The packed status register NV1BDIZC; B always reads 1 on the 6507 as Stella models it.</summary>
    public byte P
    {
        get
        {
            // Branch-free (PHP runs often and its flags are data): each bool becomes a 0/1 shifted into place.
            return (byte)(0x30 | (N ? 1 : 0) << 7 | (_v ? 1 : 0) << 6 | (_d ? 1 : 0) << 3 | (_i ? 1 : 0) << 2
                | (Z ? 1 : 0) << 1 | (_c ? 1 : 0));
        }
        set
        {
            _v = (value & 0x40) != 0;
            _d = (value & 0x08) != 0;
            _i = (value & 0x04) != 0;
            _nz = ((value & 0x02) != 0 ? 0 : 1) | (value & 0x80) << 1;
            _c = (value & 0x01) != 0;
        }
    }

    /// <summary>Power-on/reset as Stella: A=X=Y=0, SP=$FF, P=$20 (+B), PC from the reset vector at $FFFC.</summary>
    public void Reset()
    {
        A = X = Y = 0;
        SP = 0xFF;
        P = 0x20;
        Jammed = false;
        StopRequested = false;
        int lo = _bus.Read(0xFFFC);
        int hi = _bus.Read(0xFFFD);
        PC = lo | (hi << 8);
    }

    /// <summary>
    /// Runs up to <paramref name="maxInstructions"/> instructions; stops early after the instruction during which
    /// <see cref="StopRequested"/> was set, or at a JAM. Returns the number executed. Clears <see cref="StopRequested"/> on entry.
    /// </summary>
    // Not inlined into callers: the loop then gets its own fully optimised compile (and PGO) instead of living in
    // whatever caller's on-stack-replacement code it was inlined into.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Execute(int maxInstructions)
    {
        StopRequested = false;
        if (Jammed || maxInstructions <= 0) return 0;
        int n = 0;
        // The program counter lives in a register for the whole run and goes back to the field on exit: handlers
        // take it and return the next one, so no instruction waits for PC to round-trip through memory. A JAM
        // sets StopRequested as well as Jammed.
        int pc = PC;
        byte[]? code = null;
        int origin = 0, codeFirst = 0, codeCount = 0, codeVersion = 0;
        do
        {
            int at = pc;   // where the last instruction run began
            // Where the last lookup holds (same segment, no bank switch since), the next instruction needs no new one.
            if ((uint)(pc - codeFirst) >= (uint)codeCount || codeVersion != _bus.CodeMapVersion)
            {
                codeVersion = _bus.CodeMapVersion;
                if (!_bus.TryLocateCode(pc, out code, out origin, out codeFirst, out codeCount)) codeCount = 0;
                else if (BlockThreshold > 0) UseBlockImage(code);
            }
            Block? block = null;
            if (codeCount != 0 && BlockThreshold > 0)
            {
                // A compiled block from here, if it fits in what the bus located now and in the instruction budget.
                int index = origin + pc;
                block = _blocks[index];
                if (block is null || block.Pc != pc || (uint)(block.LastPc - codeFirst) >= (uint)codeCount || n + block.Count > maxInstructions)
                {
                    block = null;
                    // A block compiled now runs now: interpreting on would give every later address of this run of code
                    // its threshold-th visit too, and each would get a block of its own.
                    if (++_heat[index] == BlockThreshold && CompileBlock(index, pc, code!, origin, codeFirst, codeCount)) continue;
                }
            }
            if (block is not null)
            {
                // It reports how many instructions it ran and where the last one began.
                long ran = block.Run(codeVersion, maxInstructions - n);
                pc = (int)ran & 0xFFFF;
                at = (int)ran >> 16 & 0xFFFF;
                n += (int)(ran >> 32);
            }
            else
            {
                pc = codeCount != 0 ? StepCore(pc, new CodeFetch(code!, origin), out _) : StepThroughBus(pc);
                n++;
            }
            // A branch taken 5 bytes back from its own operand lands 3 bytes before itself: the shape of a timer wait.
            if (pc + 3 == at)
            {
                // Packed (count << 32 | pc), so that n and pc stay in registers here.
                long waited = WaitOnTimer(pc, n, maxInstructions);
                pc = (int)waited;
                n = (int)(waited >> 32);
            }
        }
        while (n < maxInstructions && !StopRequested);
        PC = pc;
        InstructionCount += n;
        return n;
    }

    /// <summary>
    /// The timer wait: <c>loop: LDA/LDX/LDY INTIM; BNE/BEQ/BPL/BMI loop</c>, which is how most games idle until the
    /// RIOT timer ends vertical blank or overscan; in some it is a sixth of all instructions run. Called right after
    /// such a branch was taken back to <paramref name="loopStart"/>, it runs the loop's further passes here: every
    /// pass makes the same timer read at the same cycle, counts the same two instructions and cycles (the page
    /// crossing included), and sets the same register and flags as the two instructions would, without fetching
    /// and decoding them. It stops exactly where <see cref="Execute"/> would: when the branch falls through, or
    /// at the instruction budget. Only loops in plain ROM qualify (<see cref="ICpuBus.TryPeekPlain"/>), so skipping
    /// the fetches hides nothing from a cartridge; the data bus ends holding what the last fetch or read left.
    /// Returns the next PC and the instruction count <paramref name="n"/> grown by the passes run, packed as
    /// <c>n &lt;&lt; 32 | pc</c>; anything else returns <paramref name="loopStart"/> and <paramref name="n"/> unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitOnTimer(int loopStart, int n, int maxInstructions)
    {
        if (!_bus.TryPeekPlain(loopStart, out byte load) || !_bus.TryPeekPlain(loopStart + 1, out byte lo)
            || !_bus.TryPeekPlain(loopStart + 2, out byte hi) || !_bus.TryPeekPlain(loopStart + 3, out byte branch)
            || !_bus.TryPeekPlain(loopStart + 4, out byte offset) || offset != 0xFB)
            return Packed(loopStart, n);
        if (load is not (0xAD or 0xAE or 0xAC) || branch is not (0xD0 or 0xF0 or 0x10 or 0x30)) return Packed(loopStart, n);
        int address = lo | (hi << 8);
        // INTIM and its mirrors: A12 clear, A9 and A7 set (RIOT registers), A2 set and A0 clear.
        if ((address & 0x1280) != 0x0280 || (address & 0x05) != 0x04) return Packed(loopStart, n);

        int next = (loopStart + 5) & 0xFFFF;
        int takenCycles = ((next ^ loopStart) & 0xFF00) != 0 ? 2 : 1;
        int loadCycles = BaseCycles[load], branchCycles = BaseCycles[branch];
        while (true)
        {
            if (n >= maxInstructions || StopRequested)
            {
                _bus.Read(loopStart + 4);   // the data bus as the taken branch's operand fetch left it
                return Packed(loopStart, n);
            }
            Cycles += loadCycles;
            int v = _bus.Read(address);
            if (load == 0xAD) A = (byte)v; else if (load == 0xAE) X = (byte)v; else Y = (byte)v;
            _nz = v;
            n++;
            if (n >= maxInstructions || StopRequested) return Packed((loopStart + 3) & 0xFFFF, n);
            Cycles += branchCycles;
            n++;
            bool taken = branch switch { 0xD0 => v != 0, 0xF0 => v == 0, 0x10 => v < 0x80, _ => v >= 0x80 };
            if (!taken)
            {
                _bus.Read(loopStart + 4);
                return Packed(next, n);
            }
            Cycles += takenCycles;
        }
    }

    private static long Packed(int pc, int n) => (long)n << 32 | (uint)pc;

    // ---- bus helpers ---------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Rd(int address) => _bus.Read(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Wr(int address, int value) => _bus.Write(address, (byte)value);

    /// <summary>Reads and writes of zero-page operands and the stack (addresses below $0200).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte RdZp(int address) => _bus.ReadLow(address);

    /// <inheritdoc cref="RdZp"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WrZp(int address, int value) => _bus.WriteLow(address, (byte)value);

    // ---- operand fetches --------------------------------------------------------------------------
    // A handler fetches its operand bytes through TF: the bus (BusFetch), or plain ROM the bus vouched for when the
    // instruction began (CodeFetch, see ICpuBus.TryLocateCode), which skips decoding the address for every byte.

    /// <summary>How a handler fetches the bytes of its own instruction.</summary>
    private interface IFetch
    {
        /// <summary>The byte at <paramref name="pc"/>, which then moves on by one.</summary>
        byte Fetch(M6502<TBus> c, ref int pc);
    }

    /// <summary>Every byte through the bus: anywhere, for any cartridge.</summary>
    private readonly struct BusFetch : IFetch
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte Fetch(M6502<TBus> c, ref int pc) { byte b = c._bus.Read(pc); pc = (pc + 1) & 0xFFFF; return b; }
    }

    /// <summary>
    /// Straight from the array the bus located the instruction in (address a is <c>code[origin + a]</c>); the bus
    /// promised three plain, contiguous bytes that do not wrap, so no byte needs a check. The data bus still latches
    /// each byte, as a real fetch leaves it.
    /// </summary>
    private readonly struct CodeFetch(byte[] code, int origin) : IFetch
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte Fetch(M6502<TBus> c, ref int pc)
        {
            byte b = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(code), origin + pc);
            c._bus.NoteFetch(b);
            pc++;
            return b;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte FetchByte<TF>(ref int pc, TF f) where TF : struct, IFetch => f.Fetch(this, ref pc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZp<TF>(ref int pc, TF f) where TF : struct, IFetch => FetchByte(ref pc, f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZpX<TF>(ref int pc, TF f) where TF : struct, IFetch => (FetchByte(ref pc, f) + X) & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZpY<TF>(ref int pc, TF f) where TF : struct, IFetch => (FetchByte(ref pc, f) + Y) & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbs<TF>(ref int pc, TF f) where TF : struct, IFetch
    {
        int lo = FetchByte(ref pc, f);
        int hi = FetchByte(ref pc, f);
        return lo | (hi << 8);
    }

    /// <summary>Absolute indexed for reads: one extra cycle when the index crosses a page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbsIndexedRead<TF>(ref int pc, int index, TF f) where TF : struct, IFetch
    {
        int baseAddr = AddrAbs(ref pc, f);
        // Branch-free penalty: the low byte plus the index carries into the high byte exactly on a page crossing.
        Cycles += ((baseAddr & 0xFF) + index) >> 8;
        return (baseAddr + index) & 0xFFFF;
    }

    /// <summary>Absolute indexed for writes and read-modify-writes: the table already counts the extra cycle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbsIndexed<TF>(ref int pc, int index, TF f) where TF : struct, IFetch => (AddrAbs(ref pc, f) + index) & 0xFFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndX<TF>(ref int pc, TF f) where TF : struct, IFetch
    {
        int p = (FetchByte(ref pc, f) + X) & 0xFF;
        int lo = _bus.ReadLow(p);
        int hi = _bus.ReadLow((p + 1) & 0xFF);
        return lo | (hi << 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndYRead<TF>(ref int pc, TF f) where TF : struct, IFetch
    {
        int p = FetchByte(ref pc, f);
        int baseAddr = _bus.ReadLow(p) | (_bus.ReadLow((p + 1) & 0xFF) << 8);
        Cycles += ((baseAddr & 0xFF) + Y) >> 8;
        return (baseAddr + Y) & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndY<TF>(ref int pc, TF f) where TF : struct, IFetch
    {
        int p = FetchByte(ref pc, f);
        int baseAddr = _bus.ReadLow(p) | (_bus.ReadLow((p + 1) & 0xFF) << 8);
        return (baseAddr + Y) & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetNZ(int v) => _nz = v & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(int v) { _bus.WriteLow(0x0100 + SP, (byte)v); SP--; }

    // ---- ALU ------------------------------------------------------------------------------------

    // ADC/SBC: the binary path is inlined into the opcode handlers (Pong and most games never set D);
    // the table-driven decimal path stays out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Adc(int operand)
    {
        if (!_d) AdcBinary(operand);
        else AdcDecimal(operand);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Sbc(int operand)
    {
        if (!_d) AdcBinary(~operand & 0xFF);
        else SbcDecimal(operand);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AdcBinary(int operand)
    {
        int c = _c ? 1 : 0;
        int sum = A + operand + c;
        // Signed overflow: both inputs have the same sign and the result's sign differs.
        _v = ((A ^ sum) & (operand ^ sum) & 0x80) != 0;
        A = (byte)sum;
        _c = sum > 0xFF;
        SetNZ(A);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AdcDecimal(int operand)
    {
        int c = _c ? 1 : 0;
        int oldA = A;
        int sum = s_bcd[A] + s_bcd[operand] + c;
        _c = sum > 99;
        A = s_bcd[256 + (sum & 0xFF)];
        SetNZ(A);
        _v = ((oldA ^ A) & 0x80) != 0 && ((A ^ operand) & 0x80) != 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SbcDecimal(int operand)
    {
        int c = _c ? 1 : 0;
        int oldA = A;
        int diff = s_bcd[A] - s_bcd[operand] - (1 - c);
        if (diff < 0) diff += 100;
        A = s_bcd[256 + diff];
        SetNZ(A);
        _c = oldA >= operand + (1 - c);
        _v = ((oldA ^ A) & 0x80) != 0 && ((A ^ operand) & 0x80) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Compare(int reg, int operand)
    {
        int v = (reg - operand) & 0xFFFF;
        _nz = v & 0xFF;
        _c = (v & 0x100) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Branch<TF>(bool taken, int pc, TF f) where TF : struct, IFetch
    {
        int offset = (sbyte)FetchByte(ref pc, f);
        if (!taken) return pc;
        int target = (pc + offset) & 0xFFFF;
        Cycles += ((pc ^ target) & 0xFF00) != 0 ? 2 : 1;
        return target;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Asl(int v) { _c = (v & 0x80) != 0; v = (v << 1) & 0xFF; SetNZ(v); return v; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Lsr(int v) { _c = (v & 0x01) != 0; v >>= 1; SetNZ(v); return v; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Rol(int v) { int r = ((v << 1) | (_c ? 1 : 0)) & 0xFF; _c = (v & 0x80) != 0; SetNZ(r); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Ror(int v) { int r = (v >> 1) | (_c ? 0x80 : 0); _c = (v & 0x01) != 0; SetNZ(r); return r; }

    private void Bit(int operand) { _nz = ((A & operand) != 0 ? 1 : 0) | (operand & 0x80) << 1; _v = (operand & 0x40) != 0; }

    // Undocumented read-modify-write combinations.
    private void Slo(int a) { int v = Rd(a); _c = (v & 0x80) != 0; v = (v << 1) & 0xFF; Wr(a, v); A |= (byte)v; SetNZ(A); }
    private void Rla(int a) { int v = Rd(a); int r = ((v << 1) | (_c ? 1 : 0)) & 0xFF; Wr(a, r); A &= (byte)r; _c = (v & 0x80) != 0; SetNZ(A); }
    private void Sre(int a) { int v = Rd(a); _c = (v & 1) != 0; v >>= 1; Wr(a, v); A ^= (byte)v; SetNZ(A); }
    private void Rra(int a) { int v = Rd(a); bool oldC = _c; _c = (v & 1) != 0; v = (v >> 1) | (oldC ? 0x80 : 0); Wr(a, v); Adc(v); }
    private void Dcp(int a) { int v = (Rd(a) - 1) & 0xFF; Wr(a, v); Compare(A, v); }
    private void Isb(int a) { int v = (Rd(a) + 1) & 0xFF; Wr(a, v); Sbc(v); }
    private void Lax(int a) { A = X = Rd(a); SetNZ(A); }
    private void Dec(int a) { int v = (Rd(a) - 1) & 0xFF; Wr(a, v); SetNZ(v); }
    private void Inc(int a) { int v = (Rd(a) + 1) & 0xFF; Wr(a, v); SetNZ(v); }

    private void Arr(int operand)
    {
        if (!_d)
        {
            int r = ((A & operand) >> 1) | (_c ? 0x80 : 0);
            A = (byte)r;
            _c = (r & 0x40) != 0;
            _v = (((r & 0x40) ^ ((r & 0x20) << 1)) & 0xFF) != 0;
            SetNZ(r);
        }
        else
        {
            int value = A & operand;
            int r = (value >> 1) | (_c ? 0x80 : 0);
            _nz = (r != 0 ? 1 : 0) | (_c ? 0x100 : 0);
            _v = ((value ^ r) & 0x40) != 0;
            if ((value & 0x0F) + (value & 0x01) > 0x05) r = (r & 0xF0) | ((r + 0x06) & 0x0F);
            if ((value & 0xF0) + (value & 0x10) > 0x50) { r = (r + 0x60) & 0xFF; _c = true; }
            else _c = false;
            A = (byte)r;
        }
    }

    // ---- one instruction ------------------------------------------------------------------------

    /// <summary>Executes one instruction (does nothing when jammed).</summary>
    public void Step()
    {
        if (Jammed) return;
        byte opcode;
        PC = _bus.TryLocateCode(PC, out byte[]? code, out int origin, out _, out _)
            ? StepCore(PC, new CodeFetch(code, origin), out opcode)
            : StepCore(PC, default(BusFetch), out opcode);
        LastOpcode = opcode;
    }

    /// <summary>An instruction the bus could not vouch for (RAM, a hotspot, a bus-watching cartridge): every byte through the bus.</summary>
    // Out of line, so the hot-opcode switch it carries does not spend Execute's inlining budget.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int StepThroughBus(int pc) => StepCore(pc, default(BusFetch), out _);

    /// <summary>Fetches, times and dispatches the instruction at <paramref name="pc"/>; returns the next PC. The caller has checked <see cref="Jammed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StepCore<TF>(int pc, TF f, out byte opcode) where TF : struct, IFetch
    {
        // Each handler is a small method in which the JIT inlines every bus access and addressing helper. op is a
        // byte, so both 256-entry tables are indexed without bounds checks (the JIT proves it for the array,
        // Unsafe.Add says it for the span).
        byte op = FetchByte(ref pc, f);
        opcode = op;
        Cycles += Unsafe.Add(ref MemoryMarshal.GetReference(BaseCycles), op);
        // The opcodes games spend most time in (profiled over seven games of different schemes: the 32 busiest, then
        // the short implied and immediate ones, a quarter of Pong's instructions) are dispatched by a switch, so their
        // handlers are inlined here and skip the call; the rest take one indirect call through the opcode matrix.
        // Too many cases exhaust the JIT's inlining budget for Execute, and then hot handlers become calls again
        // (check with DOTNET_JitDisasm="Execute": no call to a handler or bus helper may appear).
        return op switch
        {
            0x85 => Op85(this, pc, f),
            0xB1 => OpB1(this, pc, f),
            0xA5 => OpA5(this, pc, f),
            0xD0 => OpD0(this, pc, f),
            0xAD => OpAD(this, pc, f),
            0x10 => Op10(this, pc, f),
            0xA9 => OpA9(this, pc, f),
            0xB9 => OpB9(this, pc, f),
            0x86 => Op86(this, pc, f),
            0xA4 => OpA4(this, pc, f),
            0xBD => OpBD(this, pc, f),
            0x30 => Op30(this, pc, f),
            0xF0 => OpF0(this, pc, f),
            0x29 => Op29(this, pc, f),
            0xE5 => OpE5(this, pc, f),
            0x84 => Op84(this, pc, f),
            0xA2 => OpA2(this, pc, f),
            0x08 => Op08(this, pc, f),
            0x25 => Op25(this, pc, f),
            0xAE => OpAE(this, pc, f),
            0xC6 => OpC6(this, pc, f),
            0x4C => Op4C(this, pc, f),
            0x24 => Op24(this, pc, f),
            0x90 => Op90(this, pc, f),
            0xB5 => OpB5(this, pc, f),
            0x20 => Op20(this, pc, f),
            0x60 => Op60(this, pc, f),
            0x95 => Op95(this, pc, f),
            0xA6 => OpA6(this, pc, f),
            0xA0 => OpA0(this, pc, f),
            0xB0 => OpB0(this, pc, f),
            0x05 => Op05(this, pc, f),
            0x8A => Op8A(this, pc, f),
            0x38 => Op38(this, pc, f),
            0x4A => Op4A(this, pc, f),
            0xE8 => OpE8(this, pc, f),
            0xA8 => OpA8(this, pc, f),
            0xAA => OpAA(this, pc, f),
            0x9A => Op9A(this, pc, f),
            0xCA => OpCA(this, pc, f),
            0x88 => Op88(this, pc, f),
            0xC8 => OpC8(this, pc, f),
            0x18 => Op18(this, pc, f),
            0xE0 => OpE0(this, pc, f),
            0xC9 => OpC9(this, pc, f),
            0x69 => Op69(this, pc, f),
            0xE9 => OpE9(this, pc, f),
            _ => Opcodes<TF>.Matrix[op](this, pc, f),
        };
    }

    // ---- opcode handlers ------------------------------------------------------------------------
    // One static method per opcode, named by its value and commented with its mnemonic and addressing mode;
    // undocumented opcodes use the names in "NMOS 6510 Unintended Opcodes" (SLO, RLA, SRE, RRA, SAX, LAX, DCP, ISB, ...).

    /// <summary>The opcode matrix for one way of fetching: row = high nibble, column = low nibble; JAM/KIL opcodes halt the core.</summary>
    private static class Opcodes<TF> where TF : struct, IFetch
    {
        public static readonly delegate*<M6502<TBus>, int, TF, int>[] Matrix =
        [
            &Op00<TF>, &Op01<TF>, &Jam<TF>, &Op03<TF>, &Op04<TF>, &Op05<TF>, &Op06<TF>, &Op07<TF>, &Op08<TF>, &Op09<TF>, &Op0A<TF>, &Op0B<TF>, &Op0C<TF>, &Op0D<TF>, &Op0E<TF>, &Op0F<TF>,
            &Op10<TF>, &Op11<TF>, &Jam<TF>, &Op13<TF>, &Op14<TF>, &Op15<TF>, &Op16<TF>, &Op17<TF>, &Op18<TF>, &Op19<TF>, &Op1A<TF>, &Op1B<TF>, &Op1C<TF>, &Op1D<TF>, &Op1E<TF>, &Op1F<TF>,
            &Op20<TF>, &Op21<TF>, &Jam<TF>, &Op23<TF>, &Op24<TF>, &Op25<TF>, &Op26<TF>, &Op27<TF>, &Op28<TF>, &Op29<TF>, &Op2A<TF>, &Op2B<TF>, &Op2C<TF>, &Op2D<TF>, &Op2E<TF>, &Op2F<TF>,
            &Op30<TF>, &Op31<TF>, &Jam<TF>, &Op33<TF>, &Op34<TF>, &Op35<TF>, &Op36<TF>, &Op37<TF>, &Op38<TF>, &Op39<TF>, &Op3A<TF>, &Op3B<TF>, &Op3C<TF>, &Op3D<TF>, &Op3E<TF>, &Op3F<TF>,
            &Op40<TF>, &Op41<TF>, &Jam<TF>, &Op43<TF>, &Op44<TF>, &Op45<TF>, &Op46<TF>, &Op47<TF>, &Op48<TF>, &Op49<TF>, &Op4A<TF>, &Op4B<TF>, &Op4C<TF>, &Op4D<TF>, &Op4E<TF>, &Op4F<TF>,
            &Op50<TF>, &Op51<TF>, &Jam<TF>, &Op53<TF>, &Op54<TF>, &Op55<TF>, &Op56<TF>, &Op57<TF>, &Op58<TF>, &Op59<TF>, &Op5A<TF>, &Op5B<TF>, &Op5C<TF>, &Op5D<TF>, &Op5E<TF>, &Op5F<TF>,
            &Op60<TF>, &Op61<TF>, &Jam<TF>, &Op63<TF>, &Op64<TF>, &Op65<TF>, &Op66<TF>, &Op67<TF>, &Op68<TF>, &Op69<TF>, &Op6A<TF>, &Op6B<TF>, &Op6C<TF>, &Op6D<TF>, &Op6E<TF>, &Op6F<TF>,
            &Op70<TF>, &Op71<TF>, &Jam<TF>, &Op73<TF>, &Op74<TF>, &Op75<TF>, &Op76<TF>, &Op77<TF>, &Op78<TF>, &Op79<TF>, &Op7A<TF>, &Op7B<TF>, &Op7C<TF>, &Op7D<TF>, &Op7E<TF>, &Op7F<TF>,
            &Op80<TF>, &Op81<TF>, &Op80<TF>, &Op83<TF>, &Op84<TF>, &Op85<TF>, &Op86<TF>, &Op87<TF>, &Op88<TF>, &Op80<TF>, &Op8A<TF>, &Op8B<TF>, &Op8C<TF>, &Op8D<TF>, &Op8E<TF>, &Op8F<TF>,
            &Op90<TF>, &Op91<TF>, &Jam<TF>, &Op93<TF>, &Op94<TF>, &Op95<TF>, &Op96<TF>, &Op97<TF>, &Op98<TF>, &Op99<TF>, &Op9A<TF>, &Op9B<TF>, &Op9C<TF>, &Op9D<TF>, &Op9E<TF>, &Op9F<TF>,
            &OpA0<TF>, &OpA1<TF>, &OpA2<TF>, &OpA3<TF>, &OpA4<TF>, &OpA5<TF>, &OpA6<TF>, &OpA7<TF>, &OpA8<TF>, &OpA9<TF>, &OpAA<TF>, &OpAB<TF>, &OpAC<TF>, &OpAD<TF>, &OpAE<TF>, &OpAF<TF>,
            &OpB0<TF>, &OpB1<TF>, &Jam<TF>, &OpB3<TF>, &OpB4<TF>, &OpB5<TF>, &OpB6<TF>, &OpB7<TF>, &OpB8<TF>, &OpB9<TF>, &OpBA<TF>, &OpBB<TF>, &OpBC<TF>, &OpBD<TF>, &OpBE<TF>, &OpBF<TF>,
            &OpC0<TF>, &OpC1<TF>, &OpC2<TF>, &OpC3<TF>, &OpC4<TF>, &OpC5<TF>, &OpC6<TF>, &OpC7<TF>, &OpC8<TF>, &OpC9<TF>, &OpCA<TF>, &OpCB<TF>, &OpCC<TF>, &OpCD<TF>, &OpCE<TF>, &OpCF<TF>,
            &OpD0<TF>, &OpD1<TF>, &Jam<TF>, &OpD3<TF>, &OpD4<TF>, &OpD5<TF>, &OpD6<TF>, &OpD7<TF>, &OpD8<TF>, &OpD9<TF>, &OpDA<TF>, &OpDB<TF>, &OpDC<TF>, &OpDD<TF>, &OpDE<TF>, &OpDF<TF>,
            &OpE0<TF>, &OpE1<TF>, &OpE2<TF>, &OpE3<TF>, &OpE4<TF>, &OpE5<TF>, &OpE6<TF>, &OpE7<TF>, &OpE8<TF>, &OpE9<TF>, &OpEA<TF>, &OpE9<TF>, &OpEC<TF>, &OpED<TF>, &OpEE<TF>, &OpEF<TF>,
            &OpF0<TF>, &OpF1<TF>, &Jam<TF>, &OpF3<TF>, &OpF4<TF>, &OpF5<TF>, &OpF6<TF>, &OpF7<TF>, &OpF8<TF>, &OpF9<TF>, &OpEA<TF>, &OpFB<TF>, &OpFC<TF>, &OpFD<TF>, &OpFE<TF>, &OpFF<TF>,
        ];
    }

    private static int Jam<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Jammed = true; c.StopRequested = true; return pc; }

    private static int Op00<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch // BRK
    {
        c.FetchByte(ref pc, f);
        c.Push(pc >> 8);
        c.Push(pc & 0xFF);
        c.Push(c.P);
        c._i = true;
        int lo = c.Rd(0xFFFE);
        int hi = c.Rd(0xFFFF);
        pc = lo | (hi << 8);
        return pc;
    }
    private static int Op01<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.Rd(c.AddrIndX(ref pc, f)); c.SetNZ(c.A); return pc; }  // ORA (zp,X)
    private static int Op03<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrIndX(ref pc, f)); return pc; }  // SLO (zp,X)
    private static int Op04<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZp(ref pc, f)); return pc; }  // NOP zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op05<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.RdZp(c.AddrZp(ref pc, f)); c.SetNZ(c.A); return pc; }  // ORA zp
    private static int Op06<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZp(ref pc, f); c.WrZp(a, c.Asl(c.RdZp(a))); return pc; }  // ASL zp
    private static int Op07<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrZp(ref pc, f)); return pc; }  // SLO zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op08<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Push(c.P); return pc; }  // PHP
    private static int Op09<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.FetchByte(ref pc, f); c.SetNZ(c.A); return pc; }  // ORA #
    private static int Op0A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = (byte)c.Asl(c.A); return pc; }  // ASL A
    private static int Op0B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.FetchByte(ref pc, f); c.SetNZ(c.A); c._c = c.N; return pc; }  // ANC #
    private static int Op0C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbs(ref pc, f)); return pc; }  // NOP abs
    private static int Op0D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.Rd(c.AddrAbs(ref pc, f)); c.SetNZ(c.A); return pc; }  // ORA abs
    private static int Op0E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbs(ref pc, f); c.Wr(a, c.Asl(c.Rd(a))); return pc; }  // ASL abs
    private static int Op0F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrAbs(ref pc, f)); return pc; }  // SLO abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op10<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(!c.N, pc, f); }  // BPL
    private static int Op11<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.Rd(c.AddrIndYRead(ref pc, f)); c.SetNZ(c.A); return pc; }  // ORA (zp),Y
    private static int Op13<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrIndY(ref pc, f)); return pc; }  // SLO (zp),Y
    private static int Op14<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZpX(ref pc, f)); return pc; }  // NOP zp,X
    private static int Op15<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.RdZp(c.AddrZpX(ref pc, f)); c.SetNZ(c.A); return pc; }  // ORA zp,X
    private static int Op16<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZpX(ref pc, f); c.WrZp(a, c.Asl(c.RdZp(a))); return pc; }  // ASL zp,X
    private static int Op17<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrZpX(ref pc, f)); return pc; }  // SLO zp,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op18<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._c = false; return pc; }  // CLC
    private static int Op19<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f)); c.SetNZ(c.A); return pc; }  // ORA abs,Y
    private static int Op1A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return pc; }  // NOP
    private static int Op1B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrAbsIndexed(ref pc, c.Y, f)); return pc; }  // SLO abs,Y
    private static int Op1C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); return pc; }  // NOP abs,X
    private static int Op1D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A |= c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); c.SetNZ(c.A); return pc; }  // ORA abs,X
    private static int Op1E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.X, f); c.Wr(a, c.Asl(c.Rd(a))); return pc; }  // ASL abs,X
    private static int Op1F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Slo(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // SLO abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op20<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch // JSR abs
    {
        int lo = c.FetchByte(ref pc, f);
        c.RdZp(0x0100 + c.SP);
        c.Push(pc >> 8);
        c.Push(pc & 0xFF);
        int hi = c.FetchByte(ref pc, f);
        pc = lo | (hi << 8);
        return pc;
    }
    private static int Op21<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.Rd(c.AddrIndX(ref pc, f)); c.SetNZ(c.A); return pc; }  // AND (zp,X)
    private static int Op23<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrIndX(ref pc, f)); return pc; }  // RLA (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op24<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Bit(c.RdZp(c.AddrZp(ref pc, f))); return pc; }  // BIT zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op25<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.RdZp(c.AddrZp(ref pc, f)); c.SetNZ(c.A); return pc; }  // AND zp
    private static int Op26<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZp(ref pc, f); c.WrZp(a, c.Rol(c.RdZp(a))); return pc; }  // ROL zp
    private static int Op27<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrZp(ref pc, f)); return pc; }  // RLA zp
    private static int Op28<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(0x0100 + c.SP); c.SP++; c.P = c.RdZp(0x0100 + c.SP); return pc; }  // PLP
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op29<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.FetchByte(ref pc, f); c.SetNZ(c.A); return pc; }  // AND #
    private static int Op2A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = (byte)c.Rol(c.A); return pc; }  // ROL A
    private static int Op2B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.FetchByte(ref pc, f); c.SetNZ(c.A); c._c = c.N; return pc; }  // ANC #
    private static int Op2C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Bit(c.Rd(c.AddrAbs(ref pc, f))); return pc; }  // BIT abs
    private static int Op2D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.Rd(c.AddrAbs(ref pc, f)); c.SetNZ(c.A); return pc; }  // AND abs
    private static int Op2E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbs(ref pc, f); c.Wr(a, c.Rol(c.Rd(a))); return pc; }  // ROL abs
    private static int Op2F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrAbs(ref pc, f)); return pc; }  // RLA abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op30<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(c.N, pc, f); }  // BMI
    private static int Op31<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.Rd(c.AddrIndYRead(ref pc, f)); c.SetNZ(c.A); return pc; }  // AND (zp),Y
    private static int Op33<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrIndY(ref pc, f)); return pc; }  // RLA (zp),Y
    private static int Op34<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZpX(ref pc, f)); return pc; }  // NOP zp,X
    private static int Op35<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.RdZp(c.AddrZpX(ref pc, f)); c.SetNZ(c.A); return pc; }  // AND zp,X
    private static int Op36<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZpX(ref pc, f); c.WrZp(a, c.Rol(c.RdZp(a))); return pc; }  // ROL zp,X
    private static int Op37<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrZpX(ref pc, f)); return pc; }  // RLA zp,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op38<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._c = true; return pc; }  // SEC
    private static int Op39<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f)); c.SetNZ(c.A); return pc; }  // AND abs,Y
    private static int Op3A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return pc; }  // NOP
    private static int Op3B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrAbsIndexed(ref pc, c.Y, f)); return pc; }  // RLA abs,Y
    private static int Op3C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); return pc; }  // NOP abs,X
    private static int Op3D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); c.SetNZ(c.A); return pc; }  // AND abs,X
    private static int Op3E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.X, f); c.Wr(a, c.Rol(c.Rd(a))); return pc; }  // ROL abs,X
    private static int Op3F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rla(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // RLA abs,X
    private static int Op40<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch // RTI
    {
        c.RdZp(0x0100 + c.SP); c.SP++;
        c.P = c.RdZp(0x0100 + c.SP); c.SP++;
        int lo = c.RdZp(0x0100 + c.SP); c.SP++;
        int hi = c.RdZp(0x0100 + c.SP);
        pc = lo | (hi << 8);
        return pc;
    }
    private static int Op41<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.Rd(c.AddrIndX(ref pc, f)); c.SetNZ(c.A); return pc; }  // EOR (zp,X)
    private static int Op43<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrIndX(ref pc, f)); return pc; }  // SRE (zp,X)
    private static int Op44<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZp(ref pc, f)); return pc; }  // NOP zp
    private static int Op45<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.RdZp(c.AddrZp(ref pc, f)); c.SetNZ(c.A); return pc; }  // EOR zp
    private static int Op46<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZp(ref pc, f); c.WrZp(a, c.Lsr(c.RdZp(a))); return pc; }  // LSR zp
    private static int Op47<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrZp(ref pc, f)); return pc; }  // SRE zp
    private static int Op48<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Push(c.A); return pc; }  // PHA
    private static int Op49<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.FetchByte(ref pc, f); c.SetNZ(c.A); return pc; }  // EOR #
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op4A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = (byte)c.Lsr(c.A); return pc; }  // LSR A
    private static int Op4B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A &= c.FetchByte(ref pc, f); c._c = (c.A & 1) != 0; c.A >>= 1; c.SetNZ(c.A); return pc; }  // ASR #
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op4C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { pc = c.AddrAbs(ref pc, f); return pc; }  // JMP abs
    private static int Op4D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.Rd(c.AddrAbs(ref pc, f)); c.SetNZ(c.A); return pc; }  // EOR abs
    private static int Op4E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbs(ref pc, f); c.Wr(a, c.Lsr(c.Rd(a))); return pc; }  // LSR abs
    private static int Op4F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrAbs(ref pc, f)); return pc; }  // SRE abs
    private static int Op50<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(!c._v, pc, f); }  // BVC
    private static int Op51<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.Rd(c.AddrIndYRead(ref pc, f)); c.SetNZ(c.A); return pc; }  // EOR (zp),Y
    private static int Op53<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrIndY(ref pc, f)); return pc; }  // SRE (zp),Y
    private static int Op54<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZpX(ref pc, f)); return pc; }  // NOP zp,X
    private static int Op55<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.RdZp(c.AddrZpX(ref pc, f)); c.SetNZ(c.A); return pc; }  // EOR zp,X
    private static int Op56<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZpX(ref pc, f); c.WrZp(a, c.Lsr(c.RdZp(a))); return pc; }  // LSR zp,X
    private static int Op57<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrZpX(ref pc, f)); return pc; }  // SRE zp,X
    private static int Op58<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._i = false; return pc; }  // CLI
    private static int Op59<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f)); c.SetNZ(c.A); return pc; }  // EOR abs,Y
    private static int Op5A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return pc; }  // NOP
    private static int Op5B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrAbsIndexed(ref pc, c.Y, f)); return pc; }  // SRE abs,Y
    private static int Op5C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); return pc; }  // NOP abs,X
    private static int Op5D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A ^= c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); c.SetNZ(c.A); return pc; }  // EOR abs,X
    private static int Op5E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.X, f); c.Wr(a, c.Lsr(c.Rd(a))); return pc; }  // LSR abs,X
    private static int Op5F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sre(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // SRE abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op60<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch // RTS
    {
        c.RdZp(0x0100 + c.SP); c.SP++;
        int lo = c.RdZp(0x0100 + c.SP); c.SP++;
        int hi = c.RdZp(0x0100 + c.SP);
        pc = lo | (hi << 8);
        c.Rd(pc);   // the return-byte fetch: the new PC, outside this instruction's bytes, so always through the bus
        return (pc + 1) & 0xFFFF;
    }
    private static int Op61<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.Rd(c.AddrIndX(ref pc, f))); return pc; }  // ADC (zp,X)
    private static int Op63<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrIndX(ref pc, f)); return pc; }  // RRA (zp,X)
    private static int Op64<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZp(ref pc, f)); return pc; }  // NOP zp
    private static int Op65<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.RdZp(c.AddrZp(ref pc, f))); return pc; }  // ADC zp
    private static int Op66<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZp(ref pc, f); c.WrZp(a, c.Ror(c.RdZp(a))); return pc; }  // ROR zp
    private static int Op67<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrZp(ref pc, f)); return pc; }  // RRA zp
    private static int Op68<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(0x0100 + c.SP); c.SP++; c.A = c.RdZp(0x0100 + c.SP); c.SetNZ(c.A); return pc; }  // PLA
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op69<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.FetchByte(ref pc, f)); return pc; }  // ADC #
    private static int Op6A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = (byte)c.Ror(c.A); return pc; }  // ROR A
    private static int Op6B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Arr(c.FetchByte(ref pc, f)); return pc; }  // ARR #
    private static int Op6C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch // JMP (abs)
    {
        int ptr = c.AddrAbs(ref pc, f);
        // The NMOS indirect-jump bug: the high byte comes from the same page.
        int hiPtr = (ptr & 0xFF00) | ((ptr + 1) & 0x00FF);
        pc = c.Rd(ptr) | (c.Rd(hiPtr) << 8);
        return pc;
    }
    private static int Op6D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.Rd(c.AddrAbs(ref pc, f))); return pc; }  // ADC abs
    private static int Op6E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbs(ref pc, f); c.Wr(a, c.Ror(c.Rd(a))); return pc; }  // ROR abs
    private static int Op6F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrAbs(ref pc, f)); return pc; }  // RRA abs
    private static int Op70<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(c._v, pc, f); }  // BVS
    private static int Op71<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.Rd(c.AddrIndYRead(ref pc, f))); return pc; }  // ADC (zp),Y
    private static int Op73<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrIndY(ref pc, f)); return pc; }  // RRA (zp),Y
    private static int Op74<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZpX(ref pc, f)); return pc; }  // NOP zp,X
    private static int Op75<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.RdZp(c.AddrZpX(ref pc, f))); return pc; }  // ADC zp,X
    private static int Op76<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrZpX(ref pc, f); c.WrZp(a, c.Ror(c.RdZp(a))); return pc; }  // ROR zp,X
    private static int Op77<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrZpX(ref pc, f)); return pc; }  // RRA zp,X
    private static int Op78<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._i = true; return pc; }  // SEI
    private static int Op79<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f))); return pc; }  // ADC abs,Y
    private static int Op7A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return pc; }  // NOP
    private static int Op7B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrAbsIndexed(ref pc, c.Y, f)); return pc; }  // RRA abs,Y
    private static int Op7C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); return pc; }  // NOP abs,X
    private static int Op7D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Adc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f))); return pc; }  // ADC abs,X
    private static int Op7E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.X, f); c.Wr(a, c.Ror(c.Rd(a))); return pc; }  // ROR abs,X
    private static int Op7F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rra(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // RRA abs,X
    private static int Op80<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.FetchByte(ref pc, f); return pc; }  // $80 NOP # / $82 NOP # / $89 NOP #
    private static int Op81<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrIndX(ref pc, f), c.A); return pc; }  // STA (zp,X)
    private static int Op83<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrIndX(ref pc, f), c.A & c.X); return pc; }  // SAX (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op84<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZp(ref pc, f), c.Y); return pc; }  // STY zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op85<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZp(ref pc, f), c.A); return pc; }  // STA zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op86<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZp(ref pc, f), c.X); return pc; }  // STX zp
    private static int Op87<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZp(ref pc, f), c.A & c.X); return pc; }  // SAX zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op88<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y--; c.SetNZ(c.Y); return pc; }  // DEY
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op8A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.X; c.SetNZ(c.A); return pc; }  // TXA
    private static int Op8B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = (byte)((c.A | 0xEE) & c.X & c.FetchByte(ref pc, f)); c.SetNZ(c.A); return pc; }  // ANE #
    private static int Op8C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrAbs(ref pc, f), c.Y); return pc; }  // STY abs
    private static int Op8D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrAbs(ref pc, f), c.A); return pc; }  // STA abs
    private static int Op8E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrAbs(ref pc, f), c.X); return pc; }  // STX abs
    private static int Op8F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrAbs(ref pc, f), c.A & c.X); return pc; }  // SAX abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op90<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(!c._c, pc, f); }  // BCC
    private static int Op91<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrIndY(ref pc, f), c.A); return pc; }  // STA (zp),Y
    private static int Op93<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrIndY(ref pc, f); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); return pc; }  // SHA (zp),Y
    private static int Op94<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZpX(ref pc, f), c.Y); return pc; }  // STY zp,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op95<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZpX(ref pc, f), c.A); return pc; }  // STA zp,X
    private static int Op96<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZpY(ref pc, f), c.X); return pc; }  // STX zp,Y
    private static int Op97<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.WrZp(c.AddrZpY(ref pc, f), c.A & c.X); return pc; }  // SAX zp,Y
    private static int Op98<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.Y; c.SetNZ(c.A); return pc; }  // TYA
    private static int Op99<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrAbsIndexed(ref pc, c.Y, f), c.A); return pc; }  // STA abs,Y
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op9A<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.SP = c.X; return pc; }  // TXS
    private static int Op9B<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.Y, f); c.SP = (byte)(c.A & c.X); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); return pc; }  // SHS abs,Y
    private static int Op9C<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.X, f); c.Wr(a, c.Y & ((a >> 8) + 1)); return pc; }  // SHY abs,X
    private static int Op9D<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Wr(c.AddrAbsIndexed(ref pc, c.X, f), c.A); return pc; }  // STA abs,X
    private static int Op9E<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.Y, f); c.Wr(a, c.X & ((a >> 8) + 1)); return pc; }  // SHX abs,Y
    private static int Op9F<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int a = c.AddrAbsIndexed(ref pc, c.Y, f); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); return pc; }  // SHA abs,Y
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA0<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y = c.FetchByte(ref pc, f); c.SetNZ(c.Y); return pc; }  // LDY #
    private static int OpA1<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.Rd(c.AddrIndX(ref pc, f)); c.SetNZ(c.A); return pc; }  // LDA (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA2<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.FetchByte(ref pc, f); c.SetNZ(c.X); return pc; }  // LDX #
    private static int OpA3<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Lax(c.AddrIndX(ref pc, f)); return pc; }  // LAX (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA4<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y = c.RdZp(c.AddrZp(ref pc, f)); c.SetNZ(c.Y); return pc; }  // LDY zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA5<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.RdZp(c.AddrZp(ref pc, f)); c.SetNZ(c.A); return pc; }  // LDA zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA6<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.RdZp(c.AddrZp(ref pc, f)); c.SetNZ(c.X); return pc; }  // LDX zp
    private static int OpA7<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Lax(c.AddrZp(ref pc, f)); return pc; }  // LAX zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA8<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y = c.A; c.SetNZ(c.Y); return pc; }  // TAY
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA9<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.FetchByte(ref pc, f); c.SetNZ(c.A); return pc; }  // LDA #
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpAA<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.A; c.SetNZ(c.X); return pc; }  // TAX
    private static int OpAB<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.X = (byte)((c.A | 0xEE) & c.FetchByte(ref pc, f)); c.SetNZ(c.A); return pc; }  // LXA #
    private static int OpAC<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y = c.Rd(c.AddrAbs(ref pc, f)); c.SetNZ(c.Y); return pc; }  // LDY abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpAD<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.Rd(c.AddrAbs(ref pc, f)); c.SetNZ(c.A); return pc; }  // LDA abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpAE<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.Rd(c.AddrAbs(ref pc, f)); c.SetNZ(c.X); return pc; }  // LDX abs
    private static int OpAF<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Lax(c.AddrAbs(ref pc, f)); return pc; }  // LAX abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB0<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(c._c, pc, f); }  // BCS
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB1<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.Rd(c.AddrIndYRead(ref pc, f)); c.SetNZ(c.A); return pc; }  // LDA (zp),Y
    private static int OpB3<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Lax(c.AddrIndYRead(ref pc, f)); return pc; }  // LAX (zp),Y
    private static int OpB4<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y = c.RdZp(c.AddrZpX(ref pc, f)); c.SetNZ(c.Y); return pc; }  // LDY zp,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB5<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.RdZp(c.AddrZpX(ref pc, f)); c.SetNZ(c.A); return pc; }  // LDA zp,X
    private static int OpB6<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.RdZp(c.AddrZpY(ref pc, f)); c.SetNZ(c.X); return pc; }  // LDX zp,Y
    private static int OpB7<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Lax(c.AddrZpY(ref pc, f)); return pc; }  // LAX zp,Y
    private static int OpB8<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._v = false; return pc; }  // CLV
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB9<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f)); c.SetNZ(c.A); return pc; }  // LDA abs,Y
    private static int OpBA<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.SP; c.SetNZ(c.X); return pc; }  // TSX
    private static int OpBB<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { int v = c.SP & c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f)); c.A = c.X = c.SP = (byte)v; c.SetNZ(v); return pc; }  // LAS abs,Y
    private static int OpBC<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y = c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); c.SetNZ(c.Y); return pc; }  // LDY abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpBD<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.A = c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); c.SetNZ(c.A); return pc; }  // LDA abs,X
    private static int OpBE<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X = c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f)); c.SetNZ(c.X); return pc; }  // LDX abs,Y
    private static int OpBF<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Lax(c.AddrAbsIndexedRead(ref pc, c.Y, f)); return pc; }  // LAX abs,Y
    private static int OpC0<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.Y, c.FetchByte(ref pc, f)); return pc; }  // CPY #
    private static int OpC1<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.Rd(c.AddrIndX(ref pc, f))); return pc; }  // CMP (zp,X)
    private static int OpC2<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.FetchByte(ref pc, f); return pc; }  // NOP #
    private static int OpC3<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrIndX(ref pc, f)); return pc; }  // DCP (zp,X)
    private static int OpC4<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.Y, c.RdZp(c.AddrZp(ref pc, f))); return pc; }  // CPY zp
    private static int OpC5<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.RdZp(c.AddrZp(ref pc, f))); return pc; }  // CMP zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpC6<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dec(c.AddrZp(ref pc, f)); return pc; }  // DEC zp
    private static int OpC7<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrZp(ref pc, f)); return pc; }  // DCP zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpC8<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Y++; c.SetNZ(c.Y); return pc; }  // INY
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpC9<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.FetchByte(ref pc, f)); return pc; }  // CMP #
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpCA<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X--; c.SetNZ(c.X); return pc; }  // DEX
    private static int OpCB<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch // SBX #
    {
        int v = ((c.X & c.A) - c.FetchByte(ref pc, f)) & 0xFFFF;
        c.X = (byte)v; c.SetNZ(c.X); c._c = (v & 0x100) == 0;
        return pc;
    }
    private static int OpCC<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.Y, c.Rd(c.AddrAbs(ref pc, f))); return pc; }  // CPY abs
    private static int OpCD<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.Rd(c.AddrAbs(ref pc, f))); return pc; }  // CMP abs
    private static int OpCE<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dec(c.AddrAbs(ref pc, f)); return pc; }  // DEC abs
    private static int OpCF<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrAbs(ref pc, f)); return pc; }  // DCP abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpD0<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(!c.Z, pc, f); }  // BNE
    private static int OpD1<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.Rd(c.AddrIndYRead(ref pc, f))); return pc; }  // CMP (zp),Y
    private static int OpD3<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrIndY(ref pc, f)); return pc; }  // DCP (zp),Y
    private static int OpD4<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZpX(ref pc, f)); return pc; }  // NOP zp,X
    private static int OpD5<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.RdZp(c.AddrZpX(ref pc, f))); return pc; }  // CMP zp,X
    private static int OpD6<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dec(c.AddrZpX(ref pc, f)); return pc; }  // DEC zp,X
    private static int OpD7<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrZpX(ref pc, f)); return pc; }  // DCP zp,X
    private static int OpD8<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._d = false; return pc; }  // CLD
    private static int OpD9<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f))); return pc; }  // CMP abs,Y
    private static int OpDA<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return pc; }  // NOP
    private static int OpDB<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrAbsIndexed(ref pc, c.Y, f)); return pc; }  // DCP abs,Y
    private static int OpDC<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); return pc; }  // NOP abs,X
    private static int OpDD<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.A, c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f))); return pc; }  // CMP abs,X
    private static int OpDE<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dec(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // DEC abs,X
    private static int OpDF<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Dcp(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // DCP abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpE0<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.X, c.FetchByte(ref pc, f)); return pc; }  // CPX #
    private static int OpE1<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.Rd(c.AddrIndX(ref pc, f))); return pc; }  // SBC (zp,X)
    private static int OpE2<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.FetchByte(ref pc, f); return pc; }  // NOP #
    private static int OpE3<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrIndX(ref pc, f)); return pc; }  // ISB (zp,X)
    private static int OpE4<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.X, c.RdZp(c.AddrZp(ref pc, f))); return pc; }  // CPX zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpE5<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.RdZp(c.AddrZp(ref pc, f))); return pc; }  // SBC zp
    private static int OpE6<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Inc(c.AddrZp(ref pc, f)); return pc; }  // INC zp
    private static int OpE7<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrZp(ref pc, f)); return pc; }  // ISB zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpE8<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.X++; c.SetNZ(c.X); return pc; }  // INX
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpE9<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.FetchByte(ref pc, f)); return pc; }  // $E9 SBC # / $EB SBC #
    private static int OpEA<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return pc; }  // $EA NOP / $FA NOP
    private static int OpEC<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Compare(c.X, c.Rd(c.AddrAbs(ref pc, f))); return pc; }  // CPX abs
    private static int OpED<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.Rd(c.AddrAbs(ref pc, f))); return pc; }  // SBC abs
    private static int OpEE<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Inc(c.AddrAbs(ref pc, f)); return pc; }  // INC abs
    private static int OpEF<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrAbs(ref pc, f)); return pc; }  // ISB abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpF0<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { return c.Branch(c.Z, pc, f); }  // BEQ
    private static int OpF1<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.Rd(c.AddrIndYRead(ref pc, f))); return pc; }  // SBC (zp),Y
    private static int OpF3<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrIndY(ref pc, f)); return pc; }  // ISB (zp),Y
    private static int OpF4<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.RdZp(c.AddrZpX(ref pc, f)); return pc; }  // NOP zp,X
    private static int OpF5<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.RdZp(c.AddrZpX(ref pc, f))); return pc; }  // SBC zp,X
    private static int OpF6<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Inc(c.AddrZpX(ref pc, f)); return pc; }  // INC zp,X
    private static int OpF7<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrZpX(ref pc, f)); return pc; }  // ISB zp,X
    private static int OpF8<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c._d = true; return pc; }  // SED
    private static int OpF9<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y, f))); return pc; }  // SBC abs,Y
    private static int OpFB<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrAbsIndexed(ref pc, c.Y, f)); return pc; }  // ISB abs,Y
    private static int OpFC<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f)); return pc; }  // NOP abs,X
    private static int OpFD<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Sbc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.X, f))); return pc; }  // SBC abs,X
    private static int OpFE<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Inc(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // INC abs,X
    private static int OpFF<TF>(M6502<TBus> c, int pc, TF f) where TF : struct, IFetch { c.Isb(c.AddrAbsIndexed(ref pc, c.X, f)); return pc; }  // ISB abs,X

    /// <summary>Writes registers, flags, cycle counter and halt state.</summary>
    public void SaveState(BinaryWriter w)
    {
        w.Write(A); w.Write(X); w.Write(Y); w.Write(SP); w.Write(PC); w.Write(P);
        w.Write(Cycles); w.Write(Jammed); w.Write(StopRequested); w.Write(LastOpcode); w.Write(InstructionCount);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader r)
    {
        A = r.ReadByte(); X = r.ReadByte(); Y = r.ReadByte(); SP = r.ReadByte(); PC = r.ReadInt32(); P = r.ReadByte();
        Cycles = r.ReadInt64(); Jammed = r.ReadBoolean(); StopRequested = r.ReadBoolean(); LastOpcode = r.ReadByte();
        InstructionCount = r.ReadInt64();
    }

    private static byte[] BuildBcdTable()
    {
        var t = new byte[512];
        for (int v = 0; v < 256; v++)
        {
            t[v] = (byte)(((v >> 4) * 10) + (v & 0x0F));
            t[256 + v] = (byte)((((v % 100) / 10) << 4) | (v % 10));
        }
        return t;
    }
}
