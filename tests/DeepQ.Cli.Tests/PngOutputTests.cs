using System.Buffers.Binary;
using System.IO.Compression;
using DeepQ.Cli.Media;

namespace DeepQ.Cli.Tests;

public class PngOutputTests
{
    /// <summary>Decodes the PNGs this encoder writes (truecolour, filter 0), checking every chunk CRC.</summary>
    internal static (int Width, int Height, byte[] Rgb) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, width = 0, height = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var typeAndData = png.AsSpan(pos + 4, 4 + length);
            string type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            Assert.Equal(Crc32.Compute(typeAndData), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length)));
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(typeAndData[4..]);
                height = BinaryPrimitives.ReadInt32BigEndian(typeAndData[8..]);
                Assert.Equal([8, 2, 0, 0, 0], typeAndData.Slice(12, 5).ToArray());
            }
            if (type == "IDAT") idat.Write(typeAndData[4..]);
            pos += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(height * (1 + width * 3), rows.Length);
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * (1 + width * 3)]);
            Array.Copy(rows, y * (1 + width * 3) + 1, rgb, y * width * 3, width * 3);
        }
        return (width, height, rgb);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(160, 210)]
    public void Round_trips_pixels(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        new Random(width * 1000 + height).NextBytes(rgb);
        var stream = new MemoryStream();
        PngWriter.WriteRgb(stream, rgb, width, height);
        var (w, h, back) = Decode(stream.ToArray());
        Assert.Equal((width, height), (w, h));
        Assert.Equal(rgb, back);
    }

    [Fact]
    public void Rejects_a_buffer_of_the_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.WriteRgb(new MemoryStream(), new byte[11], 2, 2));
    }
}
