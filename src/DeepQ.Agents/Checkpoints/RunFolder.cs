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
            throw new CheckpointException($"Run folder '{Path}' is not writable ({e.Message}); choose another folder with --run-dir or fix its permissions.", e);
        }
    }

    /// <summary>A fresh run must not overwrite another run's checkpoint.</summary>
    public void EnsureFresh()
    {
        if (File.Exists(CheckpointFile) || File.Exists(ModelFile))
            throw new CheckpointException($"Run folder '{Path}' already holds a run; continue it with --resume {Path}, or pick a new folder with --run-dir.");
    }

    /// <summary>A folder to resume must hold a config and a checkpoint.</summary>
    public void EnsureResumable()
    {
        if (!Directory.Exists(Path))
            throw new CheckpointException($"Cannot resume: run folder '{Path}' does not exist; give the folder a previous 'deepq train' wrote.");
        if (!File.Exists(ConfigFile) || !File.Exists(CheckpointFile))
            throw new CheckpointException($"Cannot resume: '{Path}' has no {(File.Exists(ConfigFile) ? "checkpoint.bin" : "config.json")}; it is not a run folder, or the run stopped before its first checkpoint.");
    }

    /// <summary>A run that wrote result.json finished (completed or solved): resuming it would only redo its final evaluation.</summary>
    public void EnsureUnfinished()
    {
        if (File.Exists(ResultFile))
            throw new CheckpointException($"Cannot resume: the run in '{Path}' already finished (see its result.json); evaluate its model with 'deepq eval {Path}', or start a new run to train longer.");
    }
}
