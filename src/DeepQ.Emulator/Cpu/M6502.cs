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
public sealed class M6502<TBus> where TBus : struct, ICpuBus
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
        int n = 0;
        // The instruction body is inlined here (StepCore) rather than called through Step: saves a call,
        // a prologue/epilogue and the redundant jam check per emulated instruction (~6,600 per frame).
        while (n < maxInstructions && !StopRequested && !Jammed)
        {
            StepCore();
            n++;
        }
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
        int a = (baseAddr + index) & 0xFFFF;
        if (((baseAddr ^ a) & 0xFF00) != 0) Cycles++;
        return a;
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
        int a = (baseAddr + Y) & 0xFFFF;
        if (((baseAddr ^ a) & 0xFF00) != 0) Cycles++;
        return a;
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
        int signed = (sbyte)A + (sbyte)operand + c;
        _v = signed > 127 || signed < -128;
        int sum = A + operand + c;
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
        int op = FetchByte();
        LastOpcode = (byte)op;
        Cycles += BaseCycles[op];
        // Dispatch in eight smaller methods so the JIT inlines every bus access and addressing helper
        // (one 256-way method exhausts its inlining budget).
        switch (op >> 5)
        {
            case 0: Execute00(op); break;
            case 1: Execute20(op); break;
            case 2: Execute40(op); break;
            case 3: Execute60(op); break;
            case 4: Execute80(op); break;
            case 5: ExecuteA0(op); break;
            case 6: ExecuteC0(op); break;
            default: ExecuteE0(op); break;
        }
    }

    /// <summary>Opcodes $00-$1F.</summary>
    private void Execute00(int op)
    {
        int a;
        switch (op)
        {
            case 0x08: Push(P); break;
            case 0x09: A |= FetchByte(); SetNZ(A); break;
            case 0x05: A |= Rd(AddrZp()); SetNZ(A); break;
            case 0x15: A |= Rd(AddrZpX()); SetNZ(A); break;
            case 0x0D: A |= Rd(AddrAbs()); SetNZ(A); break;
            case 0x1D: A |= Rd(AddrAbsIndexedRead(X)); SetNZ(A); break;
            case 0x19: A |= Rd(AddrAbsIndexedRead(Y)); SetNZ(A); break;
            case 0x01: A |= Rd(AddrIndX()); SetNZ(A); break;
            case 0x11: A |= Rd(AddrIndYRead()); SetNZ(A); break;
            case 0x0A: A = (byte)Asl(A); break;
            case 0x06: a = AddrZp(); Wr(a, Asl(Rd(a))); break;
            case 0x16: a = AddrZpX(); Wr(a, Asl(Rd(a))); break;
            case 0x0E: a = AddrAbs(); Wr(a, Asl(Rd(a))); break;
            case 0x1E: a = AddrAbsIndexed(X); Wr(a, Asl(Rd(a))); break;
            case 0x10: Branch(!_n); break;
            case 0x00:
            {
                FetchByte();
                Push(PC >> 8);
                Push(PC & 0xFF);
                Push(P);
                _i = true;
                int lo = Rd(0xFFFE);
                int hi = Rd(0xFFFF);
                PC = lo | (hi << 8);
                break;
            }
            case 0x18: _c = false; break;
            case 0x1A: break;
            case 0x04: Rd(AddrZp()); break;
            case 0x14: Rd(AddrZpX()); break;
            case 0x0C: Rd(AddrAbs()); break;
            case 0x1C: Rd(AddrAbsIndexedRead(X)); break;
            case 0x0B: A &= FetchByte(); SetNZ(A); _c = _n; break;           // ANC
            case 0x07: Slo(AddrZp()); break;
            case 0x17: Slo(AddrZpX()); break;
            case 0x0F: Slo(AddrAbs()); break;
            case 0x1F: Slo(AddrAbsIndexed(X)); break;
            case 0x1B: Slo(AddrAbsIndexed(Y)); break;
            case 0x03: Slo(AddrIndX()); break;
            case 0x13: Slo(AddrIndY()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $20-$3F.</summary>
    private void Execute20(int op)
    {
        int a;
        switch (op)
        {
            case 0x28: Rd(0x0100 + SP); SP++; P = Rd(0x0100 + SP); break;
            case 0x29: A &= FetchByte(); SetNZ(A); break;
            case 0x25: A &= Rd(AddrZp()); SetNZ(A); break;
            case 0x35: A &= Rd(AddrZpX()); SetNZ(A); break;
            case 0x2D: A &= Rd(AddrAbs()); SetNZ(A); break;
            case 0x3D: A &= Rd(AddrAbsIndexedRead(X)); SetNZ(A); break;
            case 0x39: A &= Rd(AddrAbsIndexedRead(Y)); SetNZ(A); break;
            case 0x21: A &= Rd(AddrIndX()); SetNZ(A); break;
            case 0x31: A &= Rd(AddrIndYRead()); SetNZ(A); break;
            case 0x24: Bit(Rd(AddrZp())); break;
            case 0x2C: Bit(Rd(AddrAbs())); break;
            case 0x2A: A = (byte)Rol(A); break;
            case 0x26: a = AddrZp(); Wr(a, Rol(Rd(a))); break;
            case 0x36: a = AddrZpX(); Wr(a, Rol(Rd(a))); break;
            case 0x2E: a = AddrAbs(); Wr(a, Rol(Rd(a))); break;
            case 0x3E: a = AddrAbsIndexed(X); Wr(a, Rol(Rd(a))); break;
            case 0x30: Branch(_n); break;
            case 0x20:
            {
                int lo = FetchByte();
                Rd(0x0100 + SP);
                Push(PC >> 8);
                Push(PC & 0xFF);
                int hi = Rd(PC);
                PC = lo | (hi << 8);
                break;
            }
            case 0x38: _c = true; break;
            case 0x3A: break;
            case 0x34: Rd(AddrZpX()); break;
            case 0x3C: Rd(AddrAbsIndexedRead(X)); break;
            case 0x2B: A &= FetchByte(); SetNZ(A); _c = _n; break;           // ANC
            case 0x27: Rla(AddrZp()); break;
            case 0x37: Rla(AddrZpX()); break;
            case 0x2F: Rla(AddrAbs()); break;
            case 0x3F: Rla(AddrAbsIndexed(X)); break;
            case 0x3B: Rla(AddrAbsIndexed(Y)); break;
            case 0x23: Rla(AddrIndX()); break;
            case 0x33: Rla(AddrIndY()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $40-$5F.</summary>
    private void Execute40(int op)
    {
        int a;
        switch (op)
        {
            case 0x48: Push(A); break;
            case 0x49: A ^= FetchByte(); SetNZ(A); break;
            case 0x45: A ^= Rd(AddrZp()); SetNZ(A); break;
            case 0x55: A ^= Rd(AddrZpX()); SetNZ(A); break;
            case 0x4D: A ^= Rd(AddrAbs()); SetNZ(A); break;
            case 0x5D: A ^= Rd(AddrAbsIndexedRead(X)); SetNZ(A); break;
            case 0x59: A ^= Rd(AddrAbsIndexedRead(Y)); SetNZ(A); break;
            case 0x41: A ^= Rd(AddrIndX()); SetNZ(A); break;
            case 0x51: A ^= Rd(AddrIndYRead()); SetNZ(A); break;
            case 0x4A: A = (byte)Lsr(A); break;
            case 0x46: a = AddrZp(); Wr(a, Lsr(Rd(a))); break;
            case 0x56: a = AddrZpX(); Wr(a, Lsr(Rd(a))); break;
            case 0x4E: a = AddrAbs(); Wr(a, Lsr(Rd(a))); break;
            case 0x5E: a = AddrAbsIndexed(X); Wr(a, Lsr(Rd(a))); break;
            case 0x50: Branch(!_v); break;
            case 0x4C: PC = AddrAbs(); break;
            case 0x40:
            {
                Rd(0x0100 + SP); SP++;
                P = Rd(0x0100 + SP); SP++;
                int lo = Rd(0x0100 + SP); SP++;
                int hi = Rd(0x0100 + SP);
                PC = lo | (hi << 8);
                break;
            }
            case 0x58: _i = false; break;
            case 0x5A: break;
            case 0x44: Rd(AddrZp()); break;
            case 0x54: Rd(AddrZpX()); break;
            case 0x5C: Rd(AddrAbsIndexedRead(X)); break;
            case 0x4B: A &= FetchByte(); _c = (A & 1) != 0; A >>= 1; SetNZ(A); break;    // ASR
            case 0x47: Sre(AddrZp()); break;
            case 0x57: Sre(AddrZpX()); break;
            case 0x4F: Sre(AddrAbs()); break;
            case 0x5F: Sre(AddrAbsIndexed(X)); break;
            case 0x5B: Sre(AddrAbsIndexed(Y)); break;
            case 0x43: Sre(AddrIndX()); break;
            case 0x53: Sre(AddrIndY()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $60-$7F.</summary>
    private void Execute60(int op)
    {
        int a;
        switch (op)
        {
            case 0x68: Rd(0x0100 + SP); SP++; A = Rd(0x0100 + SP); SetNZ(A); break;
            case 0x69: Adc(FetchByte()); break;
            case 0x65: Adc(Rd(AddrZp())); break;
            case 0x75: Adc(Rd(AddrZpX())); break;
            case 0x6D: Adc(Rd(AddrAbs())); break;
            case 0x7D: Adc(Rd(AddrAbsIndexedRead(X))); break;
            case 0x79: Adc(Rd(AddrAbsIndexedRead(Y))); break;
            case 0x61: Adc(Rd(AddrIndX())); break;
            case 0x71: Adc(Rd(AddrIndYRead())); break;
            case 0x6A: A = (byte)Ror(A); break;
            case 0x66: a = AddrZp(); Wr(a, Ror(Rd(a))); break;
            case 0x76: a = AddrZpX(); Wr(a, Ror(Rd(a))); break;
            case 0x6E: a = AddrAbs(); Wr(a, Ror(Rd(a))); break;
            case 0x7E: a = AddrAbsIndexed(X); Wr(a, Ror(Rd(a))); break;
            case 0x70: Branch(_v); break;
            case 0x6C:
            {
                int ptr = AddrAbs();
                // The NMOS indirect-jump bug: the high byte comes from the same page.
                int hiPtr = (ptr & 0xFF00) | ((ptr + 1) & 0x00FF);
                PC = Rd(ptr) | (Rd(hiPtr) << 8);
                break;
            }
            case 0x60:
            {
                Rd(0x0100 + SP); SP++;
                int lo = Rd(0x0100 + SP); SP++;
                int hi = Rd(0x0100 + SP);
                PC = lo | (hi << 8);
                FetchByte();
                break;
            }
            case 0x78: _i = true; break;
            case 0x7A: break;
            case 0x64: Rd(AddrZp()); break;
            case 0x74: Rd(AddrZpX()); break;
            case 0x7C: Rd(AddrAbsIndexedRead(X)); break;
            case 0x6B: Arr(FetchByte()); break;                                          // ARR
            case 0x67: Rra(AddrZp()); break;
            case 0x77: Rra(AddrZpX()); break;
            case 0x6F: Rra(AddrAbs()); break;
            case 0x7F: Rra(AddrAbsIndexed(X)); break;
            case 0x7B: Rra(AddrAbsIndexed(Y)); break;
            case 0x63: Rra(AddrIndX()); break;
            case 0x73: Rra(AddrIndY()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $80-$9F.</summary>
    private void Execute80(int op)
    {
        int a;
        switch (op)
        {
            case 0x85: Wr(AddrZp(), A); break;
            case 0x95: Wr(AddrZpX(), A); break;
            case 0x8D: Wr(AddrAbs(), A); break;
            case 0x9D: Wr(AddrAbsIndexed(X), A); break;
            case 0x99: Wr(AddrAbsIndexed(Y), A); break;
            case 0x81: Wr(AddrIndX(), A); break;
            case 0x91: Wr(AddrIndY(), A); break;
            case 0x86: Wr(AddrZp(), X); break;
            case 0x96: Wr(AddrZpY(), X); break;
            case 0x8E: Wr(AddrAbs(), X); break;
            case 0x84: Wr(AddrZp(), Y); break;
            case 0x94: Wr(AddrZpX(), Y); break;
            case 0x8C: Wr(AddrAbs(), Y); break;
            case 0x8A: A = X; SetNZ(A); break;
            case 0x9A: SP = X; break;
            case 0x98: A = Y; SetNZ(A); break;
            case 0x88: Y--; SetNZ(Y); break;
            case 0x90: Branch(!_c); break;
            case 0x80: case 0x82: case 0x89: FetchByte(); break;
            case 0x8B: A = (byte)((A | 0xEE) & X & FetchByte()); SetNZ(A); break;        // ANE
            case 0x87: Wr(AddrZp(), A & X); break;                                       // SAX
            case 0x97: Wr(AddrZpY(), A & X); break;
            case 0x8F: Wr(AddrAbs(), A & X); break;
            case 0x83: Wr(AddrIndX(), A & X); break;
            case 0x9F: a = AddrAbsIndexed(Y); Wr(a, A & X & ((a >> 8) + 1)); break;      // SHA
            case 0x93: a = AddrIndY(); Wr(a, A & X & ((a >> 8) + 1)); break;
            case 0x9B: a = AddrAbsIndexed(Y); SP = (byte)(A & X); Wr(a, A & X & ((a >> 8) + 1)); break; // SHS
            case 0x9E: a = AddrAbsIndexed(Y); Wr(a, X & ((a >> 8) + 1)); break;          // SHX
            case 0x9C: a = AddrAbsIndexed(X); Wr(a, Y & ((a >> 8) + 1)); break;          // SHY
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $A0-$BF.</summary>
    private void ExecuteA0(int op)
    {
        switch (op)
        {
            case 0xA9: A = FetchByte(); SetNZ(A); break;
            case 0xA5: A = Rd(AddrZp()); SetNZ(A); break;
            case 0xB5: A = Rd(AddrZpX()); SetNZ(A); break;
            case 0xAD: A = Rd(AddrAbs()); SetNZ(A); break;
            case 0xBD: A = Rd(AddrAbsIndexedRead(X)); SetNZ(A); break;
            case 0xB9: A = Rd(AddrAbsIndexedRead(Y)); SetNZ(A); break;
            case 0xA1: A = Rd(AddrIndX()); SetNZ(A); break;
            case 0xB1: A = Rd(AddrIndYRead()); SetNZ(A); break;
            case 0xA2: X = FetchByte(); SetNZ(X); break;
            case 0xA6: X = Rd(AddrZp()); SetNZ(X); break;
            case 0xB6: X = Rd(AddrZpY()); SetNZ(X); break;
            case 0xAE: X = Rd(AddrAbs()); SetNZ(X); break;
            case 0xBE: X = Rd(AddrAbsIndexedRead(Y)); SetNZ(X); break;
            case 0xA0: Y = FetchByte(); SetNZ(Y); break;
            case 0xA4: Y = Rd(AddrZp()); SetNZ(Y); break;
            case 0xB4: Y = Rd(AddrZpX()); SetNZ(Y); break;
            case 0xAC: Y = Rd(AddrAbs()); SetNZ(Y); break;
            case 0xBC: Y = Rd(AddrAbsIndexedRead(X)); SetNZ(Y); break;
            case 0xAA: X = A; SetNZ(X); break;
            case 0xA8: Y = A; SetNZ(Y); break;
            case 0xBA: X = SP; SetNZ(X); break;
            case 0xB0: Branch(_c); break;
            case 0xB8: _v = false; break;
            case 0xAB: A = X = (byte)((A | 0xEE) & FetchByte()); SetNZ(A); break;        // LXA
            case 0xBB: { int v = SP & Rd(AddrAbsIndexedRead(Y)); A = X = SP = (byte)v; SetNZ(v); break; } // LAS
            case 0xA7: Lax(AddrZp()); break;
            case 0xB7: Lax(AddrZpY()); break;
            case 0xAF: Lax(AddrAbs()); break;
            case 0xBF: Lax(AddrAbsIndexedRead(Y)); break;
            case 0xA3: Lax(AddrIndX()); break;
            case 0xB3: Lax(AddrIndYRead()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $C0-$DF.</summary>
    private void ExecuteC0(int op)
    {
        switch (op)
        {
            case 0xC9: Compare(A, FetchByte()); break;
            case 0xC5: Compare(A, Rd(AddrZp())); break;
            case 0xD5: Compare(A, Rd(AddrZpX())); break;
            case 0xCD: Compare(A, Rd(AddrAbs())); break;
            case 0xDD: Compare(A, Rd(AddrAbsIndexedRead(X))); break;
            case 0xD9: Compare(A, Rd(AddrAbsIndexedRead(Y))); break;
            case 0xC1: Compare(A, Rd(AddrIndX())); break;
            case 0xD1: Compare(A, Rd(AddrIndYRead())); break;
            case 0xC0: Compare(Y, FetchByte()); break;
            case 0xC4: Compare(Y, Rd(AddrZp())); break;
            case 0xCC: Compare(Y, Rd(AddrAbs())); break;
            case 0xC6: Dec(AddrZp()); break;
            case 0xD6: Dec(AddrZpX()); break;
            case 0xCE: Dec(AddrAbs()); break;
            case 0xDE: Dec(AddrAbsIndexed(X)); break;
            case 0xC8: Y++; SetNZ(Y); break;
            case 0xCA: X--; SetNZ(X); break;
            case 0xD0: Branch(_notZ != 0); break;
            case 0xD8: _d = false; break;
            case 0xDA: break;
            case 0xC2: FetchByte(); break;
            case 0xD4: Rd(AddrZpX()); break;
            case 0xDC: Rd(AddrAbsIndexedRead(X)); break;
            case 0xCB:                                                                   // SBX
            {
                int v = ((X & A) - FetchByte()) & 0xFFFF;
                X = (byte)v; SetNZ(X); _c = (v & 0x100) == 0;
                break;
            }
            case 0xC7: Dcp(AddrZp()); break;
            case 0xD7: Dcp(AddrZpX()); break;
            case 0xCF: Dcp(AddrAbs()); break;
            case 0xDF: Dcp(AddrAbsIndexed(X)); break;
            case 0xDB: Dcp(AddrAbsIndexed(Y)); break;
            case 0xC3: Dcp(AddrIndX()); break;
            case 0xD3: Dcp(AddrIndY()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

    /// <summary>Opcodes $E0-$FF.</summary>
    private void ExecuteE0(int op)
    {
        switch (op)
        {
            case 0xE9: case 0xEB: Sbc(FetchByte()); break;
            case 0xE5: Sbc(Rd(AddrZp())); break;
            case 0xF5: Sbc(Rd(AddrZpX())); break;
            case 0xED: Sbc(Rd(AddrAbs())); break;
            case 0xFD: Sbc(Rd(AddrAbsIndexedRead(X))); break;
            case 0xF9: Sbc(Rd(AddrAbsIndexedRead(Y))); break;
            case 0xE1: Sbc(Rd(AddrIndX())); break;
            case 0xF1: Sbc(Rd(AddrIndYRead())); break;
            case 0xE0: Compare(X, FetchByte()); break;
            case 0xE4: Compare(X, Rd(AddrZp())); break;
            case 0xEC: Compare(X, Rd(AddrAbs())); break;
            case 0xE6: Inc(AddrZp()); break;
            case 0xF6: Inc(AddrZpX()); break;
            case 0xEE: Inc(AddrAbs()); break;
            case 0xFE: Inc(AddrAbsIndexed(X)); break;
            case 0xE8: X++; SetNZ(X); break;
            case 0xF0: Branch(_notZ == 0); break;
            case 0xF8: _d = true; break;
            case 0xEA: case 0xFA: break;
            case 0xE2: FetchByte(); break;
            case 0xF4: Rd(AddrZpX()); break;
            case 0xFC: Rd(AddrAbsIndexedRead(X)); break;
            case 0xE7: Isb(AddrZp()); break;
            case 0xF7: Isb(AddrZpX()); break;
            case 0xEF: Isb(AddrAbs()); break;
            case 0xFF: Isb(AddrAbsIndexed(X)); break;
            case 0xFB: Isb(AddrAbsIndexed(Y)); break;
            case 0xE3: Isb(AddrIndX()); break;
            case 0xF3: Isb(AddrIndY()); break;
            default: Jammed = true; break; // JAM/KIL
        }
    }

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
