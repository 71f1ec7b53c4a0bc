using System.Runtime.CompilerServices;

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
    private bool _n, _v, _d, _i, _c;
    private int _notZ;

    /// <summary>System cycle counter (1 per processor cycle). The machine may add to it (WSYNC) or rebase it (frame start).</summary>
    public long Cycles;

    /// <summary>Set by the machine (e.g. the TIA at the end of a frame) to end <see cref="Execute"/> after the current instruction.</summary>
    public bool StopRequested;

    /// <summary>True once a JAM opcode ran: the core does nothing until <see cref="Reset"/>.</summary>
    public bool Jammed { get; private set; }

    /// <summary>The opcode of the last executed instruction.</summary>
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
            int p = 0x30;
            if (_n) p |= 0x80;
            if (_v) p |= 0x40;
            if (_d) p |= 0x08;
            if (_i) p |= 0x04;
            if (_notZ == 0) p |= 0x02;
            if (_c) p |= 0x01;
            return (byte)p;
        }
        set
        {
            _n = (value & 0x80) != 0;
            _v = (value & 0x40) != 0;
            _d = (value & 0x08) != 0;
            _i = (value & 0x04) != 0;
            _notZ = (value & 0x02) != 0 ? 0 : 1;
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
    public int Execute(int maxInstructions)
    {
        StopRequested = false;
        if (Jammed || maxInstructions <= 0) return 0;
        int n = 0;
        // The instruction body is inlined here (StepCore) rather than called through Step: saves a call and the
        // jam check per emulated instruction (~6,600 per frame). A JAM sets StopRequested as well as Jammed.
        do
        {
            StepCore();
            n++;
        }
        while (n < maxInstructions && !StopRequested);
        InstructionCount += n;
        return n;
    }

    // ---- bus helpers ---------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Rd(int address) => _bus.Read(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Wr(int address, int value) => _bus.Write(address, (byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte FetchByte() { byte b = _bus.Read(PC); PC = (PC + 1) & 0xFFFF; return b; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZp() => FetchByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZpX() => (FetchByte() + X) & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrZpY() => (FetchByte() + Y) & 0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbs()
    {
        int lo = _bus.Read(PC);
        int hi = _bus.Read((PC + 1) & 0xFFFF);
        PC = (PC + 2) & 0xFFFF;
        return lo | (hi << 8);
    }

    /// <summary>Absolute indexed for reads: one extra cycle when the index crosses a page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbsIndexedRead(int index)
    {
        int baseAddr = AddrAbs();
        // Branch-free penalty: the low byte plus the index carries into the high byte exactly on a page crossing.
        Cycles += ((baseAddr & 0xFF) + index) >> 8;
        return (baseAddr + index) & 0xFFFF;
    }

    /// <summary>Absolute indexed for writes and read-modify-writes: the table already counts the extra cycle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrAbsIndexed(int index) => (AddrAbs() + index) & 0xFFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndX()
    {
        int p = (FetchByte() + X) & 0xFF;
        int lo = _bus.Read(p);
        int hi = _bus.Read((p + 1) & 0xFF);
        return lo | (hi << 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndYRead()
    {
        int p = FetchByte();
        int baseAddr = _bus.Read(p) | (_bus.Read((p + 1) & 0xFF) << 8);
        Cycles += ((baseAddr & 0xFF) + Y) >> 8;
        return (baseAddr + Y) & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddrIndY()
    {
        int p = FetchByte();
        int baseAddr = _bus.Read(p) | (_bus.Read((p + 1) & 0xFF) << 8);
        return (baseAddr + Y) & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetNZ(int v) { _notZ = v & 0xFF; _n = (v & 0x80) != 0; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(int v) { _bus.Write(0x0100 + SP, (byte)v); SP--; }

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
        _notZ = v & 0xFF;
        _n = (v & 0x80) != 0;
        _c = (v & 0x100) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Branch(bool taken)
    {
        int offset = (sbyte)FetchByte();
        if (!taken) return;
        int target = (PC + offset) & 0xFFFF;
        Cycles += ((PC ^ target) & 0xFF00) != 0 ? 2 : 1;
        PC = target;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Asl(int v) { _c = (v & 0x80) != 0; v = (v << 1) & 0xFF; SetNZ(v); return v; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Lsr(int v) { _c = (v & 0x01) != 0; v >>= 1; SetNZ(v); return v; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Rol(int v) { int r = ((v << 1) | (_c ? 1 : 0)) & 0xFF; _c = (v & 0x80) != 0; SetNZ(r); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Ror(int v) { int r = (v >> 1) | (_c ? 0x80 : 0); _c = (v & 0x01) != 0; SetNZ(r); return r; }

    private void Bit(int operand) { _notZ = A & operand; _n = (operand & 0x80) != 0; _v = (operand & 0x40) != 0; }

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
            _n = _c;
            _notZ = r;
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
        StepCore();
    }

    /// <summary>Fetches, times and dispatches one instruction; the caller has checked <see cref="Jammed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StepCore()
    {
        // One indirect call per instruction through the opcode matrix: each handler is a small method in which
        // the JIT inlines every bus access and addressing helper. op is a byte, so both 256-entry tables are
        // indexed without bounds checks.
        byte op = FetchByte();
        LastOpcode = op;
        Cycles += BaseCycles[op];
        s_opcodes[op](this);
    }

    // ---- opcode handlers ------------------------------------------------------------------------
    // One static method per opcode, named by its value and commented with its mnemonic and addressing mode;
    // undocumented opcodes use the names in "NMOS 6510 Unintended Opcodes" (SLO, RLA, SRE, RRA, SAX, LAX, DCP, ISB, ...).

    /// <summary>The opcode matrix: row = high nibble, column = low nibble; JAM/KIL opcodes halt the core.</summary>
    private static readonly delegate*<M6502<TBus>, void>[] s_opcodes =
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

    private static void Jam(M6502<TBus> c) { c.Jammed = true; c.StopRequested = true; }

    private static void Op00(M6502<TBus> c) // BRK
    {
        c.FetchByte();
        c.Push(c.PC >> 8);
        c.Push(c.PC & 0xFF);
        c.Push(c.P);
        c._i = true;
        int lo = c.Rd(0xFFFE);
        int hi = c.Rd(0xFFFF);
        c.PC = lo | (hi << 8);
    }
    private static void Op01(M6502<TBus> c) { c.A |= c.Rd(c.AddrIndX()); c.SetNZ(c.A); }  // ORA (zp,X)
    private static void Op03(M6502<TBus> c) { c.Slo(c.AddrIndX()); }  // SLO (zp,X)
    private static void Op04(M6502<TBus> c) { c.Rd(c.AddrZp()); }  // NOP zp
    private static void Op05(M6502<TBus> c) { c.A |= c.Rd(c.AddrZp()); c.SetNZ(c.A); }  // ORA zp
    private static void Op06(M6502<TBus> c) { int a = c.AddrZp(); c.Wr(a, c.Asl(c.Rd(a))); }  // ASL zp
    private static void Op07(M6502<TBus> c) { c.Slo(c.AddrZp()); }  // SLO zp
    private static void Op08(M6502<TBus> c) { c.Push(c.P); }  // PHP
    private static void Op09(M6502<TBus> c) { c.A |= c.FetchByte(); c.SetNZ(c.A); }  // ORA #
    private static void Op0A(M6502<TBus> c) { c.A = (byte)c.Asl(c.A); }  // ASL A
    private static void Op0B(M6502<TBus> c) { c.A &= c.FetchByte(); c.SetNZ(c.A); c._c = c._n; }  // ANC #
    private static void Op0C(M6502<TBus> c) { c.Rd(c.AddrAbs()); }  // NOP abs
    private static void Op0D(M6502<TBus> c) { c.A |= c.Rd(c.AddrAbs()); c.SetNZ(c.A); }  // ORA abs
    private static void Op0E(M6502<TBus> c) { int a = c.AddrAbs(); c.Wr(a, c.Asl(c.Rd(a))); }  // ASL abs
    private static void Op0F(M6502<TBus> c) { c.Slo(c.AddrAbs()); }  // SLO abs
    private static void Op10(M6502<TBus> c) { c.Branch(!c._n); }  // BPL
    private static void Op11(M6502<TBus> c) { c.A |= c.Rd(c.AddrIndYRead()); c.SetNZ(c.A); }  // ORA (zp),Y
    private static void Op13(M6502<TBus> c) { c.Slo(c.AddrIndY()); }  // SLO (zp),Y
    private static void Op14(M6502<TBus> c) { c.Rd(c.AddrZpX()); }  // NOP zp,X
    private static void Op15(M6502<TBus> c) { c.A |= c.Rd(c.AddrZpX()); c.SetNZ(c.A); }  // ORA zp,X
    private static void Op16(M6502<TBus> c) { int a = c.AddrZpX(); c.Wr(a, c.Asl(c.Rd(a))); }  // ASL zp,X
    private static void Op17(M6502<TBus> c) { c.Slo(c.AddrZpX()); }  // SLO zp,X
    private static void Op18(M6502<TBus> c) { c._c = false; }  // CLC
    private static void Op19(M6502<TBus> c) { c.A |= c.Rd(c.AddrAbsIndexedRead(c.Y)); c.SetNZ(c.A); }  // ORA abs,Y
    private static void Op1A(M6502<TBus> c) { }  // NOP
    private static void Op1B(M6502<TBus> c) { c.Slo(c.AddrAbsIndexed(c.Y)); }  // SLO abs,Y
    private static void Op1C(M6502<TBus> c) { c.Rd(c.AddrAbsIndexedRead(c.X)); }  // NOP abs,X
    private static void Op1D(M6502<TBus> c) { c.A |= c.Rd(c.AddrAbsIndexedRead(c.X)); c.SetNZ(c.A); }  // ORA abs,X
    private static void Op1E(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.X); c.Wr(a, c.Asl(c.Rd(a))); }  // ASL abs,X
    private static void Op1F(M6502<TBus> c) { c.Slo(c.AddrAbsIndexed(c.X)); }  // SLO abs,X
    private static void Op20(M6502<TBus> c) // JSR abs
    {
        int lo = c.FetchByte();
        c.Rd(0x0100 + c.SP);
        c.Push(c.PC >> 8);
        c.Push(c.PC & 0xFF);
        int hi = c.Rd(c.PC);
        c.PC = lo | (hi << 8);
    }
    private static void Op21(M6502<TBus> c) { c.A &= c.Rd(c.AddrIndX()); c.SetNZ(c.A); }  // AND (zp,X)
    private static void Op23(M6502<TBus> c) { c.Rla(c.AddrIndX()); }  // RLA (zp,X)
    private static void Op24(M6502<TBus> c) { c.Bit(c.Rd(c.AddrZp())); }  // BIT zp
    private static void Op25(M6502<TBus> c) { c.A &= c.Rd(c.AddrZp()); c.SetNZ(c.A); }  // AND zp
    private static void Op26(M6502<TBus> c) { int a = c.AddrZp(); c.Wr(a, c.Rol(c.Rd(a))); }  // ROL zp
    private static void Op27(M6502<TBus> c) { c.Rla(c.AddrZp()); }  // RLA zp
    private static void Op28(M6502<TBus> c) { c.Rd(0x0100 + c.SP); c.SP++; c.P = c.Rd(0x0100 + c.SP); }  // PLP
    private static void Op29(M6502<TBus> c) { c.A &= c.FetchByte(); c.SetNZ(c.A); }  // AND #
    private static void Op2A(M6502<TBus> c) { c.A = (byte)c.Rol(c.A); }  // ROL A
    private static void Op2B(M6502<TBus> c) { c.A &= c.FetchByte(); c.SetNZ(c.A); c._c = c._n; }  // ANC #
    private static void Op2C(M6502<TBus> c) { c.Bit(c.Rd(c.AddrAbs())); }  // BIT abs
    private static void Op2D(M6502<TBus> c) { c.A &= c.Rd(c.AddrAbs()); c.SetNZ(c.A); }  // AND abs
    private static void Op2E(M6502<TBus> c) { int a = c.AddrAbs(); c.Wr(a, c.Rol(c.Rd(a))); }  // ROL abs
    private static void Op2F(M6502<TBus> c) { c.Rla(c.AddrAbs()); }  // RLA abs
    private static void Op30(M6502<TBus> c) { c.Branch(c._n); }  // BMI
    private static void Op31(M6502<TBus> c) { c.A &= c.Rd(c.AddrIndYRead()); c.SetNZ(c.A); }  // AND (zp),Y
    private static void Op33(M6502<TBus> c) { c.Rla(c.AddrIndY()); }  // RLA (zp),Y
    private static void Op34(M6502<TBus> c) { c.Rd(c.AddrZpX()); }  // NOP zp,X
    private static void Op35(M6502<TBus> c) { c.A &= c.Rd(c.AddrZpX()); c.SetNZ(c.A); }  // AND zp,X
    private static void Op36(M6502<TBus> c) { int a = c.AddrZpX(); c.Wr(a, c.Rol(c.Rd(a))); }  // ROL zp,X
    private static void Op37(M6502<TBus> c) { c.Rla(c.AddrZpX()); }  // RLA zp,X
    private static void Op38(M6502<TBus> c) { c._c = true; }  // SEC
    private static void Op39(M6502<TBus> c) { c.A &= c.Rd(c.AddrAbsIndexedRead(c.Y)); c.SetNZ(c.A); }  // AND abs,Y
    private static void Op3A(M6502<TBus> c) { }  // NOP
    private static void Op3B(M6502<TBus> c) { c.Rla(c.AddrAbsIndexed(c.Y)); }  // RLA abs,Y
    private static void Op3C(M6502<TBus> c) { c.Rd(c.AddrAbsIndexedRead(c.X)); }  // NOP abs,X
    private static void Op3D(M6502<TBus> c) { c.A &= c.Rd(c.AddrAbsIndexedRead(c.X)); c.SetNZ(c.A); }  // AND abs,X
    private static void Op3E(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.X); c.Wr(a, c.Rol(c.Rd(a))); }  // ROL abs,X
    private static void Op3F(M6502<TBus> c) { c.Rla(c.AddrAbsIndexed(c.X)); }  // RLA abs,X
    private static void Op40(M6502<TBus> c) // RTI
    {
        c.Rd(0x0100 + c.SP); c.SP++;
        c.P = c.Rd(0x0100 + c.SP); c.SP++;
        int lo = c.Rd(0x0100 + c.SP); c.SP++;
        int hi = c.Rd(0x0100 + c.SP);
        c.PC = lo | (hi << 8);
    }
    private static void Op41(M6502<TBus> c) { c.A ^= c.Rd(c.AddrIndX()); c.SetNZ(c.A); }  // EOR (zp,X)
    private static void Op43(M6502<TBus> c) { c.Sre(c.AddrIndX()); }  // SRE (zp,X)
    private static void Op44(M6502<TBus> c) { c.Rd(c.AddrZp()); }  // NOP zp
    private static void Op45(M6502<TBus> c) { c.A ^= c.Rd(c.AddrZp()); c.SetNZ(c.A); }  // EOR zp
    private static void Op46(M6502<TBus> c) { int a = c.AddrZp(); c.Wr(a, c.Lsr(c.Rd(a))); }  // LSR zp
    private static void Op47(M6502<TBus> c) { c.Sre(c.AddrZp()); }  // SRE zp
    private static void Op48(M6502<TBus> c) { c.Push(c.A); }  // PHA
    private static void Op49(M6502<TBus> c) { c.A ^= c.FetchByte(); c.SetNZ(c.A); }  // EOR #
    private static void Op4A(M6502<TBus> c) { c.A = (byte)c.Lsr(c.A); }  // LSR A
    private static void Op4B(M6502<TBus> c) { c.A &= c.FetchByte(); c._c = (c.A & 1) != 0; c.A >>= 1; c.SetNZ(c.A); }  // ASR #
    private static void Op4C(M6502<TBus> c) { c.PC = c.AddrAbs(); }  // JMP abs
    private static void Op4D(M6502<TBus> c) { c.A ^= c.Rd(c.AddrAbs()); c.SetNZ(c.A); }  // EOR abs
    private static void Op4E(M6502<TBus> c) { int a = c.AddrAbs(); c.Wr(a, c.Lsr(c.Rd(a))); }  // LSR abs
    private static void Op4F(M6502<TBus> c) { c.Sre(c.AddrAbs()); }  // SRE abs
    private static void Op50(M6502<TBus> c) { c.Branch(!c._v); }  // BVC
    private static void Op51(M6502<TBus> c) { c.A ^= c.Rd(c.AddrIndYRead()); c.SetNZ(c.A); }  // EOR (zp),Y
    private static void Op53(M6502<TBus> c) { c.Sre(c.AddrIndY()); }  // SRE (zp),Y
    private static void Op54(M6502<TBus> c) { c.Rd(c.AddrZpX()); }  // NOP zp,X
    private static void Op55(M6502<TBus> c) { c.A ^= c.Rd(c.AddrZpX()); c.SetNZ(c.A); }  // EOR zp,X
    private static void Op56(M6502<TBus> c) { int a = c.AddrZpX(); c.Wr(a, c.Lsr(c.Rd(a))); }  // LSR zp,X
    private static void Op57(M6502<TBus> c) { c.Sre(c.AddrZpX()); }  // SRE zp,X
    private static void Op58(M6502<TBus> c) { c._i = false; }  // CLI
    private static void Op59(M6502<TBus> c) { c.A ^= c.Rd(c.AddrAbsIndexedRead(c.Y)); c.SetNZ(c.A); }  // EOR abs,Y
    private static void Op5A(M6502<TBus> c) { }  // NOP
    private static void Op5B(M6502<TBus> c) { c.Sre(c.AddrAbsIndexed(c.Y)); }  // SRE abs,Y
    private static void Op5C(M6502<TBus> c) { c.Rd(c.AddrAbsIndexedRead(c.X)); }  // NOP abs,X
    private static void Op5D(M6502<TBus> c) { c.A ^= c.Rd(c.AddrAbsIndexedRead(c.X)); c.SetNZ(c.A); }  // EOR abs,X
    private static void Op5E(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.X); c.Wr(a, c.Lsr(c.Rd(a))); }  // LSR abs,X
    private static void Op5F(M6502<TBus> c) { c.Sre(c.AddrAbsIndexed(c.X)); }  // SRE abs,X
    private static void Op60(M6502<TBus> c) // RTS
    {
        c.Rd(0x0100 + c.SP); c.SP++;
        int lo = c.Rd(0x0100 + c.SP); c.SP++;
        int hi = c.Rd(0x0100 + c.SP);
        c.PC = lo | (hi << 8);
        c.FetchByte();
    }
    private static void Op61(M6502<TBus> c) { c.Adc(c.Rd(c.AddrIndX())); }  // ADC (zp,X)
    private static void Op63(M6502<TBus> c) { c.Rra(c.AddrIndX()); }  // RRA (zp,X)
    private static void Op64(M6502<TBus> c) { c.Rd(c.AddrZp()); }  // NOP zp
    private static void Op65(M6502<TBus> c) { c.Adc(c.Rd(c.AddrZp())); }  // ADC zp
    private static void Op66(M6502<TBus> c) { int a = c.AddrZp(); c.Wr(a, c.Ror(c.Rd(a))); }  // ROR zp
    private static void Op67(M6502<TBus> c) { c.Rra(c.AddrZp()); }  // RRA zp
    private static void Op68(M6502<TBus> c) { c.Rd(0x0100 + c.SP); c.SP++; c.A = c.Rd(0x0100 + c.SP); c.SetNZ(c.A); }  // PLA
    private static void Op69(M6502<TBus> c) { c.Adc(c.FetchByte()); }  // ADC #
    private static void Op6A(M6502<TBus> c) { c.A = (byte)c.Ror(c.A); }  // ROR A
    private static void Op6B(M6502<TBus> c) { c.Arr(c.FetchByte()); }  // ARR #
    private static void Op6C(M6502<TBus> c) // JMP (abs)
    {
        int ptr = c.AddrAbs();
        // The NMOS indirect-jump bug: the high byte comes from the same page.
        int hiPtr = (ptr & 0xFF00) | ((ptr + 1) & 0x00FF);
        c.PC = c.Rd(ptr) | (c.Rd(hiPtr) << 8);
    }
    private static void Op6D(M6502<TBus> c) { c.Adc(c.Rd(c.AddrAbs())); }  // ADC abs
    private static void Op6E(M6502<TBus> c) { int a = c.AddrAbs(); c.Wr(a, c.Ror(c.Rd(a))); }  // ROR abs
    private static void Op6F(M6502<TBus> c) { c.Rra(c.AddrAbs()); }  // RRA abs
    private static void Op70(M6502<TBus> c) { c.Branch(c._v); }  // BVS
    private static void Op71(M6502<TBus> c) { c.Adc(c.Rd(c.AddrIndYRead())); }  // ADC (zp),Y
    private static void Op73(M6502<TBus> c) { c.Rra(c.AddrIndY()); }  // RRA (zp),Y
    private static void Op74(M6502<TBus> c) { c.Rd(c.AddrZpX()); }  // NOP zp,X
    private static void Op75(M6502<TBus> c) { c.Adc(c.Rd(c.AddrZpX())); }  // ADC zp,X
    private static void Op76(M6502<TBus> c) { int a = c.AddrZpX(); c.Wr(a, c.Ror(c.Rd(a))); }  // ROR zp,X
    private static void Op77(M6502<TBus> c) { c.Rra(c.AddrZpX()); }  // RRA zp,X
    private static void Op78(M6502<TBus> c) { c._i = true; }  // SEI
    private static void Op79(M6502<TBus> c) { c.Adc(c.Rd(c.AddrAbsIndexedRead(c.Y))); }  // ADC abs,Y
    private static void Op7A(M6502<TBus> c) { }  // NOP
    private static void Op7B(M6502<TBus> c) { c.Rra(c.AddrAbsIndexed(c.Y)); }  // RRA abs,Y
    private static void Op7C(M6502<TBus> c) { c.Rd(c.AddrAbsIndexedRead(c.X)); }  // NOP abs,X
    private static void Op7D(M6502<TBus> c) { c.Adc(c.Rd(c.AddrAbsIndexedRead(c.X))); }  // ADC abs,X
    private static void Op7E(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.X); c.Wr(a, c.Ror(c.Rd(a))); }  // ROR abs,X
    private static void Op7F(M6502<TBus> c) { c.Rra(c.AddrAbsIndexed(c.X)); }  // RRA abs,X
    private static void Op80(M6502<TBus> c) { c.FetchByte(); }  // $80 NOP # / $82 NOP # / $89 NOP #
    private static void Op81(M6502<TBus> c) { c.Wr(c.AddrIndX(), c.A); }  // STA (zp,X)
    private static void Op83(M6502<TBus> c) { c.Wr(c.AddrIndX(), c.A & c.X); }  // SAX (zp,X)
    private static void Op84(M6502<TBus> c) { c.Wr(c.AddrZp(), c.Y); }  // STY zp
    private static void Op85(M6502<TBus> c) { c.Wr(c.AddrZp(), c.A); }  // STA zp
    private static void Op86(M6502<TBus> c) { c.Wr(c.AddrZp(), c.X); }  // STX zp
    private static void Op87(M6502<TBus> c) { c.Wr(c.AddrZp(), c.A & c.X); }  // SAX zp
    private static void Op88(M6502<TBus> c) { c.Y--; c.SetNZ(c.Y); }  // DEY
    private static void Op8A(M6502<TBus> c) { c.A = c.X; c.SetNZ(c.A); }  // TXA
    private static void Op8B(M6502<TBus> c) { c.A = (byte)((c.A | 0xEE) & c.X & c.FetchByte()); c.SetNZ(c.A); }  // ANE #
    private static void Op8C(M6502<TBus> c) { c.Wr(c.AddrAbs(), c.Y); }  // STY abs
    private static void Op8D(M6502<TBus> c) { c.Wr(c.AddrAbs(), c.A); }  // STA abs
    private static void Op8E(M6502<TBus> c) { c.Wr(c.AddrAbs(), c.X); }  // STX abs
    private static void Op8F(M6502<TBus> c) { c.Wr(c.AddrAbs(), c.A & c.X); }  // SAX abs
    private static void Op90(M6502<TBus> c) { c.Branch(!c._c); }  // BCC
    private static void Op91(M6502<TBus> c) { c.Wr(c.AddrIndY(), c.A); }  // STA (zp),Y
    private static void Op93(M6502<TBus> c) { int a = c.AddrIndY(); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); }  // SHA (zp),Y
    private static void Op94(M6502<TBus> c) { c.Wr(c.AddrZpX(), c.Y); }  // STY zp,X
    private static void Op95(M6502<TBus> c) { c.Wr(c.AddrZpX(), c.A); }  // STA zp,X
    private static void Op96(M6502<TBus> c) { c.Wr(c.AddrZpY(), c.X); }  // STX zp,Y
    private static void Op97(M6502<TBus> c) { c.Wr(c.AddrZpY(), c.A & c.X); }  // SAX zp,Y
    private static void Op98(M6502<TBus> c) { c.A = c.Y; c.SetNZ(c.A); }  // TYA
    private static void Op99(M6502<TBus> c) { c.Wr(c.AddrAbsIndexed(c.Y), c.A); }  // STA abs,Y
    private static void Op9A(M6502<TBus> c) { c.SP = c.X; }  // TXS
    private static void Op9B(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.Y); c.SP = (byte)(c.A & c.X); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); }  // SHS abs,Y
    private static void Op9C(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.X); c.Wr(a, c.Y & ((a >> 8) + 1)); }  // SHY abs,X
    private static void Op9D(M6502<TBus> c) { c.Wr(c.AddrAbsIndexed(c.X), c.A); }  // STA abs,X
    private static void Op9E(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.Y); c.Wr(a, c.X & ((a >> 8) + 1)); }  // SHX abs,Y
    private static void Op9F(M6502<TBus> c) { int a = c.AddrAbsIndexed(c.Y); c.Wr(a, c.A & c.X & ((a >> 8) + 1)); }  // SHA abs,Y
    private static void OpA0(M6502<TBus> c) { c.Y = c.FetchByte(); c.SetNZ(c.Y); }  // LDY #
    private static void OpA1(M6502<TBus> c) { c.A = c.Rd(c.AddrIndX()); c.SetNZ(c.A); }  // LDA (zp,X)
    private static void OpA2(M6502<TBus> c) { c.X = c.FetchByte(); c.SetNZ(c.X); }  // LDX #
    private static void OpA3(M6502<TBus> c) { c.Lax(c.AddrIndX()); }  // LAX (zp,X)
    private static void OpA4(M6502<TBus> c) { c.Y = c.Rd(c.AddrZp()); c.SetNZ(c.Y); }  // LDY zp
    private static void OpA5(M6502<TBus> c) { c.A = c.Rd(c.AddrZp()); c.SetNZ(c.A); }  // LDA zp
    private static void OpA6(M6502<TBus> c) { c.X = c.Rd(c.AddrZp()); c.SetNZ(c.X); }  // LDX zp
    private static void OpA7(M6502<TBus> c) { c.Lax(c.AddrZp()); }  // LAX zp
    private static void OpA8(M6502<TBus> c) { c.Y = c.A; c.SetNZ(c.Y); }  // TAY
    private static void OpA9(M6502<TBus> c) { c.A = c.FetchByte(); c.SetNZ(c.A); }  // LDA #
    private static void OpAA(M6502<TBus> c) { c.X = c.A; c.SetNZ(c.X); }  // TAX
    private static void OpAB(M6502<TBus> c) { c.A = c.X = (byte)((c.A | 0xEE) & c.FetchByte()); c.SetNZ(c.A); }  // LXA #
    private static void OpAC(M6502<TBus> c) { c.Y = c.Rd(c.AddrAbs()); c.SetNZ(c.Y); }  // LDY abs
    private static void OpAD(M6502<TBus> c) { c.A = c.Rd(c.AddrAbs()); c.SetNZ(c.A); }  // LDA abs
    private static void OpAE(M6502<TBus> c) { c.X = c.Rd(c.AddrAbs()); c.SetNZ(c.X); }  // LDX abs
    private static void OpAF(M6502<TBus> c) { c.Lax(c.AddrAbs()); }  // LAX abs
    private static void OpB0(M6502<TBus> c) { c.Branch(c._c); }  // BCS
    private static void OpB1(M6502<TBus> c) { c.A = c.Rd(c.AddrIndYRead()); c.SetNZ(c.A); }  // LDA (zp),Y
    private static void OpB3(M6502<TBus> c) { c.Lax(c.AddrIndYRead()); }  // LAX (zp),Y
    private static void OpB4(M6502<TBus> c) { c.Y = c.Rd(c.AddrZpX()); c.SetNZ(c.Y); }  // LDY zp,X
    private static void OpB5(M6502<TBus> c) { c.A = c.Rd(c.AddrZpX()); c.SetNZ(c.A); }  // LDA zp,X
    private static void OpB6(M6502<TBus> c) { c.X = c.Rd(c.AddrZpY()); c.SetNZ(c.X); }  // LDX zp,Y
    private static void OpB7(M6502<TBus> c) { c.Lax(c.AddrZpY()); }  // LAX zp,Y
    private static void OpB8(M6502<TBus> c) { c._v = false; }  // CLV
    private static void OpB9(M6502<TBus> c) { c.A = c.Rd(c.AddrAbsIndexedRead(c.Y)); c.SetNZ(c.A); }  // LDA abs,Y
    private static void OpBA(M6502<TBus> c) { c.X = c.SP; c.SetNZ(c.X); }  // TSX
    private static void OpBB(M6502<TBus> c) { int v = c.SP & c.Rd(c.AddrAbsIndexedRead(c.Y)); c.A = c.X = c.SP = (byte)v; c.SetNZ(v); }  // LAS abs,Y
    private static void OpBC(M6502<TBus> c) { c.Y = c.Rd(c.AddrAbsIndexedRead(c.X)); c.SetNZ(c.Y); }  // LDY abs,X
    private static void OpBD(M6502<TBus> c) { c.A = c.Rd(c.AddrAbsIndexedRead(c.X)); c.SetNZ(c.A); }  // LDA abs,X
    private static void OpBE(M6502<TBus> c) { c.X = c.Rd(c.AddrAbsIndexedRead(c.Y)); c.SetNZ(c.X); }  // LDX abs,Y
    private static void OpBF(M6502<TBus> c) { c.Lax(c.AddrAbsIndexedRead(c.Y)); }  // LAX abs,Y
    private static void OpC0(M6502<TBus> c) { c.Compare(c.Y, c.FetchByte()); }  // CPY #
    private static void OpC1(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrIndX())); }  // CMP (zp,X)
    private static void OpC2(M6502<TBus> c) { c.FetchByte(); }  // NOP #
    private static void OpC3(M6502<TBus> c) { c.Dcp(c.AddrIndX()); }  // DCP (zp,X)
    private static void OpC4(M6502<TBus> c) { c.Compare(c.Y, c.Rd(c.AddrZp())); }  // CPY zp
    private static void OpC5(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrZp())); }  // CMP zp
    private static void OpC6(M6502<TBus> c) { c.Dec(c.AddrZp()); }  // DEC zp
    private static void OpC7(M6502<TBus> c) { c.Dcp(c.AddrZp()); }  // DCP zp
    private static void OpC8(M6502<TBus> c) { c.Y++; c.SetNZ(c.Y); }  // INY
    private static void OpC9(M6502<TBus> c) { c.Compare(c.A, c.FetchByte()); }  // CMP #
    private static void OpCA(M6502<TBus> c) { c.X--; c.SetNZ(c.X); }  // DEX
    private static void OpCB(M6502<TBus> c) // SBX #
    {
        int v = ((c.X & c.A) - c.FetchByte()) & 0xFFFF;
        c.X = (byte)v; c.SetNZ(c.X); c._c = (v & 0x100) == 0;
    }
    private static void OpCC(M6502<TBus> c) { c.Compare(c.Y, c.Rd(c.AddrAbs())); }  // CPY abs
    private static void OpCD(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrAbs())); }  // CMP abs
    private static void OpCE(M6502<TBus> c) { c.Dec(c.AddrAbs()); }  // DEC abs
    private static void OpCF(M6502<TBus> c) { c.Dcp(c.AddrAbs()); }  // DCP abs
    private static void OpD0(M6502<TBus> c) { c.Branch(c._notZ != 0); }  // BNE
    private static void OpD1(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrIndYRead())); }  // CMP (zp),Y
    private static void OpD3(M6502<TBus> c) { c.Dcp(c.AddrIndY()); }  // DCP (zp),Y
    private static void OpD4(M6502<TBus> c) { c.Rd(c.AddrZpX()); }  // NOP zp,X
    private static void OpD5(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrZpX())); }  // CMP zp,X
    private static void OpD6(M6502<TBus> c) { c.Dec(c.AddrZpX()); }  // DEC zp,X
    private static void OpD7(M6502<TBus> c) { c.Dcp(c.AddrZpX()); }  // DCP zp,X
    private static void OpD8(M6502<TBus> c) { c._d = false; }  // CLD
    private static void OpD9(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrAbsIndexedRead(c.Y))); }  // CMP abs,Y
    private static void OpDA(M6502<TBus> c) { }  // NOP
    private static void OpDB(M6502<TBus> c) { c.Dcp(c.AddrAbsIndexed(c.Y)); }  // DCP abs,Y
    private static void OpDC(M6502<TBus> c) { c.Rd(c.AddrAbsIndexedRead(c.X)); }  // NOP abs,X
    private static void OpDD(M6502<TBus> c) { c.Compare(c.A, c.Rd(c.AddrAbsIndexedRead(c.X))); }  // CMP abs,X
    private static void OpDE(M6502<TBus> c) { c.Dec(c.AddrAbsIndexed(c.X)); }  // DEC abs,X
    private static void OpDF(M6502<TBus> c) { c.Dcp(c.AddrAbsIndexed(c.X)); }  // DCP abs,X
    private static void OpE0(M6502<TBus> c) { c.Compare(c.X, c.FetchByte()); }  // CPX #
    private static void OpE1(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrIndX())); }  // SBC (zp,X)
    private static void OpE2(M6502<TBus> c) { c.FetchByte(); }  // NOP #
    private static void OpE3(M6502<TBus> c) { c.Isb(c.AddrIndX()); }  // ISB (zp,X)
    private static void OpE4(M6502<TBus> c) { c.Compare(c.X, c.Rd(c.AddrZp())); }  // CPX zp
    private static void OpE5(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrZp())); }  // SBC zp
    private static void OpE6(M6502<TBus> c) { c.Inc(c.AddrZp()); }  // INC zp
    private static void OpE7(M6502<TBus> c) { c.Isb(c.AddrZp()); }  // ISB zp
    private static void OpE8(M6502<TBus> c) { c.X++; c.SetNZ(c.X); }  // INX
    private static void OpE9(M6502<TBus> c) { c.Sbc(c.FetchByte()); }  // $E9 SBC # / $EB SBC #
    private static void OpEA(M6502<TBus> c) { }  // $EA NOP / $FA NOP
    private static void OpEC(M6502<TBus> c) { c.Compare(c.X, c.Rd(c.AddrAbs())); }  // CPX abs
    private static void OpED(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrAbs())); }  // SBC abs
    private static void OpEE(M6502<TBus> c) { c.Inc(c.AddrAbs()); }  // INC abs
    private static void OpEF(M6502<TBus> c) { c.Isb(c.AddrAbs()); }  // ISB abs
    private static void OpF0(M6502<TBus> c) { c.Branch(c._notZ == 0); }  // BEQ
    private static void OpF1(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrIndYRead())); }  // SBC (zp),Y
    private static void OpF3(M6502<TBus> c) { c.Isb(c.AddrIndY()); }  // ISB (zp),Y
    private static void OpF4(M6502<TBus> c) { c.Rd(c.AddrZpX()); }  // NOP zp,X
    private static void OpF5(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrZpX())); }  // SBC zp,X
    private static void OpF6(M6502<TBus> c) { c.Inc(c.AddrZpX()); }  // INC zp,X
    private static void OpF7(M6502<TBus> c) { c.Isb(c.AddrZpX()); }  // ISB zp,X
    private static void OpF8(M6502<TBus> c) { c._d = true; }  // SED
    private static void OpF9(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrAbsIndexedRead(c.Y))); }  // SBC abs,Y
    private static void OpFB(M6502<TBus> c) { c.Isb(c.AddrAbsIndexed(c.Y)); }  // ISB abs,Y
    private static void OpFC(M6502<TBus> c) { c.Rd(c.AddrAbsIndexedRead(c.X)); }  // NOP abs,X
    private static void OpFD(M6502<TBus> c) { c.Sbc(c.Rd(c.AddrAbsIndexedRead(c.X))); }  // SBC abs,X
    private static void OpFE(M6502<TBus> c) { c.Inc(c.AddrAbsIndexed(c.X)); }  // INC abs,X
    private static void OpFF(M6502<TBus> c) { c.Isb(c.AddrAbsIndexed(c.X)); }  // ISB abs,X

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
