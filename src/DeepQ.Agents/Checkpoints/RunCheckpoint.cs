using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Agents.Training;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents;

/// <summary>
/// The files a run writes beside its algorithm: <c>checkpoint.bin</c> (the run's declared
/// <see cref="ResumableState"/>), <c>model.safetensors</c> (latest weights) and <c>result.json</c>.
/// Every file is written to a temporary name and renamed, so a crash mid-write leaves the previous
/// one intact. checkpoint.bin ends with an XxHash64 of everything before it and is verified before
/// a single value is restored: a flipped byte anywhere gives one clear line, never a silent resume.
/// </summary>
internal static class RunCheckpoint
{
    private const uint Magic = 0x4B435144;          // "DQCK"
    private const uint TrailerMagic = 0x444E4521;   // "!END", then the 8-byte checksum
    public const int Version = 2;                   // 2: named parts, checksum

    /// <summary>Writes model.safetensors and checkpoint.bin atomically.</summary>
    /// <param name="trainingSeconds">Training wall-clock time of the whole run so far; kept in the header, apart from the state, so two runs that are the same bit for bit have the same state bytes.</param>
    public static void Save(RunFolder folder, DqnConfig config, QNetwork online, long step, double trainingSeconds, ResumableState state)
    {
        ModelFiles.SaveWeights(online, folder.ModelFile, ModelMetadata(config, step, online));
        string tmp = folder.CheckpointFile + ".tmp";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var hash = new XxHash64();
                using (var hs = new HashingWriteStream(fs, hash))
                using (var w = new BinaryWriter(hs, Encoding.UTF8, leaveOpen: true))
                {
                    w.Write(Magic);
                    w.Write(Version);
                    w.Write(ConfigLoader.ToJson(config));
                    w.Write(trainingSeconds);
                    state.Save(w);
                    w.Write(TrailerMagic);
                    w.Flush();
                }
                fs.Write(BitConverter.GetBytes(hash.GetCurrentHashAsUInt64()));
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, folder.CheckpointFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Cannot write checkpoint '{folder.CheckpointFile}' ({e.Message}); check the disk has space and the folder is writable.", e);
        }
    }

    /// <summary>Verifies the checksum of <paramref name="path"/>, then restores <paramref name="state"/> from it; returns the run's training seconds so far.</summary>
    public static double Load(string path, DqnConfig config, ResumableState state)
    {
        try
        {
            Verify(path);
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var r = new BinaryReader(fs, Encoding.UTF8);
            if (r.ReadUInt32() != Magic)
                throw new CheckpointException($"'{path}' is not a DeepQ checkpoint; give the run folder DqnTrainer.Train wrote.");
            int version = r.ReadInt32();
            if (version != Version)
                throw new CheckpointException($"Checkpoint '{path}' has format version {version}; this deepq reads version {Version}. Resume it with the deepq that wrote it.");
            string savedConfig = r.ReadString();
            string ours = ConfigLoader.ToJson(config);
            if (savedConfig != ours && Difference(savedConfig, ours) is { } difference)
                throw new CheckpointException($"Checkpoint '{path}' was written with different settings than the run's config.json ({difference}); restore the original config.json or start a new run.");
            double trainingSeconds = r.ReadDouble();
            state.Load(r, path);
            if (r.ReadUInt32() != TrailerMagic)
                throw new CheckpointException($"Checkpoint '{path}' does not end where it should; the file is corrupt.");
            return trainingSeconds;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException or DecoderFallbackException
                                      or DeepQ.Nn.NnFormatException or ArgumentException or JsonException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupt or truncated ({e.Message}); resume from a backup or start a new run.", e);
        }
    }

    /// <summary>Recomputes the XxHash64 of everything before the last 8 bytes and compares it with them.</summary>
    private static void Verify(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        long body = fs.Length - sizeof(ulong);
        if (body < 2 * sizeof(uint))
            throw new CheckpointException($"Checkpoint '{path}' is truncated ({fs.Length} bytes); resume from a backup or start a new run.");
        Span<byte> magic = stackalloc byte[sizeof(uint)];
        fs.ReadExactly(magic);
        if (BitConverter.ToUInt32(magic) != Magic)
            throw new CheckpointException($"'{path}' is not a DeepQ checkpoint; give the run folder DqnTrainer.Train wrote.");
        fs.Position = 0;
        var hash = new XxHash64();
        var buffer = new byte[1 << 20];
        long left = body;
        while (left > 0)
        {
            int n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw new EndOfStreamException("unexpected end of file");
            hash.Append(buffer.AsSpan(0, n));
            left -= n;
        }
        Span<byte> stored = stackalloc byte[sizeof(ulong)];
        fs.ReadExactly(stored);
        if (BitConverter.ToUInt64(stored) != hash.GetCurrentHashAsUInt64())
            throw new CheckpointException($"Checkpoint '{path}' fails its checksum: the file is corrupt or truncated. Resume from a backup or start a new run.");
    }

    /// <summary>Metadata stored in every model file the run writes.</summary>
    public static Dictionary<string, string> ModelMetadata(DqnConfig config, long step, QNetwork online) => new()
    {
        ["env"] = config.Env,
        ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["network"] = online.Spec.ToString(),
    };

    public static void WriteFloats(BinaryWriter w, IReadOnlyList<float[]> arrays)
    {
        w.Write(arrays.Count);
        foreach (var a in arrays)
        {
            w.Write(a.Length);
            w.Write(MemoryMarshal.AsBytes(a.AsSpan()));
        }
    }

    public static void ReadFloats(BinaryReader r, float[][] into, string what)
    {
        int count = r.ReadInt32();
        if (count != into.Length) throw new CheckpointException($"Checkpoint {what}: {count} tensors where the network has {into.Length}; it was written for a different network.");
        foreach (var a in into)
        {
            int n = r.ReadInt32();
            if (n != a.Length) throw new CheckpointException($"Checkpoint {what}: a tensor of {n} values where the network has {a.Length}; it was written for a different network.");
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan()));
        }
    }

    /// <summary>
    /// The first setting on which a checkpoint's config and the run's differ, or null when they agree.
    /// A setting newer than the checkpoint agrees when it holds its built-in default (the behaviour
    /// from before it existed, which is what <see cref="ConfigLoader.LoadResolved"/> gives it).
    /// </summary>
    internal static string? Difference(string savedJson, string currentJson)
    {
        using var a = JsonDocument.Parse(savedJson);
        using var b = JsonDocument.Parse(currentJson);
        using var builtIn = JsonDocument.Parse(ConfigLoader.ToJson(new DqnConfig()));
        foreach (var p in a.RootElement.EnumerateObject())
        {
            if (!b.RootElement.TryGetProperty(p.Name, out var q)) return $"{p.Name} is not a setting any more";
            if (p.Value.GetRawText() != q.GetRawText()) return $"{p.Name}: checkpoint {p.Value.GetRawText()}, config {q.GetRawText()}";
        }
        foreach (var q in b.RootElement.EnumerateObject())
        {
            if (a.RootElement.TryGetProperty(q.Name, out _)) continue;
            string was = builtIn.RootElement.TryGetProperty(q.Name, out var d) ? d.GetRawText() : "absent";
            if (q.Value.GetRawText() != was) return $"{q.Name}: config {q.Value.GetRawText()}, but the checkpoint predates that setting (it ran as {was})";
        }
        return null;
    }

    /// <summary>result.json: how the run ended and the final evaluation (snake_case, as --json prints).</summary>
    public static void WriteResult(RunFolder folder, TrainingResult result)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("status", result.Status.ToString().ToLowerInvariant());
            w.WriteNumber("steps", result.Steps);
            w.WriteNumber("episodes", result.Episodes);
            w.WriteNumber("updates", result.Updates);
            w.WriteNumber("training_seconds", Math.Round(result.Elapsed.TotalSeconds, 1));
            if (double.IsFinite(result.BestScore) && result.BestStep is { } bestStep)
            {
                w.WriteNumber("best_eval_mean", result.BestScore);
                w.WriteNumber("best_step", bestStep);
            }
            if (result.FinalEvaluation is { } final)
            {
                w.WriteStartObject("final_evaluation");
                WriteEvaluation(w, final);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        string tmp = folder.ResultFile + ".tmp";
        File.WriteAllBytes(tmp, ms.ToArray());
        File.Move(tmp, folder.ResultFile, overwrite: true);
    }

    private static void WriteEvaluation(Utf8JsonWriter w, EvaluationResult e)
    {
        w.WriteNumber("episodes", e.Episodes);
        w.WriteNumber("epsilon", e.Epsilon);
        w.WriteNumber("mean", e.Mean);
        w.WriteNumber("std", e.Std);
        w.WriteNumber("median", e.Median);
        w.WriteNumber("min", e.Min);
        w.WriteNumber("max", e.Max);
    }

    /// <summary>A write-only stream that feeds every byte it passes on into a hash.</summary>
    private sealed class HashingWriteStream(Stream inner, NonCryptographicHashAlgorithm hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.Append(buffer);
            inner.Write(buffer);
        }
        public override void WriteByte(byte value) => Write([value]);
    }
}
