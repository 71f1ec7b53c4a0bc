using System.Buffers.Binary;

namespace DeepQ.Cli.Metrics;

/// <summary>
/// Writes TensorBoard event files (<c>events.out.tfevents.*</c>): a TFRecord stream whose
/// records are serialized <c>tensorflow.Event</c> protobufs. Only what scalars need is encoded:
/// Event { wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5 }
/// and Summary { value = 1 (repeated Value { tag = 1 (string), simple_value = 2 (float) }) }.
/// Record framing: [uint64 length][uint32 masked crc32c(length)][data][uint32 masked crc32c(data)], little-endian.
/// </summary>
internal sealed class TfEventWriter : IScalarSink
{
    /// <summary>The version string TensorBoard expects in the first record of every event file.</summary>
    public const string FileVersion = "brain.Event:2";

    private readonly Stream _stream;
    private readonly Func<double> _wallTime;
    private readonly ProtoBuffer _event = new();
    private readonly ProtoBuffer _summary = new();
    private readonly ProtoBuffer _value = new();

    /// <param name="stream">Where records go; owned and disposed by the writer.</param>
    /// <param name="wallTime">Seconds since the Unix epoch; injectable so tests get fixed bytes.</param>
    public TfEventWriter(Stream stream, Func<double>? wallTime = null)
    {
        _stream = stream;
        _wallTime = wallTime ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        _event.Clear();
        _event.WriteDouble(1, _wallTime());
        _event.WriteInt64(2, 0);
        _event.WriteString(3, FileVersion);
        WriteRecord(_event.Span);
    }

    /// <summary>Creates a new event file in <paramref name="directory"/>, named like TensorBoard's writers name theirs.</summary>
    public static TfEventWriter CreateIn(string directory)
    {
        Directory.CreateDirectory(directory);
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string host = SafeHostName();
        string path = Path.Combine(directory, $"events.out.tfevents.{seconds}.{host}");
        for (int n = 1; File.Exists(path); n++)
            path = Path.Combine(directory, $"events.out.tfevents.{seconds}.{host}.{n}");
        return new TfEventWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
    }

    public void Add(string tag, double value, long step)
    {
        _value.Clear();
        _value.WriteString(1, tag);
        _value.WriteFloat(2, (float)value);
        _summary.Clear();
        _summary.WriteBytes(1, _value.Span);
        _event.Clear();
        _event.WriteDouble(1, _wallTime());
        _event.WriteInt64(2, step);
        _event.WriteBytes(5, _summary.Span);
        WriteRecord(_event.Span);
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Flush();
        _stream.Dispose();
    }

    private void WriteRecord(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.ComputeMasked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.ComputeMasked(data));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
    }

    private static string SafeHostName()
    {
        string host = Environment.MachineName;
        return string.IsNullOrEmpty(host) ? "localhost" : host;
    }

    /// <summary>A growable byte buffer with the handful of protobuf wire encodings an Event needs.</summary>
    private sealed class ProtoBuffer
    {
        private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;
        private byte[] _bytes = new byte[256];
        private int _length;

        public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

        public void Clear() => _length = 0;

        public void WriteDouble(int field, double value)
        {
            WriteTag(field, WireFixed64);
            BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
        }

        public void WriteFloat(int field, float value)
        {
            WriteTag(field, WireFixed32);
            BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
        }

        public void WriteInt64(int field, long value)
        {
            WriteTag(field, WireVarint);
            WriteVarint((ulong)value);
        }

        public void WriteString(int field, string value)
        {
            WriteTag(field, WireLengthDelimited);
            int count = System.Text.Encoding.UTF8.GetByteCount(value);
            WriteVarint((ulong)count);
            System.Text.Encoding.UTF8.GetBytes(value, Reserve(count));
        }

        public void WriteBytes(int field, ReadOnlySpan<byte> value)
        {
            WriteTag(field, WireLengthDelimited);
            WriteVarint((ulong)value.Length);
            value.CopyTo(Reserve(value.Length));
        }

        private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                Reserve(1)[0] = (byte)(value | 0x80);
                value >>= 7;
            }
            Reserve(1)[0] = (byte)value;
        }

        private Span<byte> Reserve(int count)
        {
            if (_length + count > _bytes.Length)
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
            var span = _bytes.AsSpan(_length, count);
            _length += count;
            return span;
        }
    }
}
