using System.Buffers.Binary;

namespace DeepQ.Cli.Metrics;

/// <summary>
/// Writes TensorBoard event files (<c>events.out.tfevents.*</c>): a TFRecord stream whose
/// records are serialized <c>tensorflow.Event</c> protobufs. Only what scalars need is encoded:
/// Event { wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5 }
/// and Summary { value = 1 (repeated Value { tag = 1 (string), simple_value = 2 (float) }) }.
/// Record framing: [uint64 length][uint32 masked crc32c(length)][data][uint32 masked crc32c(data)], little-endian.
/// A run keeps one event file, so TensorBoard reads one curve per tag: every record is flushed as it
/// is written, and a resumed run rewrites the folder's event files into one that holds only the
/// records at or before the checkpoint's step (<see cref="OpenIn"/>) before it replays the rest.
/// (TensorBoard's own restart mechanism, a SessionLog START event that makes its Python loader drop
/// later steps, is not needed then, and readers that ignore it still see the right data.)
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
    private byte[] _record = new byte[256];

    /// <param name="stream">Where records go; owned and disposed by the writer.</param>
    /// <param name="wallTime">Seconds since the Unix epoch; injectable so tests get fixed bytes.</param>
    /// <param name="writeVersion">False when the stream already starts with the file-version record (a resumed run's file).</param>
    public TfEventWriter(Stream stream, Func<double>? wallTime = null, bool writeVersion = true)
    {
        _stream = stream;
        _wallTime = wallTime ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        if (!writeVersion) return;
        _event.Clear();
        _event.WriteDouble(1, _wallTime());
        _event.WriteInt64(2, 0);
        _event.WriteString(3, FileVersion);
        WriteRecord(_event.Span);
        _stream.Flush();
    }

    /// <summary>The prefix of every event file name, as TensorBoard's writers name theirs.</summary>
    public const string FilePrefix = "events.out.tfevents.";

    /// <summary>
    /// Opens the run's event file for a run that continues after agent step <paramref name="keepThroughStep"/>
    /// (0 for a fresh run). The records of every event file already in <paramref name="directory"/>, read in
    /// name order and each up to its first torn or damaged record, that were logged at or before that step
    /// are rewritten into the first of those files (through a temporary file and a rename), and the others
    /// are deleted; so the folder holds one event file, its records in step order. A later file supersedes
    /// the earlier ones from its first step on, as TensorBoard itself treats a step that goes back: that
    /// merges the files of older deepq versions (a new file per resume) and of a process killed between the
    /// rename and the deletes.
    /// </summary>
    public static TfEventWriter OpenIn(string directory, long keepThroughStep)
    {
        Directory.CreateDirectory(directory);
        var old = Directory.GetFiles(directory, FilePrefix + "*").Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        byte[]? version = null;
        var kept = new List<(long Step, byte[] Record)>();
        foreach (var file in old)
        {
            bool first = true;
            foreach (var record in EventFileReader.Records(File.ReadAllBytes(file)))
            {
                if (EventFileReader.SummaryStep(record) is not long step)
                {
                    version ??= record;   // the file-version record: keep the run's first
                    continue;
                }
                if (first) kept.RemoveAll(k => k.Step >= step);
                first = false;
                if (step <= keepThroughStep) kept.Add((step, record));
            }
        }
        string path = old.Count > 0 ? old[0]
            : Path.Combine(directory, $"{FilePrefix}{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{SafeHostName()}");
        string tmp = path + ".tmp";
        using (var copy = new TfEventWriter(new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None), writeVersion: version is null))
        {
            if (version is not null) copy.WriteRecord(version);
            foreach (var (_, record) in kept) copy.WriteRecord(record);
        }
        File.Move(tmp, path, overwrite: true);
        foreach (var file in old)
            if (!string.Equals(file, path, StringComparison.Ordinal)) File.Delete(file);
        return new TfEventWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), writeVersion: false);
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
        // Pushed to the OS at once: a kill -9 loses no record logged before it.
        _stream.Flush();
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
        // One write per record, so a killed process tears at most the record being written.
        int total = header.Length + data.Length + footer.Length;
        if (_record.Length < total) _record = new byte[Math.Max(total, 2 * _record.Length)];
        header.CopyTo(_record);
        data.CopyTo(_record.AsSpan(header.Length));
        footer.CopyTo(_record.AsSpan(header.Length + data.Length));
        _stream.Write(_record, 0, total);
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
