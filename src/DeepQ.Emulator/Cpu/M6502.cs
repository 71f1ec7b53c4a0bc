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
public sealed unsafe class M6502<TBus> where TBus : struct, ICpuBus
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
        do
        {
            int at = pc;
            pc = StepCore(pc, out _);
            n++;
            // A branch taken 5 bytes back from its own operand lands 3 bytes before itself: the shape of a timer wait.
            if (pc + 3 == at) pc = WaitOnTimer(pc, ref n, maxInstructions);
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
    /// Returns the next PC; anything else returns <paramref name="loopStart"/> unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int WaitOnTimer(int loopStart, ref int n, int maxInstructions)
    {
        if (!_bus.TryPeekPlain(loopStart, out byte load) || !_bus.TryPeekPlain(loopStart + 1, out byte lo)
            || !_bus.TryPeekPlain(loopStart + 2, out byte hi) || !_bus.TryPeekPlain(loopStart + 3, out byte branch)
            || !_bus.TryPeekPlain(loopStart + 4, out byte offset) || offset != 0xFB)
            return loopStart;
        if (load is not (0xAD or 0xAE or 0xAC) || branch is not (0xD0 or 0xF0 or 0x10 or 0x30)) return loopStart;
        int address = lo | (hi << 8);
        // INTIM and its mirrors: A12 clear, A9 and A7 set (RIOT registers), A2 set and A0 clear.
        if ((address & 0x1280) != 0x0280 || (address & 0x05) != 0x04) return loopStart;

        int next = (loopStart + 5) & 0xFFFF;
        int takenCycles = ((next ^ loopStart) & 0xFF00) != 0 ? 2 : 1;
        int loadCycles = BaseCycles[load], branchCycles = BaseCycles[branch];
        while (true)
        {
            if (n >= maxInstructions || StopRequested)
            {
                _bus.Read(loopStart + 4);   // the data bus as the taken branch's operand fetch left it
                return loopStart;
            }
            Cycles += loadCycles;
            int v = _bus.Read(address);
            if (load == 0xAD) A = (byte)v; else if (load == 0xAE) X = (byte)v; else Y = (byte)v;
            _nz = v;
            n++;
            if (n >= maxInstructions || StopRequested) return (loopStart + 3) & 0xFFFF;
            Cycles += branchCycles;
            n++;
            bool taken = branch switch { 0xD0 => v != 0, 0xF0 => v == 0, 0x10 => v < 0x80, _ => v >= 0x80 };
            if (!taken)
            {
                _bus.Read(loopStart + 4);
                return next;
            }
            Cycles += takenCycles;
        }
    }

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte FetchByte(ref int pc) { byte b = _bus.Read(pc); pc = (pc + 1) & 0xFFFF; return b; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZp(ref int pc) => FetchByte(ref pc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZpX(ref int pc) => (FetchByte(ref pc) + X) & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZpY(ref int pc) => (FetchByte(ref pc) + Y) & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbs(ref int pc)
    {
        int lo = _bus.Read(pc);
        int hi = _bus.Read((pc + 1) & 0xFFFF);
        pc = (pc + 2) & 0xFFFF;
        return lo | (hi << 8);
    }

    /// <summary>Absolute indexed for reads: one extra cycle when the index crosses a page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbsIndexedRead(ref int pc, int index)
    {
        int baseAddr = AddrAbs(ref pc);
        // Branch-free penalty: the low byte plus the index carries into the high byte exactly on a page crossing.
        Cycles += ((baseAddr & 0xFF) + index) >> 8;
        return (baseAddr + index) & 0xFFFF;
    }

    /// <summary>Absolute indexed for writes and read-modify-writes: the table already counts the extra cycle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbsIndexed(ref int pc, int index) => (AddrAbs(ref pc) + index) & 0xFFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndX(ref int pc)
    {
        int p = (FetchByte(ref pc) + X) & 0xFF;
        int lo = _bus.ReadLow(p);
        int hi = _bus.ReadLow((p + 1) & 0xFF);
        return lo | (hi << 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndYRead(ref int pc)
    {
        int p = FetchByte(ref pc);
        int baseAddr = _bus.ReadLow(p) | (_bus.ReadLow((p + 1) & 0xFF) << 8);
        Cycles += ((baseAddr & 0xFF) + Y) >> 8;
        return (baseAddr + Y) & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndY(ref int pc)
    {
        int p = FetchByte(ref pc);
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
    private int Branch(bool taken, int pc)
    {
        int offset = (sbyte)FetchByte(ref pc);
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
        PC = StepCore(PC, out byte opcode);
        LastOpcode = opcode;
    }

    /// <summary>Fetches, times and dispatches the instruction at <paramref name="pc"/>; returns the next PC. The caller has checked <see cref="Jammed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StepCore(int pc, out byte opcode)
    {
        // Each handler is a small method in which the JIT inlines every bus access and addressing helper. op is a
        // byte, so both 256-entry tables are indexed without bounds checks (the JIT proves it for the array,
        // Unsafe.Add says it for the span).
        byte op = FetchByte(ref pc);
        opcode = op;
        Cycles += Unsafe.Add(ref MemoryMarshal.GetReference(BaseCycles), op);
        // The 32 opcodes games spend most time in (profiled over five games of different schemes) are dispatched by a
        // switch, so their handlers are inlined here and skip the call; the rest take one indirect call through the
        // opcode matrix. More cases
        // exhaust the JIT's inlining budget for this method, and then hot handlers and bus helpers become calls again.
        return op switch
        {
            0x85 => Op85(this, pc),
            0xB1 => OpB1(this, pc),
            0xA5 => OpA5(this, pc),
            0xD0 => OpD0(this, pc),
            0xAD => OpAD(this, pc),
            0x10 => Op10(this, pc),
            0xA9 => OpA9(this, pc),
            0xB9 => OpB9(this, pc),
            0x86 => Op86(this, pc),
            0xA4 => OpA4(this, pc),
            0xBD => OpBD(this, pc),
            0x30 => Op30(this, pc),
            0xF0 => OpF0(this, pc),
            0x29 => Op29(this, pc),
            0xE5 => OpE5(this, pc),
            0x84 => Op84(this, pc),
            0xA2 => OpA2(this, pc),
            0x08 => Op08(this, pc),
            0x25 => Op25(this, pc),
            0xAE => OpAE(this, pc),
            0xC6 => OpC6(this, pc),
            0x4C => Op4C(this, pc),
            0x24 => Op24(this, pc),
            0x90 => Op90(this, pc),
            0xB5 => OpB5(this, pc),
            0x20 => Op20(this, pc),
            0x60 => Op60(this, pc),
            0x95 => Op95(this, pc),
            0xA6 => OpA6(this, pc),
            0xA0 => OpA0(this, pc),
            0xB0 => OpB0(this, pc),
            0x05 => Op05(this, pc),
            _ => s_opcodes[op](this, pc),
        };
    }

    // ---- opcode handlers ------------------------------------------------------------------------
    // One static method per opcode, named by its value and commented with its mnemonic and addressing mode;
    // undocumented opcodes use the names in "NMOS 6510 Unintended Opcodes" (SLO, RLA, SRE, RRA, SAX, LAX, DCP, ISB, ...).

    /// <summary>The opcode matrix: row = high nibble, column = low nibble; JAM/KIL opcodes halt the core.</summary>
    private static readonly delegate*<M6502<TBus>, int, int>[] s_opcodes =
    [
        &Op00, &Op01, &Jam , &Op03, &Op04, &Op05, &Op06, &Op07, &Op08, &Op09, &Op0A, &Op0B, &Op0C, &Op0D, &Op0E, &Op0F,
        &Op10, &Op11, &Jam , &Op13, &Op14, &Op15, &Op16, &Op17, &Op18, &Op19, &Op1A, &Op1B, &Op1C, &Op1D, &Op1E, &Op1F,
        &Op20, &Op21, &Jam , &Op23, &Op24, &Op25, &Op26, &Op27, &Op28, &Op29, &Op2A, &Op2B, &Op2C, &Op2D, &Op2E, &Op2F,
        &Op30, &Op31, &Jam , &Op33, &Op34, &Op35, &Op36, &Op37, &Op38, &Op39, &Op3A, &Op3B, &Op3C, &Op3D, &Op3E, &Op3F,
        &Op40, &Op41, &Jam , &Op43, &Op44, &Op45, &Op46, &Op47, &Op48, &Op49, &Op4A, &Op4B, &Op4C, &Op4D, &Op4E, &Op4F,
        &Op50, &Op51, &Jam , &Op53, &Op54, &Op55, &Op56, &Op57, &Op58, &Op59, &Op5A, &Op5B, &Op5C, &Op5D, &Op5E, &Op5F,
        &Op60, &Op61, &Jam , &Op63, &Op64, &Op65, &Op66, &Op67, &Op68, &Op69, &Op6A, &Op6B, &Op6C, &Op6D, &Op6E, &Op6F,
        &Op70, &Op71, &Jam , &Op73, &Op74, &Op75, &Op76, &Op77, &Op78, &Op79, &Op7A, &Op7B, &Op7C, &Op7D, &Op7E, &Op7F,
        &Op80, &Op81, &Op80, &Op83, &Op84, &Op85, &Op86, &Op87, &Op88, &Op80, &Op8A, &Op8B, &Op8C, &Op8D, &Op8E, &Op8F,
        &Op90, &Op91, &Jam , &Op93, &Op94, &Op95, &Op96, &Op97, &Op98, &Op99, &Op9A, &Op9B, &Op9C, &Op9D, &Op9E, &Op9F,
        &OpA0, &OpA1, &OpA2, &OpA3, &OpA4, &OpA5, &OpA6, &OpA7, &OpA8, &OpA9, &OpAA, &OpAB, &OpAC, &OpAD, &OpAE, &OpAF,
        &OpB0, &OpB1, &Jam , &OpB3, &OpB4, &OpB5, &OpB6, &OpB7, &OpB8, &OpB9, &OpBA, &OpBB, &OpBC, &OpBD, &OpBE, &OpBF,
        &OpC0, &OpC1, &OpC2, &OpC3, &OpC4, &OpC5, &OpC6, &OpC7, &OpC8, &OpC9, &OpCA, &OpCB, &OpCC, &OpCD, &OpCE, &OpCF,
        &OpD0, &OpD1, &Jam , &OpD3, &OpD4, &OpD5, &OpD6, &OpD7, &OpD8, &OpD9, &OpDA, &OpDB, &OpDC, &OpDD, &OpDE, &OpDF,
        &OpE0, &OpE1, &OpE2, &OpE3, &OpE4, &OpE5, &OpE6, &OpE7, &OpE8, &OpE9, &OpEA, &OpE9, &OpEC, &OpED, &OpEE, &OpEF,
        &OpF0, &OpF1, &Jam , &OpF3, &OpF4, &OpF5, &OpF6, &OpF7, &OpF8, &OpF9, &OpEA, &OpFB, &OpFC, &OpFD, &OpFE, &OpFF,
    ];

    private static int Jam(M6502<TBus> c, int pc) { c.Jammed = true; c.StopRequested = true; return pc; }

    private static int Op00(M6502<TBus> c, int pc) // BRK
    {
        c.FetchByte(ref pc);
        c.Push(pc >> 8);
        c.Push(pc & 0xFF);
        c.Push(c.P);
        c._i = true;
        int lo = c.Rd(0xFFFE);
        int hi = c.Rd(0xFFFF);
        pc = lo | (hi << 8);
        return pc;
    }
    private static int Op01(M6502<TBus> c, int pc) { c.A |= c.Rd(c.AddrIndX(ref pc)); c.SetNZ(c.A); return pc; }  // ORA (zp,X)
    private static int Op03(M6502<TBus> c, int pc) { c.Slo(c.AddrIndX(ref pc)); return pc; }  // SLO (zp,X)
    private static int Op04(M6502<TBus> c, int pc) { c.RdZp(c.AddrZp(ref pc)); return pc; }  // NOP zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op05(M6502<TBus> c, int pc) { c.A |= c.RdZp(c.AddrZp(ref pc)); c.SetNZ(c.A); return pc; }  // ORA zp
    private static int Op06(M6502<TBus> c, int pc) { int a = c.AddrZp(ref pc); c.WrZp(a, c.Asl(c.RdZp(a))); return pc; }  // ASL zp
    private static int Op07(M6502<TBus> c, int pc) { c.Slo(c.AddrZp(ref pc)); return pc; }  // SLO zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op08(M6502<TBus> c, int pc) { c.Push(c.P); return pc; }  // PHP
    private static int Op09(M6502<TBus> c, int pc) { c.A |= c.FetchByte(ref pc); c.SetNZ(c.A); return pc; }  // ORA #
    private static int Op0A(M6502<TBus> c, int pc) { c.A = (byte)c.Asl(c.A); return pc; }  // ASL A
    private static int Op0B(M6502<TBus> c, int pc) { c.A &= c.FetchByte(ref pc); c.SetNZ(c.A); c._c = c.N; return pc; }  // ANC #
    private static int Op0C(M6502<TBus> c, int pc) { c.Rd(c.AddrAbs(ref pc)); return pc; }  // NOP abs
    private static int Op0D(M6502<TBus> c, int pc) { c.A |= c.Rd(c.AddrAbs(ref pc)); c.SetNZ(c.A); return pc; }  // ORA abs
    private static int Op0E(M6502<TBus> c, int pc) { int a = c.AddrAbs(ref pc); c.Wr(a, c.Asl(c.Rd(a))); return pc; }  // ASL abs
    private static int Op0F(M6502<TBus> c, int pc) { c.Slo(c.AddrAbs(ref pc)); return pc; }  // SLO abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op10(M6502<TBus> c, int pc) { return c.Branch(!c.N, pc); }  // BPL
    private static int Op11(M6502<TBus> c, int pc) { c.A |= c.Rd(c.AddrIndYRead(ref pc)); c.SetNZ(c.A); return pc; }  // ORA (zp),Y
    private static int Op13(M6502<TBus> c, int pc) { c.Slo(c.AddrIndY(ref pc)); return pc; }  // SLO (zp),Y
    private static int Op14(M6502<TBus> c, int pc) { c.RdZp(c.AddrZpX(ref pc)); return pc; }  // NOP zp,X
    private static int Op15(M6502<TBus> c, int pc) { c.A |= c.RdZp(c.AddrZpX(ref pc)); c.SetNZ(c.A); return pc; }  // ORA zp,X
    private static int Op16(M6502<TBus> c, int pc) { int a = c.AddrZpX(ref pc); c.WrZp(a, c.Asl(c.RdZp(a))); return pc; }  // ASL zp,X
    private static int Op17(M6502<TBus> c, int pc) { c.Slo(c.AddrZpX(ref pc)); return pc; }  // SLO zp,X
    private static int Op18(M6502<TBus> c, int pc) { c._c = false; return pc; }  // CLC
    private static int Op19(M6502<TBus> c, int pc) { c.A |= c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y)); c.SetNZ(c.A); return pc; }  // ORA abs,Y
    private static int Op1A(M6502<TBus> c, int pc) { return pc; }  // NOP
    private static int Op1B(M6502<TBus> c, int pc) { c.Slo(c.AddrAbsIndexed(ref pc, c.Y)); return pc; }  // SLO abs,Y
    private static int Op1C(M6502<TBus> c, int pc) { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); return pc; }  // NOP abs,X
    private static int Op1D(M6502<TBus> c, int pc) { c.A |= c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); c.SetNZ(c.A); return pc; }  // ORA abs,X
    private static int Op1E(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.X); c.Wr(a, c.Asl(c.Rd(a))); return pc; }  // ASL abs,X
    private static int Op1F(M6502<TBus> c, int pc) { c.Slo(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // SLO abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op20(M6502<TBus> c, int pc) // JSR abs
    {
        int lo = c.FetchByte(ref pc);
        c.RdZp(0x0100 + c.SP);
        c.Push(pc >> 8);
        c.Push(pc & 0xFF);
        int hi = c.Rd(pc);
        pc = lo | (hi << 8);
        return pc;
    }
    private static int Op21(M6502<TBus> c, int pc) { c.A &= c.Rd(c.AddrIndX(ref pc)); c.SetNZ(c.A); return pc; }  // AND (zp,X)
    private static int Op23(M6502<TBus> c, int pc) { c.Rla(c.AddrIndX(ref pc)); return pc; }  // RLA (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op24(M6502<TBus> c, int pc) { c.Bit(c.RdZp(c.AddrZp(ref pc))); return pc; }  // BIT zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op25(M6502<TBus> c, int pc) { c.A &= c.RdZp(c.AddrZp(ref pc)); c.SetNZ(c.A); return pc; }  // AND zp
    private static int Op26(M6502<TBus> c, int pc) { int a = c.AddrZp(ref pc); c.WrZp(a, c.Rol(c.RdZp(a))); return pc; }  // ROL zp
    private static int Op27(M6502<TBus> c, int pc) { c.Rla(c.AddrZp(ref pc)); return pc; }  // RLA zp
    private static int Op28(M6502<TBus> c, int pc) { c.RdZp(0x0100 + c.SP); c.SP++; c.P = c.RdZp(0x0100 + c.SP); return pc; }  // PLP
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op29(M6502<TBus> c, int pc) { c.A &= c.FetchByte(ref pc); c.SetNZ(c.A); return pc; }  // AND #
    private static int Op2A(M6502<TBus> c, int pc) { c.A = (byte)c.Rol(c.A); return pc; }  // ROL A
    private static int Op2B(M6502<TBus> c, int pc) { c.A &= c.FetchByte(ref pc); c.SetNZ(c.A); c._c = c.N; return pc; }  // ANC #
    private static int Op2C(M6502<TBus> c, int pc) { c.Bit(c.Rd(c.AddrAbs(ref pc))); return pc; }  // BIT abs
    private static int Op2D(M6502<TBus> c, int pc) { c.A &= c.Rd(c.AddrAbs(ref pc)); c.SetNZ(c.A); return pc; }  // AND abs
    private static int Op2E(M6502<TBus> c, int pc) { int a = c.AddrAbs(ref pc); c.Wr(a, c.Rol(c.Rd(a))); return pc; }  // ROL abs
    private static int Op2F(M6502<TBus> c, int pc) { c.Rla(c.AddrAbs(ref pc)); return pc; }  // RLA abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op30(M6502<TBus> c, int pc) { return c.Branch(c.N, pc); }  // BMI
    private static int Op31(M6502<TBus> c, int pc) { c.A &= c.Rd(c.AddrIndYRead(ref pc)); c.SetNZ(c.A); return pc; }  // AND (zp),Y
    private static int Op33(M6502<TBus> c, int pc) { c.Rla(c.AddrIndY(ref pc)); return pc; }  // RLA (zp),Y
    private static int Op34(M6502<TBus> c, int pc) { c.RdZp(c.AddrZpX(ref pc)); return pc; }  // NOP zp,X
    private static int Op35(M6502<TBus> c, int pc) { c.A &= c.RdZp(c.AddrZpX(ref pc)); c.SetNZ(c.A); return pc; }  // AND zp,X
    private static int Op36(M6502<TBus> c, int pc) { int a = c.AddrZpX(ref pc); c.WrZp(a, c.Rol(c.RdZp(a))); return pc; }  // ROL zp,X
    private static int Op37(M6502<TBus> c, int pc) { c.Rla(c.AddrZpX(ref pc)); return pc; }  // RLA zp,X
    private static int Op38(M6502<TBus> c, int pc) { c._c = true; return pc; }  // SEC
    private static int Op39(M6502<TBus> c, int pc) { c.A &= c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y)); c.SetNZ(c.A); return pc; }  // AND abs,Y
    private static int Op3A(M6502<TBus> c, int pc) { return pc; }  // NOP
    private static int Op3B(M6502<TBus> c, int pc) { c.Rla(c.AddrAbsIndexed(ref pc, c.Y)); return pc; }  // RLA abs,Y
    private static int Op3C(M6502<TBus> c, int pc) { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); return pc; }  // NOP abs,X
    private static int Op3D(M6502<TBus> c, int pc) { c.A &= c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); c.SetNZ(c.A); return pc; }  // AND abs,X
    private static int Op3E(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.X); c.Wr(a, c.Rol(c.Rd(a))); return pc; }  // ROL abs,X
    private static int Op3F(M6502<TBus> c, int pc) { c.Rla(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // RLA abs,X
    private static int Op40(M6502<TBus> c, int pc) // RTI
    {
        c.RdZp(0x0100 + c.SP); c.SP++;
        c.P = c.RdZp(0x0100 + c.SP); c.SP++;
        int lo = c.RdZp(0x0100 + c.SP); c.SP++;
        int hi = c.RdZp(0x0100 + c.SP);
        pc = lo | (hi << 8);
        return pc;
    }
    private static int Op41(M6502<TBus> c, int pc) { c.A ^= c.Rd(c.AddrIndX(ref pc)); c.SetNZ(c.A); return pc; }  // EOR (zp,X)
    private static int Op43(M6502<TBus> c, int pc) { c.Sre(c.AddrIndX(ref pc)); return pc; }  // SRE (zp,X)
    private static int Op44(M6502<TBus> c, int pc) { c.RdZp(c.AddrZp(ref pc)); return pc; }  // NOP zp
    private static int Op45(M6502<TBus> c, int pc) { c.A ^= c.RdZp(c.AddrZp(ref pc)); c.SetNZ(c.A); return pc; }  // EOR zp
    private static int Op46(M6502<TBus> c, int pc) { int a = c.AddrZp(ref pc); c.WrZp(a, c.Lsr(c.RdZp(a))); return pc; }  // LSR zp
    private static int Op47(M6502<TBus> c, int pc) { c.Sre(c.AddrZp(ref pc)); return pc; }  // SRE zp
    private static int Op48(M6502<TBus> c, int pc) { c.Push(c.A); return pc; }  // PHA
    private static int Op49(M6502<TBus> c, int pc) { c.A ^= c.FetchByte(ref pc); c.SetNZ(c.A); return pc; }  // EOR #
    private static int Op4A(M6502<TBus> c, int pc) { c.A = (byte)c.Lsr(c.A); return pc; }  // LSR A
    private static int Op4B(M6502<TBus> c, int pc) { c.A &= c.FetchByte(ref pc); c._c = (c.A & 1) != 0; c.A >>= 1; c.SetNZ(c.A); return pc; }  // ASR #
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op4C(M6502<TBus> c, int pc) { pc = c.AddrAbs(ref pc); return pc; }  // JMP abs
    private static int Op4D(M6502<TBus> c, int pc) { c.A ^= c.Rd(c.AddrAbs(ref pc)); c.SetNZ(c.A); return pc; }  // EOR abs
    private static int Op4E(M6502<TBus> c, int pc) { int a = c.AddrAbs(ref pc); c.Wr(a, c.Lsr(c.Rd(a))); return pc; }  // LSR abs
    private static int Op4F(M6502<TBus> c, int pc) { c.Sre(c.AddrAbs(ref pc)); return pc; }  // SRE abs
    private static int Op50(M6502<TBus> c, int pc) { return c.Branch(!c._v, pc); }  // BVC
    private static int Op51(M6502<TBus> c, int pc) { c.A ^= c.Rd(c.AddrIndYRead(ref pc)); c.SetNZ(c.A); return pc; }  // EOR (zp),Y
    private static int Op53(M6502<TBus> c, int pc) { c.Sre(c.AddrIndY(ref pc)); return pc; }  // SRE (zp),Y
    private static int Op54(M6502<TBus> c, int pc) { c.RdZp(c.AddrZpX(ref pc)); return pc; }  // NOP zp,X
    private static int Op55(M6502<TBus> c, int pc) { c.A ^= c.RdZp(c.AddrZpX(ref pc)); c.SetNZ(c.A); return pc; }  // EOR zp,X
    private static int Op56(M6502<TBus> c, int pc) { int a = c.AddrZpX(ref pc); c.WrZp(a, c.Lsr(c.RdZp(a))); return pc; }  // LSR zp,X
    private static int Op57(M6502<TBus> c, int pc) { c.Sre(c.AddrZpX(ref pc)); return pc; }  // SRE zp,X
    private static int Op58(M6502<TBus> c, int pc) { c._i = false; return pc; }  // CLI
    private static int Op59(M6502<TBus> c, int pc) { c.A ^= c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y)); c.SetNZ(c.A); return pc; }  // EOR abs,Y
    private static int Op5A(M6502<TBus> c, int pc) { return pc; }  // NOP
    private static int Op5B(M6502<TBus> c, int pc) { c.Sre(c.AddrAbsIndexed(ref pc, c.Y)); return pc; }  // SRE abs,Y
    private static int Op5C(M6502<TBus> c, int pc) { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); return pc; }  // NOP abs,X
    private static int Op5D(M6502<TBus> c, int pc) { c.A ^= c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); c.SetNZ(c.A); return pc; }  // EOR abs,X
    private static int Op5E(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.X); c.Wr(a, c.Lsr(c.Rd(a))); return pc; }  // LSR abs,X
    private static int Op5F(M6502<TBus> c, int pc) { c.Sre(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // SRE abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op60(M6502<TBus> c, int pc) // RTS
    {
        c.RdZp(0x0100 + c.SP); c.SP++;
        int lo = c.RdZp(0x0100 + c.SP); c.SP++;
        int hi = c.RdZp(0x0100 + c.SP);
        pc = lo | (hi << 8);
        c.FetchByte(ref pc);
        return pc;
    }
    private static int Op61(M6502<TBus> c, int pc) { c.Adc(c.Rd(c.AddrIndX(ref pc))); return pc; }  // ADC (zp,X)
    private static int Op63(M6502<TBus> c, int pc) { c.Rra(c.AddrIndX(ref pc)); return pc; }  // RRA (zp,X)
    private static int Op64(M6502<TBus> c, int pc) { c.RdZp(c.AddrZp(ref pc)); return pc; }  // NOP zp
    private static int Op65(M6502<TBus> c, int pc) { c.Adc(c.RdZp(c.AddrZp(ref pc))); return pc; }  // ADC zp
    private static int Op66(M6502<TBus> c, int pc) { int a = c.AddrZp(ref pc); c.WrZp(a, c.Ror(c.RdZp(a))); return pc; }  // ROR zp
    private static int Op67(M6502<TBus> c, int pc) { c.Rra(c.AddrZp(ref pc)); return pc; }  // RRA zp
    private static int Op68(M6502<TBus> c, int pc) { c.RdZp(0x0100 + c.SP); c.SP++; c.A = c.RdZp(0x0100 + c.SP); c.SetNZ(c.A); return pc; }  // PLA
    private static int Op69(M6502<TBus> c, int pc) { c.Adc(c.FetchByte(ref pc)); return pc; }  // ADC #
    private static int Op6A(M6502<TBus> c, int pc) { c.A = (byte)c.Ror(c.A); return pc; }  // ROR A
    private static int Op6B(M6502<TBus> c, int pc) { c.Arr(c.FetchByte(ref pc)); return pc; }  // ARR #
    private static int Op6C(M6502<TBus> c, int pc) // JMP (abs)
    {
        int ptr = c.AddrAbs(ref pc);
        // The NMOS indirect-jump bug: the high byte comes from the same page.
        int hiPtr = (ptr & 0xFF00) | ((ptr + 1) & 0x00FF);
        pc = c.Rd(ptr) | (c.Rd(hiPtr) << 8);
        return pc;
    }
    private static int Op6D(M6502<TBus> c, int pc) { c.Adc(c.Rd(c.AddrAbs(ref pc))); return pc; }  // ADC abs
    private static int Op6E(M6502<TBus> c, int pc) { int a = c.AddrAbs(ref pc); c.Wr(a, c.Ror(c.Rd(a))); return pc; }  // ROR abs
    private static int Op6F(M6502<TBus> c, int pc) { c.Rra(c.AddrAbs(ref pc)); return pc; }  // RRA abs
    private static int Op70(M6502<TBus> c, int pc) { return c.Branch(c._v, pc); }  // BVS
    private static int Op71(M6502<TBus> c, int pc) { c.Adc(c.Rd(c.AddrIndYRead(ref pc))); return pc; }  // ADC (zp),Y
    private static int Op73(M6502<TBus> c, int pc) { c.Rra(c.AddrIndY(ref pc)); return pc; }  // RRA (zp),Y
    private static int Op74(M6502<TBus> c, int pc) { c.RdZp(c.AddrZpX(ref pc)); return pc; }  // NOP zp,X
    private static int Op75(M6502<TBus> c, int pc) { c.Adc(c.RdZp(c.AddrZpX(ref pc))); return pc; }  // ADC zp,X
    private static int Op76(M6502<TBus> c, int pc) { int a = c.AddrZpX(ref pc); c.WrZp(a, c.Ror(c.RdZp(a))); return pc; }  // ROR zp,X
    private static int Op77(M6502<TBus> c, int pc) { c.Rra(c.AddrZpX(ref pc)); return pc; }  // RRA zp,X
    private static int Op78(M6502<TBus> c, int pc) { c._i = true; return pc; }  // SEI
    private static int Op79(M6502<TBus> c, int pc) { c.Adc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y))); return pc; }  // ADC abs,Y
    private static int Op7A(M6502<TBus> c, int pc) { return pc; }  // NOP
    private static int Op7B(M6502<TBus> c, int pc) { c.Rra(c.AddrAbsIndexed(ref pc, c.Y)); return pc; }  // RRA abs,Y
    private static int Op7C(M6502<TBus> c, int pc) { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); return pc; }  // NOP abs,X
    private static int Op7D(M6502<TBus> c, int pc) { c.Adc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.X))); return pc; }  // ADC abs,X
    private static int Op7E(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.X); c.Wr(a, c.Ror(c.Rd(a))); return pc; }  // ROR abs,X
    private static int Op7F(M6502<TBus> c, int pc) { c.Rra(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // RRA abs,X
    private static int Op80(M6502<TBus> c, int pc) { c.FetchByte(ref pc); return pc; }  // $80 NOP # / $82 NOP # / $89 NOP #
    private static int Op81(M6502<TBus> c, int pc) { c.Wr(c.AddrIndX(ref pc), c.A); return pc; }  // STA (zp,X)
    private static int Op83(M6502<TBus> c, int pc) { c.Wr(c.AddrIndX(ref pc), c.A & c.X); return pc; }  // SAX (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op84(M6502<TBus> c, int pc) { c.WrZp(c.AddrZp(ref pc), c.Y); return pc; }  // STY zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op85(M6502<TBus> c, int pc) { c.WrZp(c.AddrZp(ref pc), c.A); return pc; }  // STA zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op86(M6502<TBus> c, int pc) { c.WrZp(c.AddrZp(ref pc), c.X); return pc; }  // STX zp
    private static int Op87(M6502<TBus> c, int pc) { c.WrZp(c.AddrZp(ref pc), c.A & c.X); return pc; }  // SAX zp
    private static int Op88(M6502<TBus> c, int pc) { c.Y--; c.SetNZ(c.Y); return pc; }  // DEY
    private static int Op8A(M6502<TBus> c, int pc) { c.A = c.X; c.SetNZ(c.A); return pc; }  // TXA
    private static int Op8B(M6502<TBus> c, int pc) { c.A = (byte)((c.A | 0xEE) & c.X & c.FetchByte(ref pc)); c.SetNZ(c.A); return pc; }  // ANE #
    private static int Op8C(M6502<TBus> c, int pc) { c.Wr(c.AddrAbs(ref pc), c.Y); return pc; }  // STY abs
    private static int Op8D(M6502<TBus> c, int pc) { c.Wr(c.AddrAbs(ref pc), c.A); return pc; }  // STA abs
    private static int Op8E(M6502<TBus> c, int pc) { c.Wr(c.AddrAbs(ref pc), c.X); return pc; }  // STX abs
    private static int Op8F(M6502<TBus> c, int pc) { c.Wr(c.AddrAbs(ref pc), c.A & c.X); return pc; }  // SAX abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op90(M6502<TBus> c, int pc) { return c.Branch(!c._c, pc); }  // BCC
    private static int Op91(M6502<TBus> c, int pc) { c.Wr(c.AddrIndY(ref pc), c.A); return pc; }  // STA (zp),Y
    private static int Op93(M6502<TBus> c, int pc) { int a = c.AddrIndY(ref pc); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); return pc; }  // SHA (zp),Y
    private static int Op94(M6502<TBus> c, int pc) { c.WrZp(c.AddrZpX(ref pc), c.Y); return pc; }  // STY zp,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Op95(M6502<TBus> c, int pc) { c.WrZp(c.AddrZpX(ref pc), c.A); return pc; }  // STA zp,X
    private static int Op96(M6502<TBus> c, int pc) { c.WrZp(c.AddrZpY(ref pc), c.X); return pc; }  // STX zp,Y
    private static int Op97(M6502<TBus> c, int pc) { c.WrZp(c.AddrZpY(ref pc), c.A & c.X); return pc; }  // SAX zp,Y
    private static int Op98(M6502<TBus> c, int pc) { c.A = c.Y; c.SetNZ(c.A); return pc; }  // TYA
    private static int Op99(M6502<TBus> c, int pc) { c.Wr(c.AddrAbsIndexed(ref pc, c.Y), c.A); return pc; }  // STA abs,Y
    private static int Op9A(M6502<TBus> c, int pc) { c.SP = c.X; return pc; }  // TXS
    private static int Op9B(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.Y); c.SP = (byte)(c.A & c.X); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); return pc; }  // SHS abs,Y
    private static int Op9C(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.X); c.Wr(a, c.Y & ((a >> 8) + 1)); return pc; }  // SHY abs,X
    private static int Op9D(M6502<TBus> c, int pc) { c.Wr(c.AddrAbsIndexed(ref pc, c.X), c.A); return pc; }  // STA abs,X
    private static int Op9E(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.Y); c.Wr(a, c.X & ((a >> 8) + 1)); return pc; }  // SHX abs,Y
    private static int Op9F(M6502<TBus> c, int pc) { int a = c.AddrAbsIndexed(ref pc, c.Y); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); return pc; }  // SHA abs,Y
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA0(M6502<TBus> c, int pc) { c.Y = c.FetchByte(ref pc); c.SetNZ(c.Y); return pc; }  // LDY #
    private static int OpA1(M6502<TBus> c, int pc) { c.A = c.Rd(c.AddrIndX(ref pc)); c.SetNZ(c.A); return pc; }  // LDA (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA2(M6502<TBus> c, int pc) { c.X = c.FetchByte(ref pc); c.SetNZ(c.X); return pc; }  // LDX #
    private static int OpA3(M6502<TBus> c, int pc) { c.Lax(c.AddrIndX(ref pc)); return pc; }  // LAX (zp,X)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA4(M6502<TBus> c, int pc) { c.Y = c.RdZp(c.AddrZp(ref pc)); c.SetNZ(c.Y); return pc; }  // LDY zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA5(M6502<TBus> c, int pc) { c.A = c.RdZp(c.AddrZp(ref pc)); c.SetNZ(c.A); return pc; }  // LDA zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA6(M6502<TBus> c, int pc) { c.X = c.RdZp(c.AddrZp(ref pc)); c.SetNZ(c.X); return pc; }  // LDX zp
    private static int OpA7(M6502<TBus> c, int pc) { c.Lax(c.AddrZp(ref pc)); return pc; }  // LAX zp
    private static int OpA8(M6502<TBus> c, int pc) { c.Y = c.A; c.SetNZ(c.Y); return pc; }  // TAY
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpA9(M6502<TBus> c, int pc) { c.A = c.FetchByte(ref pc); c.SetNZ(c.A); return pc; }  // LDA #
    private static int OpAA(M6502<TBus> c, int pc) { c.X = c.A; c.SetNZ(c.X); return pc; }  // TAX
    private static int OpAB(M6502<TBus> c, int pc) { c.A = c.X = (byte)((c.A | 0xEE) & c.FetchByte(ref pc)); c.SetNZ(c.A); return pc; }  // LXA #
    private static int OpAC(M6502<TBus> c, int pc) { c.Y = c.Rd(c.AddrAbs(ref pc)); c.SetNZ(c.Y); return pc; }  // LDY abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpAD(M6502<TBus> c, int pc) { c.A = c.Rd(c.AddrAbs(ref pc)); c.SetNZ(c.A); return pc; }  // LDA abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpAE(M6502<TBus> c, int pc) { c.X = c.Rd(c.AddrAbs(ref pc)); c.SetNZ(c.X); return pc; }  // LDX abs
    private static int OpAF(M6502<TBus> c, int pc) { c.Lax(c.AddrAbs(ref pc)); return pc; }  // LAX abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB0(M6502<TBus> c, int pc) { return c.Branch(c._c, pc); }  // BCS
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB1(M6502<TBus> c, int pc) { c.A = c.Rd(c.AddrIndYRead(ref pc)); c.SetNZ(c.A); return pc; }  // LDA (zp),Y
    private static int OpB3(M6502<TBus> c, int pc) { c.Lax(c.AddrIndYRead(ref pc)); return pc; }  // LAX (zp),Y
    private static int OpB4(M6502<TBus> c, int pc) { c.Y = c.RdZp(c.AddrZpX(ref pc)); c.SetNZ(c.Y); return pc; }  // LDY zp,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB5(M6502<TBus> c, int pc) { c.A = c.RdZp(c.AddrZpX(ref pc)); c.SetNZ(c.A); return pc; }  // LDA zp,X
    private static int OpB6(M6502<TBus> c, int pc) { c.X = c.RdZp(c.AddrZpY(ref pc)); c.SetNZ(c.X); return pc; }  // LDX zp,Y
    private static int OpB7(M6502<TBus> c, int pc) { c.Lax(c.AddrZpY(ref pc)); return pc; }  // LAX zp,Y
    private static int OpB8(M6502<TBus> c, int pc) { c._v = false; return pc; }  // CLV
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpB9(M6502<TBus> c, int pc) { c.A = c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y)); c.SetNZ(c.A); return pc; }  // LDA abs,Y
    private static int OpBA(M6502<TBus> c, int pc) { c.X = c.SP; c.SetNZ(c.X); return pc; }  // TSX
    private static int OpBB(M6502<TBus> c, int pc) { int v = c.SP & c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y)); c.A = c.X = c.SP = (byte)v; c.SetNZ(v); return pc; }  // LAS abs,Y
    private static int OpBC(M6502<TBus> c, int pc) { c.Y = c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); c.SetNZ(c.Y); return pc; }  // LDY abs,X
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpBD(M6502<TBus> c, int pc) { c.A = c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); c.SetNZ(c.A); return pc; }  // LDA abs,X
    private static int OpBE(M6502<TBus> c, int pc) { c.X = c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y)); c.SetNZ(c.X); return pc; }  // LDX abs,Y
    private static int OpBF(M6502<TBus> c, int pc) { c.Lax(c.AddrAbsIndexedRead(ref pc, c.Y)); return pc; }  // LAX abs,Y
    private static int OpC0(M6502<TBus> c, int pc) { c.Compare(c.Y, c.FetchByte(ref pc)); return pc; }  // CPY #
    private static int OpC1(M6502<TBus> c, int pc) { c.Compare(c.A, c.Rd(c.AddrIndX(ref pc))); return pc; }  // CMP (zp,X)
    private static int OpC2(M6502<TBus> c, int pc) { c.FetchByte(ref pc); return pc; }  // NOP #
    private static int OpC3(M6502<TBus> c, int pc) { c.Dcp(c.AddrIndX(ref pc)); return pc; }  // DCP (zp,X)
    private static int OpC4(M6502<TBus> c, int pc) { c.Compare(c.Y, c.RdZp(c.AddrZp(ref pc))); return pc; }  // CPY zp
    private static int OpC5(M6502<TBus> c, int pc) { c.Compare(c.A, c.RdZp(c.AddrZp(ref pc))); return pc; }  // CMP zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpC6(M6502<TBus> c, int pc) { c.Dec(c.AddrZp(ref pc)); return pc; }  // DEC zp
    private static int OpC7(M6502<TBus> c, int pc) { c.Dcp(c.AddrZp(ref pc)); return pc; }  // DCP zp
    private static int OpC8(M6502<TBus> c, int pc) { c.Y++; c.SetNZ(c.Y); return pc; }  // INY
    private static int OpC9(M6502<TBus> c, int pc) { c.Compare(c.A, c.FetchByte(ref pc)); return pc; }  // CMP #
    private static int OpCA(M6502<TBus> c, int pc) { c.X--; c.SetNZ(c.X); return pc; }  // DEX
    private static int OpCB(M6502<TBus> c, int pc) // SBX #
    {
        int v = ((c.X & c.A) - c.FetchByte(ref pc)) & 0xFFFF;
        c.X = (byte)v; c.SetNZ(c.X); c._c = (v & 0x100) == 0;
        return pc;
    }
    private static int OpCC(M6502<TBus> c, int pc) { c.Compare(c.Y, c.Rd(c.AddrAbs(ref pc))); return pc; }  // CPY abs
    private static int OpCD(M6502<TBus> c, int pc) { c.Compare(c.A, c.Rd(c.AddrAbs(ref pc))); return pc; }  // CMP abs
    private static int OpCE(M6502<TBus> c, int pc) { c.Dec(c.AddrAbs(ref pc)); return pc; }  // DEC abs
    private static int OpCF(M6502<TBus> c, int pc) { c.Dcp(c.AddrAbs(ref pc)); return pc; }  // DCP abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpD0(M6502<TBus> c, int pc) { return c.Branch(!c.Z, pc); }  // BNE
    private static int OpD1(M6502<TBus> c, int pc) { c.Compare(c.A, c.Rd(c.AddrIndYRead(ref pc))); return pc; }  // CMP (zp),Y
    private static int OpD3(M6502<TBus> c, int pc) { c.Dcp(c.AddrIndY(ref pc)); return pc; }  // DCP (zp),Y
    private static int OpD4(M6502<TBus> c, int pc) { c.RdZp(c.AddrZpX(ref pc)); return pc; }  // NOP zp,X
    private static int OpD5(M6502<TBus> c, int pc) { c.Compare(c.A, c.RdZp(c.AddrZpX(ref pc))); return pc; }  // CMP zp,X
    private static int OpD6(M6502<TBus> c, int pc) { c.Dec(c.AddrZpX(ref pc)); return pc; }  // DEC zp,X
    private static int OpD7(M6502<TBus> c, int pc) { c.Dcp(c.AddrZpX(ref pc)); return pc; }  // DCP zp,X
    private static int OpD8(M6502<TBus> c, int pc) { c._d = false; return pc; }  // CLD
    private static int OpD9(M6502<TBus> c, int pc) { c.Compare(c.A, c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y))); return pc; }  // CMP abs,Y
    private static int OpDA(M6502<TBus> c, int pc) { return pc; }  // NOP
    private static int OpDB(M6502<TBus> c, int pc) { c.Dcp(c.AddrAbsIndexed(ref pc, c.Y)); return pc; }  // DCP abs,Y
    private static int OpDC(M6502<TBus> c, int pc) { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); return pc; }  // NOP abs,X
    private static int OpDD(M6502<TBus> c, int pc) { c.Compare(c.A, c.Rd(c.AddrAbsIndexedRead(ref pc, c.X))); return pc; }  // CMP abs,X
    private static int OpDE(M6502<TBus> c, int pc) { c.Dec(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // DEC abs,X
    private static int OpDF(M6502<TBus> c, int pc) { c.Dcp(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // DCP abs,X
    private static int OpE0(M6502<TBus> c, int pc) { c.Compare(c.X, c.FetchByte(ref pc)); return pc; }  // CPX #
    private static int OpE1(M6502<TBus> c, int pc) { c.Sbc(c.Rd(c.AddrIndX(ref pc))); return pc; }  // SBC (zp,X)
    private static int OpE2(M6502<TBus> c, int pc) { c.FetchByte(ref pc); return pc; }  // NOP #
    private static int OpE3(M6502<TBus> c, int pc) { c.Isb(c.AddrIndX(ref pc)); return pc; }  // ISB (zp,X)
    private static int OpE4(M6502<TBus> c, int pc) { c.Compare(c.X, c.RdZp(c.AddrZp(ref pc))); return pc; }  // CPX zp
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpE5(M6502<TBus> c, int pc) { c.Sbc(c.RdZp(c.AddrZp(ref pc))); return pc; }  // SBC zp
    private static int OpE6(M6502<TBus> c, int pc) { c.Inc(c.AddrZp(ref pc)); return pc; }  // INC zp
    private static int OpE7(M6502<TBus> c, int pc) { c.Isb(c.AddrZp(ref pc)); return pc; }  // ISB zp
    private static int OpE8(M6502<TBus> c, int pc) { c.X++; c.SetNZ(c.X); return pc; }  // INX
    private static int OpE9(M6502<TBus> c, int pc) { c.Sbc(c.FetchByte(ref pc)); return pc; }  // $E9 SBC # / $EB SBC #
    private static int OpEA(M6502<TBus> c, int pc) { return pc; }  // $EA NOP / $FA NOP
    private static int OpEC(M6502<TBus> c, int pc) { c.Compare(c.X, c.Rd(c.AddrAbs(ref pc))); return pc; }  // CPX abs
    private static int OpED(M6502<TBus> c, int pc) { c.Sbc(c.Rd(c.AddrAbs(ref pc))); return pc; }  // SBC abs
    private static int OpEE(M6502<TBus> c, int pc) { c.Inc(c.AddrAbs(ref pc)); return pc; }  // INC abs
    private static int OpEF(M6502<TBus> c, int pc) { c.Isb(c.AddrAbs(ref pc)); return pc; }  // ISB abs
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OpF0(M6502<TBus> c, int pc) { return c.Branch(c.Z, pc); }  // BEQ
    private static int OpF1(M6502<TBus> c, int pc) { c.Sbc(c.Rd(c.AddrIndYRead(ref pc))); return pc; }  // SBC (zp),Y
    private static int OpF3(M6502<TBus> c, int pc) { c.Isb(c.AddrIndY(ref pc)); return pc; }  // ISB (zp),Y
    private static int OpF4(M6502<TBus> c, int pc) { c.RdZp(c.AddrZpX(ref pc)); return pc; }  // NOP zp,X
    private static int OpF5(M6502<TBus> c, int pc) { c.Sbc(c.RdZp(c.AddrZpX(ref pc))); return pc; }  // SBC zp,X
    private static int OpF6(M6502<TBus> c, int pc) { c.Inc(c.AddrZpX(ref pc)); return pc; }  // INC zp,X
    private static int OpF7(M6502<TBus> c, int pc) { c.Isb(c.AddrZpX(ref pc)); return pc; }  // ISB zp,X
    private static int OpF8(M6502<TBus> c, int pc) { c._d = true; return pc; }  // SED
    private static int OpF9(M6502<TBus> c, int pc) { c.Sbc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.Y))); return pc; }  // SBC abs,Y
    private static int OpFB(M6502<TBus> c, int pc) { c.Isb(c.AddrAbsIndexed(ref pc, c.Y)); return pc; }  // ISB abs,Y
    private static int OpFC(M6502<TBus> c, int pc) { c.Rd(c.AddrAbsIndexedRead(ref pc, c.X)); return pc; }  // NOP abs,X
    private static int OpFD(M6502<TBus> c, int pc) { c.Sbc(c.Rd(c.AddrAbsIndexedRead(ref pc, c.X))); return pc; }  // SBC abs,X
    private static int OpFE(M6502<TBus> c, int pc) { c.Inc(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // INC abs,X
    private static int OpFF(M6502<TBus> c, int pc) { c.Isb(c.AddrAbsIndexed(ref pc, c.X)); return pc; }  // ISB abs,X

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
