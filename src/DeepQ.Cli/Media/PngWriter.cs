using System.Buffers.Binary;
using System.IO.Compression;

using DeepQ.Emulator.Screens;

namespace DeepQ.Cli.Media;

/// <summary>
/// Writes 8-bit RGB or grayscale images as PNG (signature, IHDR, one zlib IDAT with filter
/// type 0 on every row, IEND), enough for the charts and any emulator frame. It lives in the CLI,
/// its only user; chunk CRCs are System.IO.Hashing's CRC-32 (ISO 3309, as PNG specifies).
/// </summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>PNG colour types: 0 grayscale, 2 truecolour.</summary>
    private const byte ColourTypeGray = 0, ColourTypeRgb = 2;

    /// <summary>Writes [height,width,3] RGB bytes as a PNG to <paramref name="path"/>.</summary>
    public static void WriteRgb(string path, ReadOnlySpan<byte> rgb, int width, int height)
    {
        using var f = File.Create(path);
        WriteRgb(f, rgb, width, height);
    }

    /// <summary>Writes [height,width,3] RGB bytes as a PNG stream.</summary>
    public static void WriteRgb(Stream output, ReadOnlySpan<byte> rgb, int width, int height) =>
        Write(output, rgb, width, height, 3, ColourTypeRgb);

    /// <summary>Writes [height,width] grayscale bytes as a PNG stream.</summary>
    public static void WriteGray(Stream output, ReadOnlySpan<byte> gray, int width, int height) =>
        Write(output, gray, width, height, 1, ColourTypeGray);

    /// <summary>Writes a palette-index screen ([height,width]) as an RGB PNG with ALE's colours (NTSC unless <paramref name="palette"/> says).</summary>
    public static void WriteScreen(string path, ReadOnlySpan<byte> indices, int width, int height, AlePalette? palette = null)
    {
        var rgb = new byte[indices.Length * 3];
        ScreenConverter.ToRgb(indices, rgb, palette ?? AlePalette.Ntsc);
        WriteRgb(path, rgb, width, height);
    }

    private static void Write(Stream output, ReadOnlySpan<byte> pixels, int width, int height, int channels, byte colourType)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"Image size {width}x{height} must be positive.");
        int rowBytes = width * channels;
        if (pixels.Length != rowBytes * height)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} bytes; a {width}x{height} image with {channels} channel(s) needs {rowBytes * height}.", nameof(pixels));

        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;            // bit depth
        ihdr[9] = colourType;
        ihdr[10] = 0;           // deflate
        ihdr[11] = 0;           // filter method 0
        ihdr[12] = 0;           // no interlace
        WriteChunk(output, "IHDR"u8, ihdr);

        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter type None
                z.Write(pixels.Slice(y * rowBytes, rowBytes));
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc32 = new System.IO.Hashing.Crc32();
        crc32.Append(type);
        crc32.Append(data);
        uint crc = crc32.GetCurrentHashAsUInt32();
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
