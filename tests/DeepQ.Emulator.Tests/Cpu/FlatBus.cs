using DeepQ.Emulator.Cpu;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>A plain 64 KiB memory on all 16 address lines, as the 6502 test suites expect.</summary>
internal readonly struct FlatBus(byte[] memory) : ICpuBus
{
    public byte[] Memory { get; } = memory;
    public byte Read(int address) => Memory[address & 0xFFFF];
    public void Write(int address, byte value) => Memory[address & 0xFFFF] = value;
    public byte ReadLow(int address) => Read(address);
    public void WriteLow(int address, byte value) => Write(address, value);
    public bool TryPeekPlain(int address, out byte value) { value = Memory[address & 0xFFFF]; return true; }
}
