using System.Globalization;
using System.IO.Compression;
using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>Replays ALE's instruction-by-instruction trace of Pong from power-on: registers and both cycle columns must match.</summary>
public sealed class PowerOnTraceTest
{
    internal static AtariConsole LoadPong()
    {
        var image = File.ReadAllBytes(SharedData.Rom("pong"));
        Cartridge cart = image.Length == 4096 ? new Cartridge4K(image) : new Cartridge2K(image);
        return new AtariConsole(cart, left: ControllerType.Paddles, right: ControllerType.Paddles);
    }

    [SharedFact]
    public void Pong_power_on_trace_matches_ALE_instruction_by_instruction()
    {
        var console = LoadPong();
        using var gz = new GZipStream(File.OpenRead(Path.Combine(SharedData.TracesDir, "pong_cpu_poweron.txt.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        int lineNo = 0, checkedLines = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.StartsWith('#') || line.Length == 0) continue;
            var f = line.Split(' ');
            int pc = int.Parse(f[0], NumberStyles.HexNumber);
            console.StepInstruction(out int actualPc, out long before);
            var cpu = console.Cpu;
            string expected = $"{pc:x4} {f[1]} {f[2]} {f[3]} {f[4]} {f[5]} {f[6]} {f[7]} {f[8]}";
            string actual = $"{actualPc & 0x1FFF | (pc & 0xE000):x4} {cpu.LastOpcode:x2} {cpu.A:x2} {cpu.X:x2} {cpu.Y:x2} {cpu.P:x2} {cpu.SP:x2} {before} {console.FrameCycles}";
            if (expected != actual)
                Assert.Fail($"Line {lineNo} differs.\nexpected: {expected}\nactual:   {actual}");
            checkedLines++;
        }
        Assert.Equal(120_000, checkedLines);
    }
}
