using System.Diagnostics.CodeAnalysis;

namespace DeepQ.Emulator.Cpu;

/// <summary>
/// What the 6502 core sees of the outside world: one read or write per bus access.
/// Implement it on a struct so <see cref="M6502{TBus}"/> is specialised per bus and every access is a direct call.
/// </summary>
public interface ICpuBus
{
    /// <summary>A read of <paramref name="address"/> (16 bits as the core forms them; the machine decides how many lines it decodes).</summary>
    byte Read(int address);

    /// <summary>A write of <paramref name="value"/> to <paramref name="address"/>.</summary>
    void Write(int address, byte value);

    /// <summary>
    /// A read of an address below $0200 (zero page and stack), which the core forms for zero-page operands, pointers
    /// and the stack; a bus may decode those faster. Must behave exactly like <see cref="Read"/>.
    /// </summary>
    byte ReadLow(int address);

    /// <summary>A write below $0200; must behave exactly like <see cref="Write"/>.</summary>
    void WriteLow(int address, byte value);

    /// <summary>
    /// Reads <paramref name="address"/> only where a read has no effect at all: plain ROM or memory that no device
    /// watches (no bank switch, no timer, nothing latched). Returns false, leaving the bus untouched, anywhere else.
    /// The core looks ahead at code with it (the timer-wait loop in <see cref="M6502{TBus}.Execute"/>).
    /// </summary>
    bool TryPeekPlain(int address, out byte value);

    /// <summary>
    /// Where the CPU may fetch instructions without the bus. True when the instruction at <paramref name="address"/>
    /// can be: then every instruction starting in [<paramref name="first"/>, <paramref name="first"/> +
    /// <paramref name="count"/>) (<paramref name="address"/> among them) has its three bytes plain (as for
    /// <see cref="TryPeekPlain"/>), next to each other in <paramref name="code"/> and not wrapping past $FFFF; byte a is
    /// <c>code[origin + a]</c>. That holds until <see cref="CodeMapVersion"/> changes. The core fetches such
    /// instructions from <paramref name="code"/> and reports each byte through <see cref="NoteFetch"/>.
    /// </summary>
    bool TryLocateCode(int address, [NotNullWhen(true)] out byte[]? code, out int origin, out int first, out int count);

    /// <summary>
    /// Whether every read (or, with <paramref name="write"/>, every read or write) of <paramref name="address"/> leaves
    /// <see cref="CodeMapVersion"/> as it is and never sets <see cref="M6502{TBus}.StopRequested"/>: RAM, or a register
    /// whose access has no such effect. Asked when code is compiled, not per access; false is always safe.
    /// </summary>
    bool IsQuiet(int address, bool write);

    /// <summary>
    /// Whether reads and writes of <paramref name="address"/> neither read nor change anything of the CPU (its
    /// <see cref="M6502{TBus}.Cycles"/> above all): plain RAM. A compiled block brings Cycles up to date only before
    /// accesses that are not. Asked when code is compiled, not per access; false is always safe.
    /// </summary>
    bool IsTimeless(int address);

    /// <summary>Changes whenever what <see cref="TryLocateCode"/> answered may no longer hold (a bank switch).</summary>
    int CodeMapVersion { get; }

    /// <summary>A byte the core fetched from <see cref="TryLocateCode"/>'s array: it crossed the data bus all the same.</summary>
    void NoteFetch(byte value);
}
