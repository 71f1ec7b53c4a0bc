using System.Diagnostics.CodeAnalysis;
using DeepQ.Emulator.Cpu;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>
/// A plain 64 KiB memory on all 16 address lines, as the 6502 test suites expect. With <paramref name="directCode"/>
/// the core fetches instructions straight from the array (<see cref="ICpuBus.TryLocateCode"/>) wherever three bytes
/// fit below $10000; without it, every fetch goes through <see cref="Read"/>. The tests run both.
/// </summary>
internal readonly struct FlatBus(byte[] memory, bool directCode = true) : ICpuBus
{
    public byte[] Memory { get; } = memory;
    public byte Read(int address) => Memory[address & 0xFFFF];
    public void Write(int address, byte value) => Memory[address & 0xFFFF] = value;
    public byte ReadLow(int address) => Read(address);
    public void WriteLow(int address, byte value) => Write(address, value);
    public bool IsQuiet(int address, bool write) => false;
    public bool IsTimeless(int address) => false;
    public bool TryPeekPlain(int address, out byte value) { value = Memory[address & 0xFFFF]; return true; }

    public bool TryLocateCode(int address, [NotNullWhen(true)] out byte[]? code, out int origin, out int first, out int count)
    {
        bool direct = directCode && address is >= 0 and <= 0xFFFD;
        code = direct ? Memory : null;
        origin = first = 0;
        count = direct ? 0xFFFE : 0;
        return direct;
    }

    public int CodeMapVersion => 0;

    public void NoteFetch(byte value) { }
}
