using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace DeepQ.Emulator.Cpu;

// Compiled blocks: a run of instructions in plain ROM turned into one method (System.Reflection.Emit), with each
// instruction's address and operand bytes as constants. The interpreter pays one hard-to-predict jump per instruction
// to find the handler (the opcode is data); a block pays one call per run of instructions, A, X, Y, N/Z and the carry
// live in the method's locals (machine registers), and constant operands fold away the address decoding of
// zero-page and absolute accesses. The common opcodes are written as IL directly (M6502.BlockOps.cs); the rest call
// the interpreter's own handler. Branches inside a block stay branches, so a short loop runs as a loop of machine
// code. Blocks change nothing that can be observed: each instruction adds its base cycles, makes the accesses its
// handler makes in the same order, and leaves the data bus as StepCore does (latching the opcode only where no
// operand fetch overwrites it), and a block returns after any instruction that may have stopped the CPU (a frame
// ended) or switched banks, and before its instruction budget runs out, just where the interpreter's loop would
// look again. The interpreter stays the fallback everywhere else (RAM, hotspots, bus-watching cartridges, cold
// code) and when BlockThreshold is 0.
public sealed unsafe partial class M6502<TBus>
{
    /// <summary>
    /// Runs a block compiled under code map <paramref name="version"/> (it stops when the map changes), running at most
    /// <paramref name="budget"/> instructions; returns <c>instructions run &lt;&lt; 32 | address of the last one
    /// &lt;&lt; 16 | next PC</c>. Bound to its CPU.
    /// </summary>
    private delegate long BlockCode(int version, int budget);

    /// <summary>A compiled block: where it starts, where its last instruction starts, how many instructions, and its code.</summary>
    private sealed class Block(int pc, int lastPc, int count, BlockCode run)
    {
        public readonly int Pc = pc, LastPc = lastPc, Count = count;
        public readonly BlockCode Run = run;
    }

    /// <summary>Instructions in one block at most (a block ends earlier at a jump, call or return).</summary>
    public const int MaxBlockInstructions = 32;

    /// <summary>
    /// How often the interpreter must reach an address in plain ROM before the instructions from there on are compiled
    /// to a block; 0 (the default) never compiles. Compiling costs the JIT a few hundred microseconds per instruction, so
    /// only code that runs often pays for it. Only for buses whose plain code never changes (ROM): blocks keep the bytes
    /// they were compiled from.
    /// </summary>
    public int BlockThreshold { get; set; }

    /// <summary>Blocks this CPU runs so far, compiled by it or by another CPU running the same ROM (statistics and tests).</summary>
    public int BlocksCompiled { get; private set; }

    /// <summary>Instructions in those blocks, counted once per block (what the JIT compiled for this CPU's blocks).</summary>
    public int CompiledInstructions { get; private set; }

    // Indexed by position in the code array the bus locates instructions in (origin + address): the block starting
    // there, and how often the interpreter has been there. A block also records its address, since mirrors of one
    // byte have different addresses (and so different return addresses and branch targets).
    private byte[]? _blockImage;
    private Block?[] _blocks = [];
    private int[] _heat = [];
    private SharedBlocks? _shared;

    /// <summary>A block's compiled method, not yet bound to a CPU, and what the dispatcher checks before running it.</summary>
    private sealed record CompiledBlock(int Pc, int LastPc, int Count, DynamicMethod Method);

    /// <summary>
    /// The blocks compiled for one ROM image, shared by every CPU running the same bytes (each console copies its
    /// cartridge's image, and a test suite or a set of environments builds many consoles of one game): the JIT compiles
    /// a block once per process, and each further CPU only binds it. Keyed by code-array position and address.
    /// </summary>
    private sealed class SharedBlocks(byte[] image)
    {
        public readonly byte[] Image = image;
        public readonly Dictionary<long, CompiledBlock> Blocks = [];
    }

    private static readonly List<SharedBlocks> s_sharedBlocks = [];

    /// <summary>Starts a fresh block table when instructions come from another array than before.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UseBlockImage(byte[] code)
    {
        if (ReferenceEquals(code, _blockImage)) return;
        _blockImage = code;
        _blocks = new Block?[code.Length];
        _heat = new int[code.Length];
        lock (s_sharedBlocks)
        {
            _shared = s_sharedBlocks.Find(b => b.Image.AsSpan().SequenceEqual(code));
            if (_shared is null) s_sharedBlocks.Add(_shared = new SharedBlocks((byte[])code.Clone()));
        }
    }

    /// <summary>
    /// Binds the block starting at <paramref name="pc"/> (code array index <paramref name="index"/>), compiling it
    /// first unless a CPU running the same ROM did: the instructions from there on in address order, through
    /// conditional branches (a branch taken leaves the block, or loops inside it when its target is one of the block's
    /// instructions), up to a jump, call, return or JAM, or the end of [<paramref name="first"/>, <paramref name="first"/>
    /// + <paramref name="count"/>), the range the bus located. It also ends before an instruction the interpreter
    /// reached less than a quarter as often as the first (cold code after a branch mostly taken: the JIT's time there
    /// would never pay back), and before the start of another block this CPU runs (that code is compiled already; the
    /// dispatcher goes on there). Leaves no block, and returns false, where the first instruction is a JAM.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CompileBlock(int index, int pc, byte[] code, int origin, int first, int count)
    {
        CompiledBlock? compiled;
        lock (_shared!)
        {
            long key = (long)index << 16 | (uint)pc;
            if (!_shared.Blocks.TryGetValue(key, out compiled))
            {
                var ops = Decode(pc, code, origin, first, count, a => _heat[origin + a] >= BlockThreshold / 4 && _blocks[origin + a]?.Pc != a);
                if (ops.Count == 0) return false;
                compiled = new CompiledBlock(pc, ops[^1].Address, ops.Count, Emit(ops, ops.ConvertAll(IsQuiet), _bus.IsTimeless));
                _shared.Blocks.Add(key, compiled);
            }
        }
        _blocks[index] = new Block(compiled.Pc, compiled.LastPc, compiled.Count, compiled.Method.CreateDelegate<BlockCode>(this));
        BlocksCompiled++;
        CompiledInstructions += compiled.Count;
        return true;
    }

    /// <summary>
    /// The instructions of the block from <paramref name="pc"/> (see <see cref="CompileBlock"/>); each after the first
    /// only while <paramref name="worthCompiling"/> says so of its address.
    /// </summary>
    private static List<Instruction> Decode(int pc, byte[] code, int origin, int first, int count, Predicate<int> worthCompiling)
    {
        var ops = new List<Instruction>();
        int a = pc;
        while (ops.Count < MaxBlockInstructions && (uint)(a - first) < (uint)count && (a == pc || worthCompiling(a)))
        {
            byte op = code[origin + a];
            InstructionKind kind = KindOf(op);
            if (kind == InstructionKind.Jam) break;
            int next = a + InstructionLength[op];
            int target = kind switch
            {
                InstructionKind.Branch => (next + (sbyte)code[origin + a + 1]) & 0xFFFF,
                InstructionKind.Jump => code[origin + a + 1] | code[origin + a + 2] << 8,
                _ => -1,
            };
            byte operand1 = next - a > 1 ? code[origin + a + 1] : (byte)0, operand2 = next - a > 2 ? code[origin + a + 2] : (byte)0;
            ops.Add(new Instruction(a, op, kind, next, target, operand1, operand2));
            if (kind is InstructionKind.Jump or InstructionKind.End) break;
            a = next;
        }
        return ops;
    }

    /// <summary>
    /// Whether <paramref name="ins"/> can neither stop the CPU nor switch banks: every address it may access is one the
    /// bus calls quiet for that access (<see cref="ICpuBus.IsQuiet"/>). The block need not look after such an instruction.
    /// </summary>
    private bool IsQuiet(Instruction ins)
    {
        if (ins.Kind != InstructionKind.Memory) return true;
        bool write = Writes(ins.Opcode);
        switch (ScopeOf(ins.Opcode))
        {
            case AccessScope.Operand:
                return _bus.IsQuiet(ins.Operand1 | ins.Operand2 << 8, write);   // Decode leaves Operand2 0 for zero page
            case AccessScope.ZeroPage:
                for (int a = 0; a < 0x100; a++) if (!_bus.IsQuiet(a, write)) return false;
                return true;
            case AccessScope.Stack:
                for (int a = 0x100; a < 0x200; a++) if (!_bus.IsQuiet(a, write)) return false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Where a memory instruction's data accesses may go.</summary>
    internal enum AccessScope
    {
        /// <summary>The address its operand names (zero page or absolute, not indexed).</summary>
        Operand,
        /// <summary>Somewhere in zero page (zero page indexed by X or Y wraps within it).</summary>
        ZeroPage,
        /// <summary>The stack page, $0100-$01FF (pushes and pulls).</summary>
        Stack,
        /// <summary>Anywhere (indirect, and absolute indexed).</summary>
        Anywhere,
    }

    /// <summary>The <see cref="AccessScope"/> of a memory instruction, from its addressing mode's place in the opcode matrix.</summary>
    internal static AccessScope ScopeOf(byte op)
    {
        int lo = op & 0x0F;
        bool oddRow = (op & 0x10) != 0;
        if (lo is 0x08 or 0x0A) return AccessScope.Stack;                                 // PHP PLP PHA PLA
        if (lo is 0x04 or 0x05 or 0x06 or 0x07) return oddRow ? AccessScope.ZeroPage : AccessScope.Operand;
        if (lo >= 0x0C && !oddRow) return AccessScope.Operand;                          // absolute
        return AccessScope.Anywhere;                                                     // (zp,X) (zp),Y abs,X abs,Y
    }

    /// <summary>Whether a memory instruction writes (stores, read-modify-write, pushes); the rest only read.</summary>
    internal static bool Writes(byte op)
    {
        int lo = op & 0x0F, hi = op >> 4;
        if (lo == 0x08) return hi is 0x0 or 0x4;                                          // PHP, PHA
        if (hi is 0x8 or 0x9) return true;                                               // STA STX STY SAX SHA SHX SHY SHS
        if (hi is 0xA or 0xB) return false;                                              // loads
        return lo is 0x03 or 0x06 or 0x07 or 0x0B or 0x0E or 0x0F;                        // read-modify-write
    }

    /// <summary>One decoded instruction of a block: where, what, and where it goes next (fall-through and jump target).</summary>
    private readonly record struct Instruction(int Address, byte Opcode, InstructionKind Kind, int Next, int Target, byte Operand1, byte Operand2);

    /// <summary>
    /// The operand bytes of one compiled instruction as constants: the first fetch (at <c>first</c>) gives the first
    /// byte, the next the second. In a block each instruction's address is a constant, so once its handler is inlined
    /// the JIT folds the choice, and an operand address becomes a constant (a zero-page access compiles to one load).
    /// Each byte still latches on the data bus.
    /// </summary>
    private readonly struct ConstFetch(int first, byte operand1, byte operand2) : IFetch
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte Fetch(M6502<TBus> c, ref int pc)
        {
            byte b = pc == first ? operand1 : operand2;
            c._bus.NoteFetch(b);
            pc++;
            return b;
        }
    }

    /// <summary>
    /// The IL of one block. Per instruction, what StepCore does around the handler, then the instruction written
    /// directly (<see cref="BlockIl"/>) or its handler called; a local counts the instructions run. After an instruction
    /// that touched memory the block returns if the CPU was stopped or the banks switched; a taken branch or jump to one
    /// of the block's own instructions loops there while the budget allows a whole further pass, else returns with the
    /// PC it produced. <paramref name="quiet"/> marks the instructions that need no look (<see cref="IsQuiet"/>);
    /// <paramref name="timeless"/> the addresses before whose accesses Cycles need not be up to date (<see cref="ICpuBus.IsTimeless"/>).
    /// </summary>
    private static DynamicMethod Emit(List<Instruction> ops, List<bool> quiet, Predicate<int> timeless)
    {
        var method = new DynamicMethod($"Block_{ops[0].Address:X4}", typeof(long),
            [typeof(M6502<TBus>), typeof(int), typeof(int)], typeof(M6502<TBus>), skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        LocalBuilder next = il.DeclareLocal(typeof(int));
        LocalBuilder ran = il.DeclareLocal(typeof(int));
        LocalBuilder at = il.DeclareLocal(typeof(int));
        Label exit = il.DefineLabel();   // returns ran << 32 | at << 16 | next
        var starts = new Label[ops.Count];
        for (int i = 0; i < ops.Count; i++) starts[i] = il.DefineLabel();
        int IndexOf(int address) => ops.FindIndex(o => o.Address == address);

        var body = new BlockIl(il, timeless);
        body.Load();
        for (int i = 0; i < ops.Count; i++)
        {
            Instruction ins = ops[i];
            bool last = i == ops.Count - 1;
            int length = InstructionLength[ins.Opcode];
            var (op, mode) = s_direct[ins.Opcode];
            il.MarkLabel(starts[i]);
            body.AddCycles(BaseCycles[ins.Opcode]);
            if (op == DirectOp.None)
            {
                // _bus.NoteFetch(op): the opcode crossed the data bus. Only for one-byte instructions: every handler of a
                // longer one fetches its first operand before any other access, which latches over the opcode.
                if (length == 1) body.NoteFetch(ins.Opcode);
                // next = OpXX<ConstFetch>(this, address + 1, new ConstFetch(address + 1, operand bytes)), with the
                // registers in the CPU's fields while it runs.
                body.FlushCycles();
                body.Store();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, ins.Address + 1);
                il.Emit(OpCodes.Ldc_I4, ins.Address + 1);
                il.Emit(OpCodes.Ldc_I4, (int)ins.Operand1);
                il.Emit(OpCodes.Ldc_I4, (int)ins.Operand2);
                il.Emit(OpCodes.Newobj, s_constFetch);
                il.Emit(OpCodes.Call, s_handlers[ins.Opcode]!);
                il.Emit(OpCodes.Stloc, next);
                body.Load();
            }
            else
            {
                // The last byte fetched stays on the data bus (the opcode, or the last operand byte), until an access.
                body.NoteFetch(length == 1 ? ins.Opcode : length == 2 ? ins.Operand1 : ins.Operand2);
                // A branch or jump sets next itself, below, on each way it goes.
                if (ins.Kind is not (InstructionKind.Branch or InstructionKind.Jump))
                {
                    body.Body(ins, op, mode);
                    il.Emit(OpCodes.Ldc_I4, ins.Next);
                    il.Emit(OpCodes.Stloc, next);
                }
            }
            // ran++; at = address
            il.Emit(OpCodes.Ldloc, ran);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc, ran);
            il.Emit(OpCodes.Ldc_I4, ins.Address);
            il.Emit(OpCodes.Stloc, at);

            switch (ins.Kind)
            {
                case InstructionKind.Memory when !quiet[i]:
                    // An access may have ended the frame or switched banks: then stop here, as the interpreter's loop would.
                    il.Emit(OpCodes.Ldarg_0);
                    il.Emit(OpCodes.Ldfld, s_stopRequested);
                    il.Emit(OpCodes.Brtrue, exit);
                    il.Emit(OpCodes.Ldarg_0);
                    il.Emit(OpCodes.Ldflda, s_bus);
                    il.Emit(OpCodes.Call, s_codeMapVersion);
                    il.Emit(OpCodes.Ldarg_1);
                    il.Emit(OpCodes.Bne_Un, exit);
                    break;
                case InstructionKind.Branch:
                case InstructionKind.Jump:
                {
                    // Every branch and JMP abs is compiled directly (s_direct): here is where it goes.
                    Label notTaken = il.DefineLabel();
                    if (ins.Kind == InstructionKind.Branch)
                    {
                        body.BranchCondition(op);
                        il.Emit(OpCodes.Brfalse, notTaken);
                        body.AddCycles(((ins.Next ^ ins.Target) & 0xFF00) != 0 ? 2 : 1);
                    }
                    il.Emit(OpCodes.Ldc_I4, ins.Target);
                    il.Emit(OpCodes.Stloc, next);
                    // Taken to instruction j of this block: go there if a whole pass from j fits in the budget; else leave.
                    int j = IndexOf(ins.Target);
                    if (j >= 0)
                    {
                        il.Emit(OpCodes.Ldloc, ran);
                        il.Emit(OpCodes.Ldc_I4, ops.Count - j);
                        il.Emit(OpCodes.Add);
                        il.Emit(OpCodes.Ldarg_2);
                        il.Emit(OpCodes.Ble, starts[j]);
                    }
                    il.Emit(OpCodes.Br, exit);
                    il.MarkLabel(notTaken);
                    if (ins.Kind == InstructionKind.Branch)
                    {
                        il.Emit(OpCodes.Ldc_I4, ins.Next);
                        il.Emit(OpCodes.Stloc, next);
                    }
                    break;
                }
            }
            if (last) il.Emit(OpCodes.Br, exit);
        }
        il.MarkLabel(exit);
        body.FlushCycles();
        body.Store();
        il.Emit(OpCodes.Ldloc, ran);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Ldc_I4, 32);
        il.Emit(OpCodes.Shl);
        il.Emit(OpCodes.Ldloc, at);
        il.Emit(OpCodes.Ldc_I4, 16);
        il.Emit(OpCodes.Shl);
        il.Emit(OpCodes.Ldloc, next);
        il.Emit(OpCodes.Or);
        il.Emit(OpCodes.Conv_U8);
        il.Emit(OpCodes.Or);
        il.Emit(OpCodes.Ret);
        return method;
    }

    private static readonly FieldInfo s_cycles = typeof(M6502<TBus>).GetField(nameof(Cycles))!;
    private static readonly FieldInfo s_stopRequested = typeof(M6502<TBus>).GetField(nameof(StopRequested))!;
    private static readonly FieldInfo s_bus = typeof(M6502<TBus>).GetField(nameof(_bus), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo s_noteFetch = BusMethod(nameof(ICpuBus.NoteFetch));
    private static readonly MethodInfo s_codeMapVersion = BusMethod("get_" + nameof(ICpuBus.CodeMapVersion));
    private static readonly ConstructorInfo s_constFetch = typeof(ConstFetch).GetConstructor([typeof(int), typeof(byte), typeof(byte)])!;
    private static readonly MethodInfo?[] s_handlers = FindHandlers();

    /// <summary>The bus struct's own method implementing an <see cref="ICpuBus"/> member, so the call is direct.</summary>
    private static MethodInfo BusMethod(string name)
    {
        InterfaceMapping map = typeof(TBus).GetInterfaceMap(typeof(ICpuBus));
        int i = Array.FindIndex(map.InterfaceMethods, m => m.Name == name);
        return map.TargetMethods[i];
    }

    /// <summary>Each opcode's handler over <see cref="ConstFetch"/>, as <see cref="Opcodes{TF}.Matrix"/> lists it; null for JAM.</summary>
    private static MethodInfo?[] FindHandlers()
    {
        var handlers = new MethodInfo?[256];
        for (int op = 0; op < 256; op++)
        {
            if (KindOf((byte)op) == InstructionKind.Jam) continue;
            // Opcodes that share another's handler in the matrix.
            string name = op switch { 0x82 or 0x89 => "Op80", 0xEB => "OpE9", 0xFA => "OpEA", _ => $"Op{op:X2}" };
            MethodInfo method = typeof(M6502<TBus>).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException($"No handler {name} for opcode ${op:X2}.");
            handlers[op] = method.MakeGenericMethod(typeof(ConstFetch));
        }
        return handlers;
    }

    /// <summary>What a block must know of an instruction.</summary>
    internal enum InstructionKind
    {
        /// <summary>Touches only registers and its own bytes (implied, accumulator, immediate): nothing to check after it.</summary>
        Register,
        /// <summary>Reads or writes memory: the frame may have ended or the banks switched.</summary>
        Memory,
        /// <summary>A conditional branch: the block goes on when it is not taken.</summary>
        Branch,
        /// <summary>JMP to an absolute address: the block ends with it (or loops, to one of its own instructions).</summary>
        Jump,
        /// <summary>Calls, returns, indirect jumps, BRK: the block ends with it.</summary>
        End,
        /// <summary>Halts the CPU: never compiled.</summary>
        Jam,
    }

    /// <summary>The kind of opcode <paramref name="op"/>.</summary>
    internal static InstructionKind KindOf(byte op)
    {
        int lo = op & 0x0F, hi = op >> 4;
        if (lo == 0x02 && (hi < 8 || (hi & 1) == 1)) return InstructionKind.Jam;
        if (lo == 0x00 && (hi & 1) == 1) return InstructionKind.Branch;
        if (op == 0x4C) return InstructionKind.Jump;
        if (op is 0x00 or 0x20 or 0x40 or 0x60 or 0x6C) return InstructionKind.End;
        if (op is 0x08 or 0x28 or 0x48 or 0x68) return InstructionKind.Memory;   // the stack
        if (lo is 0x08 or 0x0A) return InstructionKind.Register;
        if (op is 0x80 or 0x82 or 0x89 or 0xA0 or 0xA2 or 0xC0 or 0xC2 or 0xE0 or 0xE2) return InstructionKind.Register;
        if ((lo is 0x09 or 0x0B) && (hi & 1) == 0) return InstructionKind.Register; // immediate
        return InstructionKind.Memory;
    }

    /// <summary>Bytes per instruction (opcode and operands) for every opcode, JAM counted as 1.</summary>
    internal static ReadOnlySpan<byte> InstructionLength =>
    [
        2, 2, 1, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // 0
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // 1
        3, 2, 1, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // 2
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // 3
        1, 2, 1, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // 4
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // 5
        1, 2, 1, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // 6
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // 7
        2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // 8
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // 9
        2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // a
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // b
        2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // c
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // d
        2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 3, 3, 3, 3, // e
        2, 2, 1, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 3, 3, 3, // f
    ];
}
