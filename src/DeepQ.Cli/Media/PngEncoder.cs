using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepQ.Cli.Media;

/// <summary>
/// Encodes 8-bit RGB images as PNG: signature, IHDR (colour type 2, no interlace), one IDAT
/// holding the zlib-compressed rows each prefixed with filter type 0 (None), and IEND.
/// Charts are mostly flat colour, which zlib squeezes well without per-row filters.
/// </summary>
internal static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="rgb">Row-major pixels, 3 bytes each: [height, width, 3].</param>
    public static void Write(Stream output, int width, int height, ReadOnlySpan<byte> rgb)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "image must be at least 1x1");
        if (rgb.Length != checked(width * height * 3))
            throw new ArgumentException($"expected {width * height * 3} RGB bytes for {width}x{height}, got {rgb.Length}", nameof(rgb));

        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: truecolour
        ihdr[10] = 0; // compression: deflate
        ihdr[11] = 0; // filter method 0
        ihdr[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, ihdr);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * 3;
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rgb.Slice(y * stride, stride));
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
    }

    public static void WriteFile(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        using var file = File.Create(path);
        Write(file, width, height, rgb);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        uint crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, type), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
