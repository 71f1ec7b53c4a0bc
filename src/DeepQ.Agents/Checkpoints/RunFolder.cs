namespace DeepQ.Agents;

/// <summary>
/// The files of one training run, all in one folder:
/// <c>config.json</c> (fully resolved settings), <c>model.safetensors</c> (latest weights),
/// <c>best.safetensors</c> (best by evaluation score), <c>checkpoint.bin</c> (everything needed to
/// resume bit-identically), <c>result.json</c> (final evaluation summary).
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string path) { Path = System.IO.Path.GetFullPath(path); }

    public string Path { get; }
    public string ConfigFile => Combine(Config.ConfigLoader.ResolvedFileName);
    public string ModelFile => Combine("model.safetensors");
    public string BestModelFile => Combine("best.safetensors");
    public string CheckpointFile => Combine("checkpoint.bin");
    public string ResultFile => Combine("result.json");

    /// <summary>Held open by the process training in the folder (see <see cref="Lock"/>).</summary>
    public string LockFile => Combine("train.lock");

    /// <summary>
    /// Claims the folder for one training process until the returned handle is disposed or the process
    /// ends (also by kill -9: the operating system drops the lock with the process). A second process
    /// gets a <see cref="CheckpointException"/> saying the folder is in use, instead of two runs
    /// appending to the same metrics and racing on the checkpoint. Creates the folder if needed.
    /// </summary>
    public IDisposable Lock()
    {
        try { Directory.CreateDirectory(Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CheckpointException($"Run folder '{Path}' is not writable ({e.Message}); choose another run folder or fix its permissions.", e);
        }
        try
        {
            // FileShare.None is an exclusive lock: LockFileEx on Windows, flock(LOCK_EX | LOCK_NB) on Linux and macOS.
            return new Held(new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), LockFile);
        }
        catch (IOException e) when (File.Exists(LockFile) && e.GetType() == typeof(IOException))
        {
            throw new CheckpointException($"Run folder '{Path}' is in use by another deepq training process; wait for it to finish, or stop it (a cancelled run saves) before resuming.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CheckpointException($"Run folder '{Path}' is not writable ({e.Message}); choose another run folder or fix its permissions.", e);
        }
    }

    /// <summary>The open lock file; disposing closes it (releasing the lock) and removes it.</summary>
    private sealed class Held(FileStream stream, string path) : IDisposable
    {
        private FileStream? _stream = stream;

        public void Dispose()
        {
            if (_stream is null) return;
            // Deleted while still held, so no other process can lock the name in between.
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _stream.Dispose();
            _stream = null;
        }
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates the folder if needed and proves it is writable by writing and deleting a probe file.</summary>
    public void EnsureWritable()
    {
        string probe = Combine(".write-test");
        try
        {
            Directory.CreateDirectory(Path);
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CheckpointException($"Run folder '{Path}' is not writable ({e.Message}); choose another run folder or fix its permissions.", e);
        }
    }

    /// <summary>A fresh run must not overwrite another run's checkpoint.</summary>
    public void EnsureFresh()
    {
        if (File.Exists(CheckpointFile))
            throw new CheckpointException($"Run folder '{Path}' already holds a run; continue it with DqnTrainer.Resume({Path}), or pick a new run folder.");
        // Model files without a checkpoint: a run stopped before its first checkpoint was complete, so
        // resuming cannot continue it; do not send the user there, and do not overwrite its models either.
        if (File.Exists(ModelFile) || File.Exists(BestModelFile))
            throw new CheckpointException($"Run folder '{Path}' holds model files of a run that stopped before its first checkpoint (there is nothing to resume); pick a new run folder, or delete that folder to start over in it.");
    }

    /// <summary>A folder to resume must hold a config and a checkpoint.</summary>
    public void EnsureResumable()
    {
        if (File.Exists(Path))
            throw new CheckpointException($"Cannot resume: '{Path}' is a file, not a run folder; give the folder a previous DqnTrainer.Train wrote (it holds config.json and checkpoint.bin).");
        if (!Directory.Exists(Path))
            throw new CheckpointException($"Cannot resume: run folder '{Path}' does not exist; give the folder a previous DqnTrainer.Train wrote.");
        if (!File.Exists(ConfigFile) || !File.Exists(CheckpointFile))
            throw new CheckpointException($"Cannot resume: '{Path}' has no {(File.Exists(ConfigFile) ? "checkpoint.bin" : "config.json")}; it is not a run folder, or the run stopped before its first checkpoint.");
    }

    /// <summary>A run that wrote result.json finished (completed or solved): resuming it would only redo its final evaluation.</summary>
    public void EnsureUnfinished()
    {
        if (File.Exists(ResultFile))
            throw new CheckpointException($"Cannot resume: the run in '{Path}' already finished (see its result.json); evaluate its model with Evaluator.EvaluateModel({System.IO.Path.Combine(Path, "best.safetensors")}), or start a new run to train longer.");
    }
}
