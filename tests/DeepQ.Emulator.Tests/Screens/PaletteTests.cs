using System.Globalization;
using DeepQ.Emulator.Screens;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Screens;

public class PaletteTests
{
    [SharedFact]
    public void PaletteTableMatchesAlesCsvForEveryIndex()
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.TracesDir, "ale_ntsc_palette.csv"));
        Assert.Equal("index,r,g,b,gray", lines[0]);
        Assert.Equal(129, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            byte index = (byte)f[0];
            int rgb = NtscPalette.Rgb(index);
            Assert.Equal((f[1], f[2], f[3]), ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF));
            Assert.Equal(f[4], NtscPalette.Gray(index));
        }
    }

    [Fact]
    public void ConverterWritesRgbTriplesAndGrayInScreenOrder()
    {
        byte[] screen = [0x00, 0x0E, 0x42, 0x43];
        var rgb = new byte[12];
        ScreenConverter.ToRgb(screen, rgb);
        Assert.Equal(new byte[] { 0, 0, 0 }, rgb[..3]);
        Assert.Equal(new byte[] { 0xEC, 0xEC, 0xEC }, rgb[3..6]);
        Assert.Equal(rgb[6..9], rgb[9..12]); // bit 0 of an index is ignored, as by the TIA
        var gray = new byte[4];
        ScreenConverter.ToGrayscale(screen, gray);
        Assert.Equal(0, gray[0]);
        Assert.Equal(NtscPalette.Gray(0x0E), gray[1]);
        Assert.Equal(gray[2], gray[3]);
    }

    [Fact]
    public void ConverterRejectsShortBuffers()
    {
        Assert.Throws<ArgumentException>(() => ScreenConverter.ToRgb(new byte[10], new byte[29]));
        Assert.Throws<ArgumentException>(() => ScreenConverter.ToGrayscale(new byte[10], new byte[9]));
    }
}
