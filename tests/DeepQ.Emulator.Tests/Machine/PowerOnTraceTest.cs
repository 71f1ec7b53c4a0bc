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

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

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
            console.StepInstruction(out int actualPc, out long before);
            var cpu = console.Cpu;
            bool same = Hex(f[0]) == actualPc && Hex(f[1]) == cpu.LastOpcode && Hex(f[2]) == cpu.A && Hex(f[3]) == cpu.X
                && Hex(f[4]) == cpu.Y && Hex(f[5]) == cpu.P && Hex(f[6]) == cpu.SP
                && long.Parse(f[7], CultureInfo.InvariantCulture) == before && long.Parse(f[8], CultureInfo.InvariantCulture) == console.FrameCycles;
            if (!same)
                Assert.Fail($"Line {lineNo} differs.\nexpected: {line}\nactual:   {actualPc:x4} {cpu.LastOpcode:x2} {cpu.A:x2} {cpu.X:x2} {cpu.Y:x2} {cpu.P:x2} {cpu.SP:x2} {before} {console.FrameCycles}");
            checkedLines++;
        }
        Assert.Equal(120_000, checkedLines);
    }
}
