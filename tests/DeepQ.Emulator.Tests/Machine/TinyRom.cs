using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>Builds a 4K cartridge from hand-assembled 6502 bytes placed at $F000 (reset vector points there).</summary>
internal static class TinyRom
{
    public static AtariConsole Console(params byte[] program)
    {
        var image = new byte[4096];
        program.CopyTo(image, 0);
        image[0xFFC] = 0x00; image[0xFFD] = 0xF0;
        return new AtariConsole(new Cartridge4K(image));
    }

    /// <summary>
    /// A frame loop: 3 lines of VSYNC, then <paramref name="setup"/> (runs at the start of line 3),
    /// 255 lines of WSYNC, <paramref name="afterLines"/>, repeat. Ends with JMP back to the VSYNC code.
    /// </summary>
    public static byte[] FrameLoop(byte[] setup, byte[] afterLines)
    {
        var p = new List<byte>
        {
            0x78, 0xD8, 0xA2, 0xFF, 0x9A,       // SEI CLD LDX #$FF TXS
            // frame: $F005
            0xA9, 0x02, 0x85, 0x00,             // LDA #2 STA VSYNC
            0x85, 0x02, 0x85, 0x02, 0x85, 0x02, // STA WSYNC x3
            0xA9, 0x00, 0x85, 0x00,             // LDA #0 STA VSYNC  (frame ends here)
        };
        p.AddRange(setup);
        p.AddRange([0xA2, 0xFF]);               // LDX #255
        int loop = 0xF000 + p.Count;
        p.AddRange([0x85, 0x02, 0xCA, 0xD0, 0xFB]); // loop: STA WSYNC; DEX; BNE loop
        _ = loop;
        p.AddRange(afterLines);
        p.AddRange([0x4C, 0x05, 0xF0]);         // JMP frame
        return [.. p];
    }
}
