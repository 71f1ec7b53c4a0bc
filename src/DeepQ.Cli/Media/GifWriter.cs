using System.Buffers.Binary;

namespace DeepQ.Cli.Media;

/// <summary>
/// Streams an animated GIF89a: each RGB frame gets its own local colour table built from the
/// colours it uses (Atari frames use at most 128 NTSC colours; frames with more than 256 are
/// reduced to a 3-3-2 RGB palette), a graphic control extension with the frame delay, and LZW
/// data. A NETSCAPE2.0 application extension makes viewers loop forever.
/// Frames are written as they arrive, so a long episode never sits in memory.
/// </summary>
internal sealed class GifWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly int _width, _height;
    private readonly int _delayCentiseconds;
    private readonly double _framesPerSecond; // > 0: delays alternate so the average rate is exact
    private readonly GifLzw _lzw = new();
    private readonly byte[] _indices;
    private readonly Dictionary<int, byte> _colourIndex = new(256);
    private readonly byte[] _palette = new byte[256 * 3];
    private bool _disposed;

    public int FrameCount { get; private set; }

    /// <summary>
    /// A GIF played at <paramref name="framesPerSecond"/> on average (at most 50): GIF delays are whole
    /// centiseconds, so each frame gets the delay that keeps the running time closest to frames / rate
    /// (30 fps: 3, 3, 4, 3, 3, 4 ... cs) instead of one rounded delay (3 cs = 33.3 fps).
    /// </summary>
    public GifWriter(Stream stream, int width, int height, double framesPerSecond, bool loop = true)
        : this(stream, width, height, 0, loop)
    {
        if (!(framesPerSecond > 0 && framesPerSecond <= 50))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), $"GIF frame rate must be in (0, 50], got {framesPerSecond}");
        _framesPerSecond = framesPerSecond;
    }

    /// <summary>The delay of frame <paramref name="index"/> in centiseconds at <paramref name="framesPerSecond"/>.</summary>
    internal static int DelayOf(long index, double framesPerSecond) =>
        (int)(Math.Round(100.0 * (index + 1) / framesPerSecond) - Math.Round(100.0 * index / framesPerSecond));

    /// <param name="delayCentiseconds">Display time of each frame in 1/100 s (GIF's unit); 2..65535.</param>
    public GifWriter(Stream stream, int width, int height, int delayCentiseconds, bool loop = true)
    {
        if (width is <= 0 or > ushort.MaxValue || height is <= 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(width), $"GIF frames must be 1..65535 pixels a side, got {width}x{height}");
        _stream = stream;
        _width = width;
        _height = height;
        _delayCentiseconds = Math.Clamp(delayCentiseconds, 0, ushort.MaxValue);
        _indices = new byte[width * height];

        _stream.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        screen[4] = 0x70; // no global colour table, 8 bits of colour resolution
        screen[5] = 0;    // background colour index
        screen[6] = 0;    // square pixels
        _stream.Write(screen);

        if (loop)
        {
            _stream.Write([0x21, 0xFF, 0x0B]);
            _stream.Write("NETSCAPE2.0"u8);
            _stream.Write([0x03, 0x01, 0x00, 0x00, 0x00]); // sub-block: loop count 0 = forever
        }
    }

    /// <summary>Appends one frame given as [height, width, 3] RGB bytes.</summary>
    public void AddFrame(ReadOnlySpan<byte> rgb)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (rgb.Length != _indices.Length * 3)
            throw new ArgumentException($"expected a {_width}x{_height} RGB frame ({_indices.Length * 3} bytes), got {rgb.Length} bytes", nameof(rgb));

        int colours = IndexExactly(rgb);
        if (colours < 0) colours = IndexQuantized(rgb);
        int tableBits = 1;
        while ((1 << tableBits) < colours) tableBits++;

        // Graphic control extension: no disposal specified, no transparency, the frame delay.
        Span<byte> gce = [0x21, 0xF9, 0x04, 0x00, 0, 0, 0x00, 0x00];
        int delay = _framesPerSecond > 0 ? DelayOf(FrameCount, _framesPerSecond) : _delayCentiseconds;
        BinaryPrimitives.WriteUInt16LittleEndian(gce[4..], (ushort)delay);
        _stream.Write(gce);

        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[1..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[3..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)_width);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)_height);
        descriptor[9] = (byte)(0x80 | (tableBits - 1)); // local colour table of 2^tableBits entries
        _stream.Write(descriptor);
        _stream.Write(_palette.AsSpan(0, (1 << tableBits) * 3));

        int minCodeSize = Math.Max(2, tableBits);
        _stream.WriteByte((byte)minCodeSize);
        List<byte> codes = _lzw.Compress(_indices, minCodeSize);
        Span<byte> block = stackalloc byte[256];
        for (int offset = 0; offset < codes.Count; offset += 255)
        {
            int n = Math.Min(255, codes.Count - offset);
            block[0] = (byte)n;
            for (int i = 0; i < n; i++) block[1 + i] = codes[offset + i];
            _stream.Write(block[..(n + 1)]);
        }
        _stream.WriteByte(0); // block terminator
        FrameCount++;
    }

    /// <summary>Fills the palette with the frame's own colours; -1 when it has more than 256.</summary>
    private int IndexExactly(ReadOnlySpan<byte> rgb)
    {
        _colourIndex.Clear();
        Array.Clear(_palette);
        for (int p = 0; p < _indices.Length; p++)
        {
            int colour = (rgb[3 * p] << 16) | (rgb[3 * p + 1] << 8) | rgb[3 * p + 2];
            if (!_colourIndex.TryGetValue(colour, out byte index))
            {
                if (_colourIndex.Count == 256) return -1;
                index = (byte)_colourIndex.Count;
                _colourIndex.Add(colour, index);
                _palette[3 * index] = rgb[3 * p];
                _palette[3 * index + 1] = rgb[3 * p + 1];
                _palette[3 * index + 2] = rgb[3 * p + 2];
            }
            _indices[p] = index;
        }
        return Math.Max(2, _colourIndex.Count);
    }

    /// <summary>Falls back to a fixed 3-3-2 palette (8 reds, 8 greens, 4 blues) for rich frames.</summary>
    private int IndexQuantized(ReadOnlySpan<byte> rgb)
    {
        for (int i = 0; i < 256; i++)
        {
            _palette[3 * i] = (byte)((i >> 5) * 255 / 7);
            _palette[3 * i + 1] = (byte)(((i >> 2) & 7) * 255 / 7);
            _palette[3 * i + 2] = (byte)((i & 3) * 255 / 3);
        }
        for (int p = 0; p < _indices.Length; p++)
            _indices[p] = (byte)((rgb[3 * p] >> 5 << 5) | (rgb[3 * p + 1] >> 5 << 2) | (rgb[3 * p + 2] >> 6));
        return 256;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stream.WriteByte(0x3B); // trailer
        _stream.Flush();
        _stream.Dispose();
    }
}
