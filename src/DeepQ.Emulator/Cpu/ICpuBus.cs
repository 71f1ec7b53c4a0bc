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
}
