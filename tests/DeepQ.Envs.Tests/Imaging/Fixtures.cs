using System.IO.Compression;
using System.Text.Json;

namespace DeepQ.Envs.Tests.Imaging;

/// <summary>Reads the committed OpenCV fixtures and reproduces the generator's pseudo-random inputs.</summary>
internal static class Fixtures
{
    public static JsonElement Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    /// <summary>The generator's 31-bit LCG: x = (x * 1103515245 + 12345) mod 2^31, byte = (x >> 16) &amp; 255.</summary>
    public static byte[] LcgBytes(int seed, int n)
    {
        var bytes = new byte[n];
        ulong x = (ulong)seed & 0x7FFFFFFF;
        for (int i = 0; i < n; i++)
        {
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF;
            bytes[i] = (byte)((x >> 16) & 0xFF);
        }
        return bytes;
    }
}

/// <summary>
/// Reads screens from an ALE trace in ../shared/ale-traces (format in that folder's README):
/// gzip, "ALETRACE1\n", one JSON line, then records of 25 + 128 + H*W bytes.
/// </summary>
internal static class TraceScreens
{
    public static Dictionary<int, byte[]> Read(string path, ISet<int> wanted) => Read(path, wanted, out _, out _);

    /// <summary>Also returns each record's action and reward, up to the last wanted record.</summary>
    public static Dictionary<int, byte[]> Read(string path, ISet<int> wanted, out int[] actions, out int[] rewards)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var stream = new BufferedStream(gz, 1 << 16);
        string magic = ReadLine(stream);
        Assert.Equal("ALETRACE1", magic);
        var header = JsonDocument.Parse(ReadLine(stream)).RootElement;
        int h = header.GetProperty("screen_height").GetInt32(), w = header.GetProperty("screen_width").GetInt32();
        var record = new byte[25 + 128 + h * w];
        var screens = new Dictionary<int, byte[]>();
        int last = wanted.Max();
        actions = new int[last + 1];
        rewards = new int[last + 1];
        for (int index = 0; index <= last; index++)
        {
            stream.ReadExactly(record);
            actions[index] = BitConverter.ToInt32(record, 4);
            rewards[index] = BitConverter.ToInt32(record, 8);
            if (wanted.Contains(index)) screens[index] = record[153..];
        }
        return screens;
    }

    /// <summary>ALE's NTSC palette: RGB triple and grayscale byte per palette index.</summary>
    public static (byte[] Rgb, byte[] Gray) Palette(string tracesDir)
    {
        var rgb = new byte[256 * 3];
        var gray = new byte[256];
        foreach (var line in File.ReadLines(Path.Combine(tracesDir, "ale_ntsc_palette.csv")).Skip(1))
        {
            var f = line.Split(',').Select(int.Parse).ToArray();
            rgb[f[0] * 3] = (byte)f[1];
            rgb[f[0] * 3 + 1] = (byte)f[2];
            rgb[f[0] * 3 + 2] = (byte)f[3];
            gray[f[0]] = (byte)f[4];
        }
        return (rgb, gray);
    }

    private static string ReadLine(Stream s)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = s.ReadByte()) is not -1 and not '\n') bytes.Add((byte)b);
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
