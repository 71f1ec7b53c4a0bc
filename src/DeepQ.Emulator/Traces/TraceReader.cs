using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepQ.Emulator.Traces;

/// <summary>The JSON header line of an ALE trace: how the reference run was configured.</summary>
public sealed record TraceHeader
{
    /// <summary>ROM file name, e.g. <c>pong.bin</c>.</summary>
    [JsonPropertyName("rom")] public string Rom { get; init; } = "";
    [JsonPropertyName("ale_random_seed")] public int AleRandomSeed { get; init; }
    /// <summary>Emulator frames per agent step.</summary>
    [JsonPropertyName("frame_skip")] public int FrameSkip { get; init; } = 1;
    [JsonPropertyName("repeat_action_probability")] public double RepeatActionProbability { get; init; }
    /// <summary>Agent steps in the run (reset records come on top).</summary>
    [JsonPropertyName("steps")] public int Steps { get; init; }
    [JsonPropertyName("minimal_actions")] public int[] MinimalActions { get; init; } = [];
    [JsonPropertyName("screen_height")] public int ScreenHeight { get; init; } = 210;
    [JsonPropertyName("screen_width")] public int ScreenWidth { get; init; } = 160;
}

/// <summary>
/// One record of an ALE trace: the state after one <c>act</c> (or after a reset when
/// <see cref="Step"/> is -1). The spans point into the reader's buffer and are valid until the
/// next <see cref="TraceReader.Read"/>.
/// </summary>
public readonly ref struct TraceRecord
{
    /// <summary>Bytes before RAM: step, action, reward (int32), game over (byte), lives, episode frame, frame (int32).</summary>
    public const int FixedBytes = 25;
    public const int RamBytes = 128;

    public int Step { get; init; }
    /// <summary>ALE action id taken; -1 on reset records.</summary>
    public int Action { get; init; }
    /// <summary>Reward of the step, summed over frame skip.</summary>
    public int Reward { get; init; }
    public bool GameOver { get; init; }
    public int Lives { get; init; }
    /// <summary>Frames since the last reset (emulator frames, not agent steps).</summary>
    public int EpisodeFrameNumber { get; init; }
    /// <summary>Frames since the ROM was loaded, excluding reset frames.</summary>
    public int FrameNumber { get; init; }
    /// <summary>RAM $80..$FF.</summary>
    public ReadOnlySpan<byte> Ram { get; init; }
    /// <summary>[H,W] palette indices.</summary>
    public ReadOnlySpan<byte> Screen { get; init; }

    /// <summary>True for the record written right after loadROM / reset_game.</summary>
    public bool IsReset => Step == -1;
}

/// <summary>
/// Streams an ALE trace file (<c>ALETRACE1</c> format of <c>../shared/ale-traces/README.md</c>):
/// gzip, a magic line, one JSON header line, then fixed-size little-endian records read one at a
/// time into a reused buffer, so a whole trace is checked without holding it in memory.
/// A malformed file is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class TraceReader : IDisposable
{
    /// <summary>The first line of every trace.</summary>
    public const string Magic = "ALETRACE1";

    private readonly Stream _stream;
    private readonly byte[] _record;
    private readonly string _name;

    public TraceReader(string path)
    {
        _name = path;
        if (!File.Exists(path)) throw new FileNotFoundException($"Trace file '{path}' does not exist.", path);
        _stream = new BufferedStream(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), 1 << 16);
        try
        {
            if (ReadLine() != Magic) throw new InvalidDataException($"'{path}' is not an ALE trace: its first line is not {Magic}.");
            var json = ReadLine();
            Header = JsonSerializer.Deserialize<TraceHeader>(json)
                ?? throw new InvalidDataException($"'{path}' has an empty trace header.");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            _stream.Dispose();
            throw e as InvalidDataException ?? new InvalidDataException($"'{path}' has a bad trace header: {e.Message}", e);
        }
        if (Header.ScreenHeight <= 0 || Header.ScreenWidth <= 0 || Header.ScreenHeight * Header.ScreenWidth > 1 << 20)
        {
            _stream.Dispose();
            throw new InvalidDataException($"'{path}' declares a {Header.ScreenWidth}x{Header.ScreenHeight} screen, which is not an Atari screen.");
        }
        _record = new byte[RecordBytes];
    }

    public TraceHeader Header { get; }

    /// <summary>Bytes per record: 25 + 128 + H*W.</summary>
    public int RecordBytes => TraceRecord.FixedBytes + TraceRecord.RamBytes + Header.ScreenHeight * Header.ScreenWidth;

    /// <summary>Records read so far.</summary>
    public int RecordsRead { get; private set; }

    /// <summary>Reads the next record; false at the clean end of the file. A partial record is an error.</summary>
    public bool Read(out TraceRecord record)
    {
        int got = _stream.ReadAtLeast(_record, _record.Length, throwOnEndOfStream: false);
        if (got == 0) { record = default; return false; }
        if (got < _record.Length)
            throw new InvalidDataException($"'{_name}' ends inside record {RecordsRead} ({got} of {_record.Length} bytes); the file is truncated.");
        var b = _record.AsSpan();
        record = new TraceRecord
        {
            Step = BinaryPrimitives.ReadInt32LittleEndian(b),
            Action = BinaryPrimitives.ReadInt32LittleEndian(b[4..]),
            Reward = BinaryPrimitives.ReadInt32LittleEndian(b[8..]),
            GameOver = b[12] != 0,
            Lives = BinaryPrimitives.ReadInt32LittleEndian(b[13..]),
            EpisodeFrameNumber = BinaryPrimitives.ReadInt32LittleEndian(b[17..]),
            FrameNumber = BinaryPrimitives.ReadInt32LittleEndian(b[21..]),
            Ram = b.Slice(TraceRecord.FixedBytes, TraceRecord.RamBytes),
            Screen = b[(TraceRecord.FixedBytes + TraceRecord.RamBytes)..],
        };
        RecordsRead++;
        return true;
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            int c = _stream.ReadByte();
            if (c < 0) throw new InvalidDataException($"'{_name}' ends inside its header.");
            if (c == '\n') return sb.ToString();
            if (sb.Length > 1 << 16) throw new InvalidDataException($"'{_name}' has a header line longer than 64 KiB.");
            sb.Append((char)c);
        }
    }

    public void Dispose() => _stream.Dispose();
}
