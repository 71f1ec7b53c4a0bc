using System.Reflection;
using System.Reflection.Emit;

namespace DeepQ.Emulator.Cpu;

// The common instructions of a block written straight as IL, with A, X, Y, the N/Z result and the carry in locals of
// the block's method (so the JIT keeps them in machine registers) instead of calls to the interpreter's handlers.
// A handler call costs the JIT about a dozen inlines (handler, addressing helper, fetch, bus, flag helpers): half a
// millisecond per instruction, most of what a block cost to compile. Written directly, an instruction is a few IL
// opcodes and one bus call, each access going through the same bus method (Read, ReadLow, Write, WriteLow) the
// handler uses, in the same order, after the same cycle count, so nothing observable changes. Every other opcode
// (the stack, calls and returns, the undocumented ones) still calls its handler, with the registers stored to the
// CPU's fields before and loaded after. The random-program test compares both against the interpreter.
public sealed unsafe partial class M6502<TBus>
{
    /// <summary>What a directly compiled opcode does.</summary>
    internal enum DirectOp : byte
    {
        None, Lda, Ldx, Ldy, Sta, Stx, Sty, Adc, Sbc, And, Ora, Eor, Cmp, Cpx, Cpy, Bit, Inc, Dec, Asl, Lsr, Rol, Ror,
        Inx, Iny, Dex, Dey, Tax, Tay, Txa, Tya, Tsx, Txs, Clc, Sec, Clv, Cld, Sed, Cli, Sei, Nop,
        Bpl, Bmi, Bvc, Bvs, Bcc, Bcs, Bne, Beq, Jmp,
    }

    /// <summary>Addressing modes of the directly compiled opcodes (Implied covers the accumulator forms).</summary>
    internal enum DirectMode : byte { Implied, Imm, Zp, ZpX, ZpY, Abs, AbsX, AbsY, IndX, IndY }

    /// <summary>Per opcode, its operation and mode when blocks compile it directly; <see cref="DirectOp.None"/> calls the handler.</summary>
    internal static readonly (DirectOp Op, DirectMode Mode)[] s_direct = BuildDirect();

    private static (DirectOp, DirectMode)[] BuildDirect()
    {
        var t = new (DirectOp, DirectMode)[256];
        // The ALU column (low bits 01): operation from bits 7-5, mode from bits 4-2. STA # is not an instruction.
        DirectOp[] alu = [DirectOp.Ora, DirectOp.And, DirectOp.Eor, DirectOp.Adc, DirectOp.Sta, DirectOp.Lda, DirectOp.Cmp, DirectOp.Sbc];
        DirectMode[] aluModes = [DirectMode.IndX, DirectMode.Zp, DirectMode.Imm, DirectMode.Abs, DirectMode.IndY, DirectMode.ZpX, DirectMode.AbsY, DirectMode.AbsX];
        for (int o = 0; o < 8; o++)
            for (int m = 0; m < 8; m++)
                if (!(alu[o] == DirectOp.Sta && aluModes[m] == DirectMode.Imm)) t[o << 5 | m << 2 | 1] = (alu[o], aluModes[m]);
        // Shifts and rotates, INC and DEC: zero page, accumulator, absolute, zero page X, absolute X.
        DirectOp[] rmw = [DirectOp.Asl, DirectOp.Rol, DirectOp.Lsr, DirectOp.Ror];
        for (int o = 0; o < 4; o++)
        {
            int b = o << 5;
            t[b | 0x06] = (rmw[o], DirectMode.Zp); t[b | 0x0A] = (rmw[o], DirectMode.Implied); t[b | 0x0E] = (rmw[o], DirectMode.Abs);
            t[b | 0x16] = (rmw[o], DirectMode.ZpX); t[b | 0x1E] = (rmw[o], DirectMode.AbsX);
        }
        foreach (var (op, b) in new[] { (DirectOp.Dec, 0xC0), (DirectOp.Inc, 0xE0) })
        {
            t[b | 0x06] = (op, DirectMode.Zp); t[b | 0x0E] = (op, DirectMode.Abs); t[b | 0x16] = (op, DirectMode.ZpX); t[b | 0x1E] = (op, DirectMode.AbsX);
        }
        (int, DirectOp, DirectMode)[] rest =
        [
            (0xA2, DirectOp.Ldx, DirectMode.Imm), (0xA6, DirectOp.Ldx, DirectMode.Zp), (0xB6, DirectOp.Ldx, DirectMode.ZpY), (0xAE, DirectOp.Ldx, DirectMode.Abs), (0xBE, DirectOp.Ldx, DirectMode.AbsY),
            (0xA0, DirectOp.Ldy, DirectMode.Imm), (0xA4, DirectOp.Ldy, DirectMode.Zp), (0xB4, DirectOp.Ldy, DirectMode.ZpX), (0xAC, DirectOp.Ldy, DirectMode.Abs), (0xBC, DirectOp.Ldy, DirectMode.AbsX),
            (0x86, DirectOp.Stx, DirectMode.Zp), (0x96, DirectOp.Stx, DirectMode.ZpY), (0x8E, DirectOp.Stx, DirectMode.Abs),
            (0x84, DirectOp.Sty, DirectMode.Zp), (0x94, DirectOp.Sty, DirectMode.ZpX), (0x8C, DirectOp.Sty, DirectMode.Abs),
            (0xE0, DirectOp.Cpx, DirectMode.Imm), (0xE4, DirectOp.Cpx, DirectMode.Zp), (0xEC, DirectOp.Cpx, DirectMode.Abs),
            (0xC0, DirectOp.Cpy, DirectMode.Imm), (0xC4, DirectOp.Cpy, DirectMode.Zp), (0xCC, DirectOp.Cpy, DirectMode.Abs),
            (0x24, DirectOp.Bit, DirectMode.Zp), (0x2C, DirectOp.Bit, DirectMode.Abs),
            (0xE8, DirectOp.Inx, DirectMode.Implied), (0xC8, DirectOp.Iny, DirectMode.Implied), (0xCA, DirectOp.Dex, DirectMode.Implied), (0x88, DirectOp.Dey, DirectMode.Implied),
            (0xAA, DirectOp.Tax, DirectMode.Implied), (0xA8, DirectOp.Tay, DirectMode.Implied), (0x8A, DirectOp.Txa, DirectMode.Implied), (0x98, DirectOp.Tya, DirectMode.Implied),
            (0xBA, DirectOp.Tsx, DirectMode.Implied), (0x9A, DirectOp.Txs, DirectMode.Implied),
            (0x18, DirectOp.Clc, DirectMode.Implied), (0x38, DirectOp.Sec, DirectMode.Implied), (0xB8, DirectOp.Clv, DirectMode.Implied),
            (0xD8, DirectOp.Cld, DirectMode.Implied), (0xF8, DirectOp.Sed, DirectMode.Implied), (0x58, DirectOp.Cli, DirectMode.Implied), (0x78, DirectOp.Sei, DirectMode.Implied),
            (0xEA, DirectOp.Nop, DirectMode.Implied),
            (0x10, DirectOp.Bpl, DirectMode.Implied), (0x30, DirectOp.Bmi, DirectMode.Implied), (0x50, DirectOp.Bvc, DirectMode.Implied), (0x70, DirectOp.Bvs, DirectMode.Implied),
            (0x90, DirectOp.Bcc, DirectMode.Implied), (0xB0, DirectOp.Bcs, DirectMode.Implied), (0xD0, DirectOp.Bne, DirectMode.Implied), (0xF0, DirectOp.Beq, DirectMode.Implied),
            (0x4C, DirectOp.Jmp, DirectMode.Abs),
        ];
        foreach (var (code, op, mode) in rest) t[code] = (op, mode);
        return t;
    }

    /// <summary>
    /// Writes one block's IL: the registers that live in locals, and each directly compiled instruction. The block's
    /// control flow (loops, exits, checks) stays in <see cref="Emit"/>.
    /// </summary>
    private sealed class BlockIl
    {
        private readonly ILGenerator _il;
        // A, X, Y and the N/Z result as ints 0-255 (N/Z as _nz holds it), the carry as 0 or 1.
        private readonly LocalBuilder _a, _x, _y, _nz, _c, _t, _u, _w;
        // Cycles run since Cycles was last brought up to date: added to the field only before an access that may read or
        // change it (a device's, not RAM's: _timeless), before a handler, and on leaving, rather than a read-modify-write
        // of the field per instruction, whose chain of store-to-load forwarding held back every block.
        private readonly LocalBuilder _cycles;
        private readonly Predicate<int> _timeless;

        public BlockIl(ILGenerator il, Predicate<int> timeless)
        {
            _il = il;
            _timeless = timeless;
            _cycles = il.DeclareLocal(typeof(int));
            _a = il.DeclareLocal(typeof(int)); _x = il.DeclareLocal(typeof(int)); _y = il.DeclareLocal(typeof(int));
            _nz = il.DeclareLocal(typeof(int)); _c = il.DeclareLocal(typeof(int));
            _t = il.DeclareLocal(typeof(int)); _u = il.DeclareLocal(typeof(int)); _w = il.DeclareLocal(typeof(int));
        }

        /// <summary>The CPU's fields into the locals (at the start, and after a handler ran).</summary>
        public void Load()
        {
            LoadField(s_a, _a); LoadField(s_x, _x); LoadField(s_y, _y); LoadField(s_nzField, _nz); LoadField(s_cField, _c);
        }

        /// <summary>The locals back into the CPU's fields (before a handler runs, and when the block returns).</summary>
        public void Store()
        {
            StoreField(s_a, _a); StoreField(s_x, _x); StoreField(s_y, _y); StoreField(s_nzField, _nz); StoreField(s_cField, _c);
        }

        private void LoadField(FieldInfo f, LocalBuilder l) { _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldfld, f); _il.Emit(OpCodes.Stloc, l); }

        private void StoreField(FieldInfo f, LocalBuilder l)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, l);
            if (f.FieldType == typeof(byte)) _il.Emit(OpCodes.Conv_U1);
            _il.Emit(OpCodes.Stfld, f);
        }

        /// <summary>Pushes whether the branch <paramref name="op"/> is taken.</summary>
        public void BranchCondition(DirectOp op)
        {
            switch (op)
            {
                case DirectOp.Bpl: case DirectOp.Bmi:
                    _il.Emit(OpCodes.Ldloc, _nz); Const(0x180); _il.Emit(OpCodes.And); Const(0); _il.Emit(OpCodes.Cgt_Un);
                    if (op == DirectOp.Bpl) Not();
                    break;
                case DirectOp.Bne: case DirectOp.Beq:
                    _il.Emit(OpCodes.Ldloc, _nz); Const(0xFF); _il.Emit(OpCodes.And); Const(0); _il.Emit(OpCodes.Cgt_Un);
                    if (op == DirectOp.Beq) Not();
                    break;
                case DirectOp.Bcs: case DirectOp.Bcc:
                    _il.Emit(OpCodes.Ldloc, _c);
                    if (op == DirectOp.Bcc) Not();
                    break;
                default:   // BVS, BVC
                    _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldfld, s_vField);
                    if (op == DirectOp.Bvc) Not();
                    break;
            }
        }

        private void Not() { Const(0); _il.Emit(OpCodes.Ceq); }

        private void Const(int v) => _il.Emit(OpCodes.Ldc_I4, v);

        /// <summary>Cycles += the int on the stack (in the pending count).</summary>
        private void AddCyclesFromStack()
        {
            _il.Emit(OpCodes.Ldloc, _cycles);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _cycles);
        }

        /// <summary>Cycles += <paramref name="n"/> (in the pending count).</summary>
        public void AddCycles(int n)
        {
            _il.Emit(OpCodes.Ldloc, _cycles);
            Const(n);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _cycles);
        }

        /// <summary>Brings the CPU's Cycles up to date: adds the pending count to it.</summary>
        public void FlushCycles()
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, s_cycles);
            _il.Emit(OpCodes.Ldloc, _cycles);
            _il.Emit(OpCodes.Conv_I8);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stfld, s_cycles);
            Const(0);
            _il.Emit(OpCodes.Stloc, _cycles);
        }

        /// <summary>_bus.NoteFetch(<paramref name="value"/>).</summary>
        public void NoteFetch(byte value)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, s_bus);
            Const(value);
            _il.Emit(OpCodes.Call, s_noteFetch);
        }

        /// <summary>Pushes the byte at the int address on the stack (ReadLow for zero page, else Read).</summary>
        private void ReadAt(bool low, int constAddress = -1)
        {
            if (constAddress < 0 || !_timeless(constAddress)) FlushCycles();   // a computed address may be a device's
            _il.Emit(OpCodes.Stloc, _u);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, s_bus);
            _il.Emit(OpCodes.Ldloc, _u);
            _il.Emit(OpCodes.Call, low ? s_readLow : s_read);
        }

        /// <summary>Pushes the byte at constant <paramref name="address"/>.</summary>
        private void ReadConst(int address, bool low)
        {
            Const(address);
            ReadAt(low, address);
        }

        /// <summary>
        /// Pushes the effective address of <paramref name="ins"/> in <paramref name="mode"/>, making the accesses and adding
        /// the cycles the interpreter's addressing helper does (a read's page-crossing cycle when <paramref name="read"/>).
        /// </summary>
        private void Address(Instruction ins, DirectMode mode, bool read)
        {
            int operand = ins.Operand1 | ins.Operand2 << 8;
            switch (mode)
            {
                case DirectMode.Zp:
                case DirectMode.Abs:
                    Const(operand);
                    break;
                case DirectMode.ZpX:
                case DirectMode.ZpY:
                    Const(ins.Operand1); _il.Emit(OpCodes.Ldloc, mode == DirectMode.ZpX ? _x : _y); _il.Emit(OpCodes.Add); Const(0xFF); _il.Emit(OpCodes.And);
                    break;
                case DirectMode.AbsX:
                case DirectMode.AbsY:
                {
                    LocalBuilder index = mode == DirectMode.AbsX ? _x : _y;
                    if (read) { Const(ins.Operand1); _il.Emit(OpCodes.Ldloc, index); _il.Emit(OpCodes.Add); Const(8); _il.Emit(OpCodes.Shr); AddCyclesFromStack(); }
                    Const(operand); _il.Emit(OpCodes.Ldloc, index); _il.Emit(OpCodes.Add); Const(0xFFFF); _il.Emit(OpCodes.And);
                    break;
                }
                case DirectMode.IndX:
                    // p = (operand + X) & 0xFF; the pointer's two bytes from zero page, wrapping within it.
                    Const(ins.Operand1); _il.Emit(OpCodes.Ldloc, _x); _il.Emit(OpCodes.Add); Const(0xFF); _il.Emit(OpCodes.And);
                    _il.Emit(OpCodes.Stloc, _t);
                    _il.Emit(OpCodes.Ldloc, _t); ReadAt(low: true);
                    _il.Emit(OpCodes.Ldloc, _t); Const(1); _il.Emit(OpCodes.Add); Const(0xFF); _il.Emit(OpCodes.And); ReadAt(low: true);
                    Const(8); _il.Emit(OpCodes.Shl); _il.Emit(OpCodes.Or);
                    break;
                case DirectMode.IndY:
                    ReadConst(ins.Operand1, low: true);
                    ReadConst((ins.Operand1 + 1) & 0xFF, low: true);
                    Const(8); _il.Emit(OpCodes.Shl); _il.Emit(OpCodes.Or);
                    _il.Emit(OpCodes.Stloc, _t);
                    if (read) { _il.Emit(OpCodes.Ldloc, _t); Const(0xFF); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Ldloc, _y); _il.Emit(OpCodes.Add); Const(8); _il.Emit(OpCodes.Shr); AddCyclesFromStack(); }
                    _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.Ldloc, _y); _il.Emit(OpCodes.Add); Const(0xFFFF); _il.Emit(OpCodes.And);
                    break;
                default:
                    throw new InvalidOperationException($"No address in mode {mode}.");
            }
        }

        /// <summary>The address of a zero page or absolute access, known when compiling; -1 for the other modes.</summary>
        private static int ConstAddress(Instruction ins, DirectMode mode) => mode is DirectMode.Zp or DirectMode.Abs ? ins.Operand1 | ins.Operand2 << 8 : -1;

        private static bool ZeroPageMode(DirectMode mode) => mode is DirectMode.Zp or DirectMode.ZpX or DirectMode.ZpY;

        /// <summary>Pushes the operand value of a reading instruction (immediate, or read from memory).</summary>
        private void Operand(Instruction ins, DirectMode mode)
        {
            if (mode == DirectMode.Imm) { Const(ins.Operand1); return; }
            if (mode is DirectMode.Zp or DirectMode.Abs) { ReadConst(ConstAddress(ins, mode), ZeroPageMode(mode)); return; }
            Address(ins, mode, read: true);
            ReadAt(ZeroPageMode(mode));
        }

        /// <summary>Writes the byte in local <paramref name="value"/> to the int address on the stack.</summary>
        private void WriteAt(LocalBuilder value, bool low, int constAddress = -1)
        {
            if (constAddress < 0 || !_timeless(constAddress)) FlushCycles();
            _il.Emit(OpCodes.Stloc, _u);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, s_bus);
            _il.Emit(OpCodes.Ldloc, _u);
            _il.Emit(OpCodes.Ldloc, value);
            _il.Emit(OpCodes.Conv_U1);
            _il.Emit(OpCodes.Call, low ? s_writeLow : s_write);
        }

        /// <summary>The int on the stack into <paramref name="reg"/> and the N/Z result.</summary>
        private void SetRegister(LocalBuilder reg)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, reg);
            _il.Emit(OpCodes.Stloc, _nz);
        }

        /// <summary>
        /// The body of a directly compiled instruction other than a branch or jump (their control flow is the block's):
        /// everything after the opcode's cycles and fetches.
        /// </summary>
        public void Body(Instruction ins, DirectOp op, DirectMode mode)
        {
            switch (op)
            {
                case DirectOp.Lda: Operand(ins, mode); SetRegister(_a); break;
                case DirectOp.Ldx: Operand(ins, mode); SetRegister(_x); break;
                case DirectOp.Ldy: Operand(ins, mode); SetRegister(_y); break;
                case DirectOp.Sta: Address(ins, mode, read: false); WriteAt(_a, ZeroPageMode(mode), ConstAddress(ins, mode)); break;
                case DirectOp.Stx: Address(ins, mode, read: false); WriteAt(_x, ZeroPageMode(mode), ConstAddress(ins, mode)); break;
                case DirectOp.Sty: Address(ins, mode, read: false); WriteAt(_y, ZeroPageMode(mode), ConstAddress(ins, mode)); break;
                case DirectOp.And: _il.Emit(OpCodes.Ldloc, _a); Operand(ins, mode); _il.Emit(OpCodes.And); SetRegister(_a); break;
                case DirectOp.Ora: _il.Emit(OpCodes.Ldloc, _a); Operand(ins, mode); _il.Emit(OpCodes.Or); SetRegister(_a); break;
                case DirectOp.Eor: _il.Emit(OpCodes.Ldloc, _a); Operand(ins, mode); _il.Emit(OpCodes.Xor); SetRegister(_a); break;
                case DirectOp.Adc: case DirectOp.Sbc: AddWithCarry(ins, mode, op == DirectOp.Sbc); break;
                case DirectOp.Cmp: Compare(ins, mode, _a); break;
                case DirectOp.Cpx: Compare(ins, mode, _x); break;
                case DirectOp.Cpy: Compare(ins, mode, _y); break;
                case DirectOp.Bit:
                    // N from bit 7 of the operand (kept in bit 8 of _nz), Z from A AND operand, V from bit 6.
                    Operand(ins, mode);
                    _il.Emit(OpCodes.Stloc, _t);
                    _il.Emit(OpCodes.Ldloc, _a); _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.And); Const(0); _il.Emit(OpCodes.Cgt_Un);
                    _il.Emit(OpCodes.Ldloc, _t); Const(0x80); _il.Emit(OpCodes.And); Const(1); _il.Emit(OpCodes.Shl); _il.Emit(OpCodes.Or);
                    _il.Emit(OpCodes.Stloc, _nz);
                    _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldloc, _t); Const(0x40); _il.Emit(OpCodes.And); Const(0); _il.Emit(OpCodes.Cgt_Un); _il.Emit(OpCodes.Stfld, s_vField);
                    break;
                case DirectOp.Inc: case DirectOp.Dec: case DirectOp.Asl: case DirectOp.Lsr: case DirectOp.Rol: case DirectOp.Ror:
                    ReadModifyWrite(ins, op, mode);
                    break;
                case DirectOp.Inx: Step(_x, 1); break;
                case DirectOp.Iny: Step(_y, 1); break;
                case DirectOp.Dex: Step(_x, -1); break;
                case DirectOp.Dey: Step(_y, -1); break;
                case DirectOp.Tax: _il.Emit(OpCodes.Ldloc, _a); SetRegister(_x); break;
                case DirectOp.Tay: _il.Emit(OpCodes.Ldloc, _a); SetRegister(_y); break;
                case DirectOp.Txa: _il.Emit(OpCodes.Ldloc, _x); SetRegister(_a); break;
                case DirectOp.Tya: _il.Emit(OpCodes.Ldloc, _y); SetRegister(_a); break;
                case DirectOp.Tsx: _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldfld, s_sp); SetRegister(_x); break;
                case DirectOp.Txs: _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldloc, _x); _il.Emit(OpCodes.Conv_U1); _il.Emit(OpCodes.Stfld, s_sp); break;
                case DirectOp.Clc: Const(0); _il.Emit(OpCodes.Stloc, _c); break;
                case DirectOp.Sec: Const(1); _il.Emit(OpCodes.Stloc, _c); break;
                case DirectOp.Clv: SetFlag(s_vField, false); break;
                case DirectOp.Cld: SetFlag(s_dField, false); break;
                case DirectOp.Sed: SetFlag(s_dField, true); break;
                case DirectOp.Cli: SetFlag(s_iField, false); break;
                case DirectOp.Sei: SetFlag(s_iField, true); break;
                case DirectOp.Nop: break;
                default: throw new InvalidOperationException($"{op} is not a body.");
            }
        }

        private void SetFlag(FieldInfo flag, bool on) { _il.Emit(OpCodes.Ldarg_0); Const(on ? 1 : 0); _il.Emit(OpCodes.Stfld, flag); }

        private void Step(LocalBuilder reg, int delta)
        {
            _il.Emit(OpCodes.Ldloc, reg); Const(delta); _il.Emit(OpCodes.Add); Const(0xFF); _il.Emit(OpCodes.And);
            SetRegister(reg);
        }

        /// <summary>CMP, CPX, CPY: Z and N from register - operand, carry when the register is not below it.</summary>
        private void Compare(Instruction ins, DirectMode mode, LocalBuilder reg)
        {
            Operand(ins, mode);
            _il.Emit(OpCodes.Stloc, _t);
            _il.Emit(OpCodes.Ldloc, reg); _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.Sub); Const(0xFF); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Stloc, _nz);
            _il.Emit(OpCodes.Ldloc, reg); _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.Clt); Not(); _il.Emit(OpCodes.Stloc, _c);
        }

        /// <summary>
        /// ADC and SBC. Binary mode inline (SBC adds the operand's complement); decimal mode calls the interpreter's own
        /// out-of-line routine, with the registers it uses stored and reloaded around it.
        /// </summary>
        private void AddWithCarry(Instruction ins, DirectMode mode, bool subtract)
        {
            Label decimalMode = _il.DefineLabel(), done = _il.DefineLabel();
            Operand(ins, mode);
            _il.Emit(OpCodes.Stloc, _t);
            _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldfld, s_dField); _il.Emit(OpCodes.Brtrue, decimalMode);
            if (subtract) { _il.Emit(OpCodes.Ldloc, _t); Const(0xFF); _il.Emit(OpCodes.Xor); _il.Emit(OpCodes.Stloc, _t); }
            // u = A + operand + C; V when both inputs share a sign the sum does not.
            _il.Emit(OpCodes.Ldloc, _a); _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.Add); _il.Emit(OpCodes.Ldloc, _c); _il.Emit(OpCodes.Add); _il.Emit(OpCodes.Stloc, _u);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _a); _il.Emit(OpCodes.Ldloc, _u); _il.Emit(OpCodes.Xor);
            _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.Ldloc, _u); _il.Emit(OpCodes.Xor);
            _il.Emit(OpCodes.And); Const(0x80); _il.Emit(OpCodes.And); Const(0); _il.Emit(OpCodes.Cgt_Un);
            _il.Emit(OpCodes.Stfld, s_vField);
            _il.Emit(OpCodes.Ldloc, _u); Const(8); _il.Emit(OpCodes.Shr); _il.Emit(OpCodes.Stloc, _c);
            _il.Emit(OpCodes.Ldloc, _u); Const(0xFF); _il.Emit(OpCodes.And); SetRegister(_a);
            _il.Emit(OpCodes.Br, done);
            _il.MarkLabel(decimalMode);
            Store();
            _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Ldloc, _t); _il.Emit(OpCodes.Call, subtract ? s_sbcDecimal : s_adcDecimal);
            Load();
            _il.MarkLabel(done);
        }

        /// <summary>INC, DEC and the shifts and rotates, on the accumulator or in memory (one read, one write).</summary>
        private void ReadModifyWrite(Instruction ins, DirectOp op, DirectMode mode)
        {
            // INC and DEC reach memory with Read/Write in every mode, the shifts with ReadLow/WriteLow in zero page.
            bool low = ZeroPageMode(mode) && op is not (DirectOp.Inc or DirectOp.Dec);
            if (mode == DirectMode.Implied)
            {
                _il.Emit(OpCodes.Ldloc, _a);
            }
            else
            {
                Address(ins, mode, read: false);
                _il.Emit(OpCodes.Stloc, _t);
                _il.Emit(OpCodes.Ldloc, _t);
                ReadAt(low, ConstAddress(ins, mode));
            }
            // The value is on the stack; leave the result on it, setting the carry where the operation does.
            LocalBuilder v = _w;   // not _u: ReadAt and WriteAt keep the address there
            _il.Emit(OpCodes.Stloc, v);
            switch (op)
            {
                case DirectOp.Inc: _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.Add); Const(0xFF); _il.Emit(OpCodes.And); break;
                case DirectOp.Dec: _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.Sub); Const(0xFF); _il.Emit(OpCodes.And); break;
                case DirectOp.Asl:
                    _il.Emit(OpCodes.Ldloc, v); Const(7); _il.Emit(OpCodes.Shr); _il.Emit(OpCodes.Stloc, _c);
                    _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.Shl); Const(0xFF); _il.Emit(OpCodes.And);
                    break;
                case DirectOp.Lsr:
                    _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Stloc, _c);
                    _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.Shr);
                    break;
                case DirectOp.Rol:
                    _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.Shl); _il.Emit(OpCodes.Ldloc, _c); _il.Emit(OpCodes.Or); Const(0xFF); _il.Emit(OpCodes.And);
                    _il.Emit(OpCodes.Ldloc, v); Const(7); _il.Emit(OpCodes.Shr); _il.Emit(OpCodes.Stloc, _c);
                    break;
                default:   // ROR
                    _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.Shr); _il.Emit(OpCodes.Ldloc, _c); Const(7); _il.Emit(OpCodes.Shl); _il.Emit(OpCodes.Or);
                    _il.Emit(OpCodes.Ldloc, v); Const(1); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Stloc, _c);
                    break;
            }
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, _nz);
            if (mode == DirectMode.Implied)
            {
                _il.Emit(OpCodes.Stloc, _a);
            }
            else
            {
                _il.Emit(OpCodes.Stloc, v);
                _il.Emit(OpCodes.Ldloc, _t);
                WriteAt(v, low, ConstAddress(ins, mode));
            }
        }
    }

    private static readonly FieldInfo s_a = typeof(M6502<TBus>).GetField(nameof(A))!;
    private static readonly FieldInfo s_x = typeof(M6502<TBus>).GetField(nameof(X))!;
    private static readonly FieldInfo s_y = typeof(M6502<TBus>).GetField(nameof(Y))!;
    private static readonly FieldInfo s_sp = typeof(M6502<TBus>).GetField(nameof(SP))!;
    private static readonly FieldInfo s_nzField = PrivateField(nameof(_nz));
    private static readonly FieldInfo s_cField = PrivateField(nameof(_c));
    private static readonly FieldInfo s_vField = PrivateField(nameof(_v));
    private static readonly FieldInfo s_dField = PrivateField(nameof(_d));
    private static readonly FieldInfo s_iField = PrivateField(nameof(_i));
    private static readonly MethodInfo s_read = BusMethod(nameof(ICpuBus.Read));
    private static readonly MethodInfo s_readLow = BusMethod(nameof(ICpuBus.ReadLow));
    private static readonly MethodInfo s_write = BusMethod(nameof(ICpuBus.Write));
    private static readonly MethodInfo s_writeLow = BusMethod(nameof(ICpuBus.WriteLow));
    private static readonly MethodInfo s_adcDecimal = typeof(M6502<TBus>).GetMethod(nameof(AdcDecimal), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo s_sbcDecimal = typeof(M6502<TBus>).GetMethod(nameof(SbcDecimal), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private static FieldInfo PrivateField(string name) => typeof(M6502<TBus>).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!;
}
