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
        // An odd index (PAL colour loss) is the gray of the colour below it, in ALE's table.
        byte g42 = NtscPalette.Gray(0x42);
        Assert.Equal(new[] { g42, g42, g42 }, rgb[9..12]);
        var gray = new byte[4];
        ScreenConverter.ToGrayscale(screen, gray);
        Assert.Equal(0, gray[0]);
        Assert.Equal(NtscPalette.Gray(0x0E), gray[1]);
        Assert.Equal(NtscPalette.Gray(0x42), gray[2]);
        Assert.Equal(NtscPalette.Rgb(0x44) & 0xFF, gray[3]); // ALE reads the entry above an odd index: the next colour's blue
    }

    [Fact]
    public void ConverterRejectsShortBuffers()
    {
        Assert.Throws<ArgumentException>(() => ScreenConverter.ToRgb(new byte[10], new byte[29]));
        Assert.Throws<ArgumentException>(() => ScreenConverter.ToGrayscale(new byte[10], new byte[9]));
    }

    [Fact]
    public void EveryPaletteGrayIsAlesRoundedLuminanceOfItsColour()
    {
        foreach (var palette in new[] { AlePalette.Ntsc, AlePalette.Pal })
            for (int index = 0; index < 256; index += 2)
            {
                int c = palette.Rgb((byte)index);
                double lum = ((c >> 16) & 0xFF) * 0.2989 + ((c >> 8) & 0xFF) * 0.5870 + (c & 0xFF) * 0.1140;
                Assert.Equal((byte)Math.Round(lum, MidpointRounding.AwayFromZero), palette.Gray((byte)index));
                Assert.Equal(palette.Gray((byte)index) * 0x010101, palette.Rgb((byte)(index + 1)));
            }
        Assert.NotEqual(AlePalette.Ntsc.Rgb(0x42), AlePalette.Pal.Rgb(0x42));
    }

    [SharedTheory]
    [InlineData("tennis", true)]
    [InlineData("pong", false)]
    public void GamesFoundToBePalAtPowerOnUseAlesPalPalette(string game, bool pal)
    {
        var ale = new DeepQ.Emulator.Ale.AleInterface(DeepQ.Emulator.Roms.RomImage.Load(SharedData.Rom(game)), new DeepQ.Emulator.Ale.AleSettings { RepeatActionProbability = 0 });
        Assert.Same(pal ? AlePalette.Pal : AlePalette.Ntsc, ale.Palette);
        Assert.Equal(pal ? 250 : 210, ale.ScreenHeight);
        var rgb = new byte[ale.ScreenHeight * 160 * 3];
        ale.GetScreenRgb(rgb);
        for (int i = 0; i < ale.Screen.Length; i += 97)
            Assert.Equal(ale.Palette.Rgb(ale.Screen[i]), (rgb[3 * i] << 16) | (rgb[3 * i + 1] << 8) | rgb[3 * i + 2]);
    }
}
