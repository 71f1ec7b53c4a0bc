using System.Text;
using System.Text.Json;
using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Nn;
using DeepQ.Nn.Files;

namespace DeepQ.Agents.Training;

/// <summary>
/// The resumable checkpoint of a <see cref="DqnRun{T}"/>: counters, RNG states, online and target
/// weights, optimizer state, best model, the replay buffer, and the environment calls since the
/// last real reset (replayed on resume to rebuild the env's exact state). Written to a temporary
/// file and renamed, so a crash mid-write leaves the previous checkpoint intact.
/// </summary>
internal sealed partial class DqnRun<T>
{
    private const uint CheckpointMagic = 0x4B435144; // "DQCK"
    private const uint TrailerMagic = 0x444E4521;    // written last: a truncated file lacks it
    private const int CheckpointVersion = 1;

    /// <summary>Writes model.safetensors and checkpoint.bin atomically.</summary>
    private void SaveCheckpoint()
    {
        var folder = _folder!;
        ModelFiles.SaveWeights(_online, folder.ModelFile, ModelMetadata());
        string tmp = folder.CheckpointFile + ".tmp";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var w = new BinaryWriter(fs, Encoding.UTF8, leaveOpen: true))
            {
                WriteState(w);
                w.Flush();
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, folder.CheckpointFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Cannot write checkpoint '{folder.CheckpointFile}' ({e.Message}); check the disk has space and the folder is writable.", e);
        }
        _observer.OnCheckpoint(new CheckpointReport(_step, folder.CheckpointFile, IsBestModel: false));
    }

    private void WriteState(BinaryWriter w)
    {
        w.Write(CheckpointMagic);
        w.Write(CheckpointVersion);
        w.Write(ConfigLoader.ToJson(_c));
        w.Write(_step); w.Write(_episodes); w.Write(_updates);
        w.Write(_episodeReturn); w.Write(_episodeLength);
        w.Write(_bestScore); w.Write(_bestStep); w.Write(_haveBest); w.Write(_evalPending);
        _exploreRng.Write(w); _replayRng.Write(w); _envSeedRng.Write(w);
        w.Write(_recentReturns.Count);
        foreach (var r in _recentReturns) w.Write(r);
        w.Write(_envLog.Count);
        foreach (var (isReset, value) in _envLog) { w.Write(isReset); w.Write(value); }
        WriteFloats(w, _online.Parameters.Select(p => p.Value));
        WriteFloats(w, _target.Parameters.Select(p => p.Value));
        WriteFloats(w, _bestWeights);
        w.Write(_optimizer.GetType().Name);
        w.Write(_optimizer.StepCount);
        var state = _optimizer.ExportState();
        w.Write(state.Count);
        foreach (var t in state)
        {
            w.Write(t.Name);
            WriteFloats(w, [t.Data]);
        }
        w.Write(_c.SaveReplayBuffer);
        if (_c.SaveReplayBuffer) _replay.Save(w);
        w.Write(TrailerMagic);
    }

    private static void WriteFloats(BinaryWriter w, IEnumerable<float[]> arrays)
    {
        var list = arrays.ToList();
        w.Write(list.Count);
        foreach (var a in list)
        {
            w.Write(a.Length);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        }
    }

    /// <summary>Restores everything from checkpoint.bin and replays the env to where it was.</summary>
    public void LoadCheckpoint(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var r = new BinaryReader(fs, Encoding.UTF8);
            ReadState(r, path);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException or DecoderFallbackException
                                      or NnFormatException or ArgumentException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupt or truncated ({e.Message}); resume from a backup or start a new run.", e);
        }
        _startStep = _step;
    }

    private void ReadState(BinaryReader r, string path)
    {
        if (r.ReadUInt32() != CheckpointMagic)
            throw new CheckpointException($"'{path}' is not a DeepQ checkpoint; give the run folder 'deepq train' wrote.");
        int version = r.ReadInt32();
        if (version != CheckpointVersion)
            throw new CheckpointException($"Checkpoint '{path}' has format version {version}; this deepq reads version {CheckpointVersion}. Resume it with the deepq that wrote it.");
        string savedConfig = r.ReadString();
        string ours = ConfigLoader.ToJson(_c);
        if (savedConfig != ours)
            throw new CheckpointException($"Checkpoint '{path}' was written with different settings than the run's config.json ({FirstDifference(savedConfig, ours)}); restore the original config.json or start a new run.");
        _step = r.ReadInt64(); _episodes = r.ReadInt64(); _updates = r.ReadInt64();
        _episodeReturn = r.ReadDouble(); _episodeLength = r.ReadInt64();
        _bestScore = r.ReadDouble(); _bestStep = r.ReadInt64(); _haveBest = r.ReadBoolean(); _evalPending = r.ReadBoolean();
        _exploreRng.Read(r); _replayRng.Read(r); _envSeedRng.Read(r);
        _recentReturns.Clear();
        int nRecent = CheckCount(r.ReadInt32(), 100);
        for (int i = 0; i < nRecent; i++) _recentReturns.Enqueue(r.ReadDouble());
        _envLog.Clear();
        int nLog = CheckCount(r.ReadInt32(), int.MaxValue);
        for (int i = 0; i < nLog; i++) _envLog.Add((r.ReadBoolean(), r.ReadInt32()));
        ReadFloats(r, _online.Parameters.Select(p => p.Value).ToArray(), "online weights");
        ReadFloats(r, _target.Parameters.Select(p => p.Value).ToArray(), "target weights");
        ReadFloats(r, _bestWeights, "best weights");
        string optimizer = r.ReadString();
        if (optimizer != _optimizer.GetType().Name)
            throw new CheckpointException($"Checkpoint '{path}' holds {optimizer} state but the config selects {_optimizer.GetType().Name}; restore the original config.json.");
        long optimizerSteps = r.ReadInt64();
        var exported = _optimizer.ExportState();
        int nState = r.ReadInt32();
        if (nState != exported.Count) throw new CheckpointException($"Checkpoint '{path}': optimizer state has {nState} tensors, expected {exported.Count}; the file is corrupt.");
        var tensors = new List<NamedTensor>();
        foreach (var t in exported)
        {
            string name = r.ReadString();
            var data = new float[t.Data.Length];
            ReadFloats(r, [data], $"optimizer tensor {t.Name}");
            tensors.Add(new NamedTensor(name, t.Shape, data));
        }
        _optimizer.ImportState(tensors, optimizerSteps, path);
        bool hasReplay = r.ReadBoolean();
        if (hasReplay) _replay.Load(r);
        if (r.ReadUInt32() != TrailerMagic)
            throw new CheckpointException($"Checkpoint '{path}' does not end where it should; the file is truncated or corrupt.");
        if (!hasReplay)
            _observer.OnLog("The checkpoint has no replay buffer (save-replay-buffer was false): training continues with an empty buffer, so the result will differ from an uninterrupted run.");
        ReplayEnvironment(path, hasReplay);
    }

    /// <summary>Re-issues the env calls since the last real reset, so the env is exactly where it was.</summary>
    private void ReplayEnvironment(string path, bool checkAgainstReplay)
    {
        if (_envLog.Count == 0 || !_envLog[0].IsReset)
            throw new CheckpointException($"Checkpoint '{path}' has no environment history; the file is corrupt.");
        foreach (var (isReset, value) in _envLog)
        {
            if (isReset) _env.Reset(value >= 0 ? value : null);
            else _env.Step(value);
        }
        if (!checkAgainstReplay)
        {
            _replay.StartEpisode(_env.Observation);
            return;
        }
        var expected = new T[_replay.ObservationSize];
        _replay.CopyLatestObservation(expected);
        if (!System.Runtime.InteropServices.MemoryMarshal.AsBytes(_env.Observation).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan())))
            throw new CheckpointException($"Replaying the environment from checkpoint '{path}' did not reproduce the saved observation; the environment code changed since the run started, so it cannot be resumed bit-identically. Start a new run.");
    }

    private static void ReadFloats(BinaryReader r, float[][] into, string what)
    {
        int count = r.ReadInt32();
        if (count != into.Length) throw new CheckpointException($"Checkpoint {what}: {count} tensors where the network has {into.Length}; it was written for a different network.");
        foreach (var a in into)
        {
            int n = r.ReadInt32();
            if (n != a.Length) throw new CheckpointException($"Checkpoint {what}: a tensor of {n} values where the network has {a.Length}; it was written for a different network.");
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan());
            int read = 0;
            while (read < bytes.Length)
            {
                int k = r.Read(bytes[read..]);
                if (k == 0) throw new EndOfStreamException("unexpected end of file");
                read += k;
            }
        }
    }

    private static int CheckCount(int n, int max) =>
        n >= 0 && n <= max ? n : throw new FormatException($"impossible count {n}");

    private static string FirstDifference(string savedJson, string currentJson)
    {
        using var a = JsonDocument.Parse(savedJson);
        using var b = JsonDocument.Parse(currentJson);
        foreach (var p in a.RootElement.EnumerateObject())
        {
            if (!b.RootElement.TryGetProperty(p.Name, out var q)) return $"{p.Name} is not a setting any more";
            if (p.Value.GetRawText() != q.GetRawText()) return $"{p.Name}: checkpoint {p.Value.GetRawText()}, config {q.GetRawText()}";
        }
        return "the settings differ";
    }

    /// <summary>result.json: the final evaluation and how the run ended.</summary>
    private void WriteResult(TrainingStatus status, EvaluationResult? final)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("status", status.ToString().ToLowerInvariant());
            w.WriteNumber("steps", _step);
            w.WriteNumber("episodes", _episodes);
            w.WriteNumber("updates", _updates);
            if (_haveBest) { w.WriteNumber("best-eval-mean", _bestScore); w.WriteNumber("best-step", _bestStep); }
            if (final is not null)
            {
                w.WriteStartObject("final-evaluation");
                w.WriteNumber("episodes", final.Episodes);
                w.WriteNumber("epsilon", final.Epsilon);
                w.WriteNumber("mean", final.Mean);
                w.WriteNumber("std", final.Std);
                w.WriteNumber("median", final.Median);
                w.WriteNumber("min", final.Min);
                w.WriteNumber("max", final.Max);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        string tmp = _folder!.ResultFile + ".tmp";
        File.WriteAllBytes(tmp, ms.ToArray());
        File.Move(tmp, _folder.ResultFile, overwrite: true);
    }
}
