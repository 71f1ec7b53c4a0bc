using DeepQ.TestSupport;
using System.Buffers.Binary;
using System.IO.Compression;
using DeepQ.Cli.Media;

namespace DeepQ.Cli.Tests;

public class PngWriterTests
{
    [Fact]
    public void Crc32HasTheStandardCheckValue()
    {
        // The CRC-32 check value of "123456789" is 0xCBF43926 (ISO 3309 / PNG); the decoder below checks every chunk with it.
        Assert.Equal(0xCBF43926u, System.IO.Hashing.Crc32.HashToUInt32("123456789"u8));
    }

    [Fact]
    public void RgbPngDecodesBackToTheSamePixels()
    {
        const int w = 5, h = 3;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 37);
        var ms = new MemoryStream();
        PngWriter.WriteRgb(ms, rgb, w, h);
        var (width, height, colourType, pixels) = Decode(ms.ToArray());
        Assert.Equal((w, h, 2), (width, height, colourType));
        Assert.Equal(rgb, pixels);
    }

    [Fact]
    public void GrayPngDecodesBackToTheSamePixels()
    {
        const int w = 160, h = 210;
        var gray = new byte[w * h];
        new Random(3).NextBytes(gray);
        var ms = new MemoryStream();
        PngWriter.WriteGray(ms, gray, w, h);
        var (width, height, colourType, pixels) = Decode(ms.ToArray());
        Assert.Equal((w, h, 0), (width, height, colourType));
        Assert.Equal(gray, pixels);
    }

    [SharedFact]
    public void An_emulator_screen_is_written_with_ALE_colours()
    {
        var ale = new DeepQ.Emulator.Ale.AleInterface(DeepQ.Emulator.Roms.RomImage.Load(SharedData.Rom("pong")), new DeepQ.Emulator.Ale.AleSettings());
        for (int i = 0; i < 60; i++) ale.Act(DeepQ.Emulator.Ale.AleAction.Noop);
        var path = Path.Combine(Path.GetTempPath(), $"deepq-frame-{Environment.ProcessId}.png");
        try
        {
            PngWriter.WriteScreen(path, ale.Screen, DeepQ.Emulator.Ale.AleInterface.ScreenWidth, ale.ScreenHeight, ale.Palette);
            var (width, height, colourType, pixels) = Decode(File.ReadAllBytes(path));
            Assert.Equal((160, 210, 2), (width, height, colourType));
            var rgb = new byte[160 * 210 * 3];
            ale.GetScreenRgb(rgb);
            Assert.Equal(rgb, pixels);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WrongBufferSizeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.WriteRgb(new MemoryStream(), new byte[10], 2, 2));
    }

    // A minimal PNG reader for filter-0 images: checks the signature and every chunk CRC.
    private static (int W, int H, int ColourType, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, w = 0, h = 0, ct = -1;
        var idat = new MemoryStream();
        bool ended = false;
        while (!ended)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(Crc32.Update(0xFFFFFFFFu, png.AsSpan(pos + 4, 4 + len)) ^ 0xFFFFFFFFu, crc);
            switch (type)
            {
                case "IHDR": w = BinaryPrimitives.ReadInt32BigEndian(data); h = BinaryPrimitives.ReadInt32BigEndian(data[4..]); ct = data[9]; Assert.Equal(8, data[8]); break;
                case "IDAT": idat.Write(data); break;
                case "IEND": ended = true; Assert.Equal(0xAE426082u, crc); break;
            }
            pos += 12 + len;
        }
        Assert.Equal(png.Length, pos);
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        int channels = ct == 2 ? 3 : 1, row = w * channels;
        var bytes = raw.ToArray();
        Assert.Equal(h * (row + 1), bytes.Length);
        var pixels = new byte[h * row];
        for (int y = 0; y < h; y++)
        {
            Assert.Equal(0, bytes[y * (row + 1)]);
            Array.Copy(bytes, y * (row + 1) + 1, pixels, y * row, row);
        }
        return (w, h, ct, pixels);
    }
}
