using System.Buffers.Binary;
using DeepQ.Cli.Media;

namespace DeepQ.Cli.Tests;

public class GifWriterTests
{
    internal sealed record GifFrame(int DelayCentiseconds, byte[] Rgb);

    /// <summary>An independent GIF89a decoder for what <see cref="GifWriter"/> writes (local colour tables, full-size frames).</summary>
    internal static (int Width, int Height, bool Loops, List<GifFrame> Frames) Decode(byte[] gif)
    {
        Assert.Equal("GIF89a"u8.ToArray(), gif[..6]);
        int width = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(6));
        int height = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(8));
        Assert.Equal(0, gif[10] & 0x80); // no global table
        int pos = 13, delay = 0;
        bool loops = false;
        var frames = new List<GifFrame>();
        while (true)
        {
            byte b = gif[pos++];
            if (b == 0x3B) break;
            if (b == 0x21)
            {
                byte label = gif[pos++];
                var blocks = ReadSubBlocks(gif, ref pos);
                if (label == 0xF9) delay = BinaryPrimitives.ReadUInt16LittleEndian(blocks.AsSpan(1));
                if (label == 0xFF && System.Text.Encoding.ASCII.GetString(blocks, 0, 11) == "NETSCAPE2.0") loops = true;
                continue;
            }
            Assert.Equal(0x2C, b);
            int fw = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(pos + 4));
            int fh = BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(pos + 6));
            Assert.Equal((width, height), (fw, fh));
            byte packed = gif[pos + 8];
            pos += 9;
            Assert.NotEqual(0, packed & 0x80);
            int tableSize = 1 << ((packed & 7) + 1);
            var palette = gif.AsSpan(pos, tableSize * 3).ToArray();
            pos += tableSize * 3;
            int minCodeSize = gif[pos++];
            var data = ReadSubBlocks(gif, ref pos);
            var indices = LzwDecode(data, minCodeSize, fw * fh);
            var rgb = new byte[fw * fh * 3];
            for (int i = 0; i < indices.Length; i++)
            {
                Assert.True(indices[i] < tableSize);
                rgb[3 * i] = palette[3 * indices[i]];
                rgb[3 * i + 1] = palette[3 * indices[i] + 1];
                rgb[3 * i + 2] = palette[3 * indices[i] + 2];
            }
            frames.Add(new GifFrame(delay, rgb));
        }
        Assert.Equal(gif.Length, pos);
        return (width, height, loops, frames);
    }

    private static byte[] ReadSubBlocks(byte[] gif, ref int pos)
    {
        var bytes = new List<byte>();
        for (int n = gif[pos++]; n != 0; n = gif[pos++])
        {
            bytes.AddRange(gif.AsSpan(pos, n).ToArray());
            pos += n;
        }
        return bytes.ToArray();
    }

    /// <summary>Textbook GIF LZW decoding, written from the spec independently of the encoder.</summary>
    private static byte[] LzwDecode(byte[] data, int minCodeSize, int pixels)
    {
        int clear = 1 << minCodeSize, end = clear + 1;
        var dict = new List<byte[]>();
        void Reset()
        {
            dict.Clear();
            for (int i = 0; i < clear; i++) dict.Add([(byte)i]);
            dict.Add([]);
            dict.Add([]);
        }
        Reset();
        int size = minCodeSize + 1, bitPos = 0;
        var output = new List<byte>();
        byte[]? previous = null;
        bool sawEnd = false;
        while (bitPos + size <= data.Length * 8)
        {
            int code = 0;
            for (int i = 0; i < size; i++, bitPos++)
                code |= ((data[bitPos >> 3] >> (bitPos & 7)) & 1) << i;
            if (code == clear) { Reset(); size = minCodeSize + 1; previous = null; continue; }
            if (code == end) { sawEnd = true; break; }
            byte[] entry;
            if (code < dict.Count) entry = dict[code];
            else
            {
                Assert.True(code == dict.Count && previous is not null, $"bad LZW code {code} with {dict.Count} entries");
                entry = [.. previous!, previous![0]];
            }
            if (previous is not null && dict.Count < 4096)
            {
                dict.Add([.. previous, entry[0]]);
                if (dict.Count == (1 << size) && size < 12) size++;
            }
            output.AddRange(entry);
            previous = entry;
        }
        Assert.True(sawEnd, "no end-of-information code");
        Assert.Equal(pixels, output.Count);
        return output.ToArray();
    }

    private static byte[] Frame(int width, int height, int colours, int seed)
    {
        var rnd = new Random(seed);
        var palette = new byte[colours * 3];
        rnd.NextBytes(palette);
        var rgb = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++)
        {
            // Runs of equal pixels as in real frames, plus noise to stress the code table.
            int c = (p / 7 + rnd.Next(3)) % colours;
            rgb[3 * p] = palette[3 * c];
            rgb[3 * p + 1] = palette[3 * c + 1];
            rgb[3 * p + 2] = palette[3 * c + 2];
        }
        return rgb;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 2)]
    [InlineData(16, 16, 5)]
    [InlineData(160, 210, 128)]
    [InlineData(200, 200, 256)]
    public void Frames_round_trip_exactly_when_they_have_at_most_256_colours(int width, int height, int colours)
    {
        var frames = Enumerable.Range(0, 3).Select(i => Frame(width, height, colours, i)).ToList();
        var stream = new MemoryStream();
        using (var gif = new GifWriter(stream, width, height, delayCentiseconds: 4))
            foreach (var f in frames) gif.AddFrame(f);

        var (w, h, loops, decoded) = Decode(stream.ToArray());
        Assert.Equal((width, height), (w, h));
        Assert.True(loops);
        Assert.Equal(frames.Count, decoded.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(4, decoded[i].DelayCentiseconds);
            Assert.Equal(frames[i], decoded[i].Rgb);
        }
    }

    [Fact]
    public void Pure_noise_with_full_code_table_resets_round_trips()
    {
        var rgb = new byte[256 * 256 * 3];
        var rnd = new Random(7);
        for (int p = 0; p < 256 * 256; p++) rgb[3 * p] = (byte)rnd.Next(256);
        var stream = new MemoryStream();
        using (var gif = new GifWriter(stream, 256, 256, 10)) gif.AddFrame(rgb);
        Assert.Equal(rgb, Decode(stream.ToArray()).Frames[0].Rgb);
    }

    [Fact]
    public void Frames_with_more_than_256_colours_are_quantized_to_332()
    {
        var rgb = new byte[32 * 32 * 3];
        new Random(3).NextBytes(rgb);
        var stream = new MemoryStream();
        using (var gif = new GifWriter(stream, 32, 32, 10)) gif.AddFrame(rgb);
        var back = Decode(stream.ToArray()).Frames[0].Rgb;
        for (int i = 0; i < rgb.Length; i++)
            Assert.True(Math.Abs(rgb[i] - back[i]) <= 85, $"byte {i}: {rgb[i]} became {back[i]}");
        Assert.NotEqual(rgb, back);
    }

    [Theory]
    [InlineData(30.0)]
    [InlineData(15.0)]
    [InlineData(14.0)]
    public void Frame_delays_average_to_the_asked_rate(double fps)
    {
        // Whole centiseconds per frame, never below 2, and one second of frames lasts one second (within a centisecond).
        var delays = Enumerable.Range(0, 600).Select(i => GifWriter.DelayOf(i, fps)).ToList();
        Assert.All(delays, d => Assert.InRange(d, 2, 8));
        for (int seconds = 1; seconds <= 10; seconds++)
            Assert.InRange(delays.Take((int)(seconds * fps)).Sum(), seconds * 100 - 1, seconds * 100 + 1);
        // The file carries those delays.
        var stream = new MemoryStream();
        using (var gif = new GifWriter(stream, 2, 2, fps))
            for (int i = 0; i < 3; i++) gif.AddFrame(new byte[12]);
        var bytes = stream.ToArray();
        var written = new List<int>();
        for (int i = 0; i + 5 < bytes.Length; i++)
            if (bytes[i] == 0x21 && bytes[i + 1] == 0xF9 && bytes[i + 2] == 0x04) written.Add(bytes[i + 4] | bytes[i + 5] << 8);
        Assert.Equal(delays.Take(3), written);
    }
}
