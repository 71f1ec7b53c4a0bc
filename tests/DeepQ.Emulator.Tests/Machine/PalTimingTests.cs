using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>
/// What Stella's console and TIA do differently once the power-on frames look like PAL (ALE's 250-line
/// games), plus the display properties ALE takes from Stella's table (window start and height, HMOVE blanks).
/// </summary>
public sealed class PalTimingTests
{
    private const byte Background = 0x46;

    // Frames of 258 + extraLines lines (see TinyRom.FrameLoop) with COLUBK written at the top of every frame.
    private static AtariConsole Console(int extraLines, int yStart = 34, int height = 210, bool hmoveBlanks = true, byte[]? setup = null, byte[]? after = null)
    {
        byte[] colour = [0xA9, Background, 0x85, 0x09]; // LDA #Background STA COLUBK
        byte[] wait = extraLines == 0 ? [] : [0xA2, (byte)extraLines, 0x85, 0x02, 0xCA, 0xD0, 0xFB]; // LDX #n; STA WSYNC; DEX; BNE
        var image = new byte[4096];
        TinyRom.FrameLoop([.. colour, .. setup ?? []], [.. after ?? [], .. wait]).CopyTo(image, 0);
        image[0xFFC] = 0x00; image[0xFFD] = 0xF0;
        return new AtariConsole(new Cartridge4K(image), yStart, height, hmoveBlanks: hmoveBlanks);
    }

    [Theory]
    [InlineData(4, false, 210)]   // 262 lines: NTSC
    [InlineData(54, true, 250)]   // 312 lines: more than 285, PAL
    public void Power_on_frames_longer_than_285_lines_switch_the_console_to_PAL_and_a_250_line_window(int extra, bool pal, int height)
    {
        var c = Console(extra);
        Assert.Equal(210, c.ScreenHeight);
        c.RunPowerOnFrames();
        Assert.Equal(pal, c.PalDetected);
        Assert.Equal(height, c.ScreenHeight);
        c.RunFrame();
        Assert.Equal(height * Tia.Width, c.Screen.Length);
    }

    [Fact]
    public void A_display_height_other_than_210_is_kept_on_a_PAL_console()
    {
        var c = Console(54, height: 230);
        c.RunPowerOnFrames();
        Assert.True(c.PalDetected);
        Assert.Equal(230, c.ScreenHeight);
    }

    [Fact]
    public void PAL_colour_loss_sets_bit_0_of_colours_written_after_a_frame_of_odd_line_count()
    {
        var odd = new List<bool>();
        foreach (int extra in new[] { 54, 55 })
        {
            var c = Console(extra);
            c.RunPowerOnFrames();
            Assert.True(c.PalDetected);
            for (int i = 0; i < 3; i++) c.RunFrame();
            bool oddFrame = (c.ScanlinesLastFrame & 1) == 1;
            byte pixel = c.Screen[100 * Tia.Width + 80];
            Assert.Equal(oddFrame ? Background | 1 : Background, pixel);
            odd.Add(oddFrame);
        }
        Assert.NotEqual(odd[0], odd[1]); // one frame length of each parity was seen
    }

    [Fact]
    public void NTSC_consoles_have_no_colour_loss_and_long_frames_are_cut_at_290_lines()
    {
        var c = Console(33); // 291 lines, but NTSC at power-on would need > 285 in 15 of frames 30-59: it is PAL...
        c.RunFrame(); c.RunFrame();
        // ...yet before RunPowerOnFrames the TIA runs as NTSC: the frame is cut after 290 lines, colours stay even.
        Assert.True(c.ScanlinesLastFrame <= Tia.MaximumScanlines + 1, $"{c.ScanlinesLastFrame} lines");
        Assert.Equal(Background, c.Screen[100 * Tia.Width + 80]);
    }

    [Fact]
    public void PAL_frames_run_to_342_lines_before_being_cut()
    {
        var c = Console(80); // 338 lines: longer than NTSC's limit, shorter than PAL's
        c.RunPowerOnFrames();
        Assert.True(c.PalDetected);
        c.RunFrame(); c.RunFrame();
        Assert.InRange(c.ScanlinesLastFrame, Tia.MaximumScanlines + 2, Tia.MaximumScanlinesPal);
    }

    [Fact]
    public void The_display_window_starts_at_YStart()
    {
        // A frame starts when VSYNC ends; the background turns black when its 255-line loop ends, on line 255.
        byte[] black = [0xA9, 0x00, 0x85, 0x09]; // LDA #0 STA COLUBK
        foreach (int yStart in new[] { 50, 60 })
        {
            var c = Console(4, yStart: yStart, after: black);
            for (int i = 0; i < 3; i++) c.RunFrame();
            int first = Enumerable.Range(0, c.ScreenHeight).First(r => c.Screen[r * Tia.Width + 80] == 0);
            Assert.Equal(255 - yStart, first);
        }
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, Background)]
    public void HMOVE_at_the_start_of_a_line_blanks_its_first_8_pixels_unless_the_property_turns_it_off(bool blanks, int expected)
    {
        byte[] setup = [0xA2, 20, 0x85, 0x02, 0x85, 0x2A, 0xCA, 0xD0, 0xF9]; // lines 4-23: STA WSYNC; STA HMOVE; DEX; BNE
        var c = Console(0, yStart: 0, hmoveBlanks: blanks, setup: setup);
        for (int i = 0; i < 3; i++) c.RunFrame();
        const int row = 10;
        Assert.Equal(expected, c.Screen[row * Tia.Width + 3]);
        Assert.Equal(Background, c.Screen[row * Tia.Width + 20]);
    }
}
