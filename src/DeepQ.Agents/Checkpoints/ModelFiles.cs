using DeepQ.Nn;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents;

/// <summary>
/// Saving and loading Q-network weights (safetensors) with atomic writes and user-level errors:
/// a missing, corrupt or mismatched model file becomes a <see cref="CheckpointException"/>.
/// </summary>
public static class ModelFiles
{
    /// <summary>Writes to a temporary file in the same folder, then renames over the target.</summary>
    public static void SaveWeights(QNetwork net, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        string tmp = path + ".tmp";
        try
        {
            net.Save(tmp, metadata);
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Cannot write model file '{path}' ({e.Message}); check the run folder is writable and the disk has space.", e);
        }
    }

    public static void LoadWeights(QNetwork net, string path)
    {
        if (Directory.Exists(path))
            throw new CheckpointException($"Model file '{path}' is a folder, not a file; give the path of a .safetensors file written by DqnTrainer.Train (for example RUN_DIR/best.safetensors).");
        if (!File.Exists(path))
            throw new CheckpointException($"Model file '{path}' does not exist; give the path of a .safetensors file written by DqnTrainer.Train (for example RUN_DIR/best.safetensors).");
        // Parse first, so a damaged file is reported as damaged and not as a network mismatch.
        var metadata = ReadMetadata(path);
        try { net.Load(path); }
        catch (NnFormatException e)
        {
            string trained = metadata.TryGetValue("env", out var env)
                ? $"it was trained for {env}" + (metadata.TryGetValue("network", out var spec) ? $" with network {spec}" : "")
                : "it was trained for a different env or network";
            throw new CheckpointException($"Model file '{path}' does not fit this network ({net.Spec}): {trained}; evaluate it with `env` = {env ?? "ENV"} (the env it was trained on).", e);
        }
    }

    /// <summary>
    /// The string metadata stored with a model (env, step, network). The file's checksum is verified on
    /// the way (see <see cref="DeepQ.Nn.Files.SafeTensors.ChecksumKey"/>), so a corrupt, truncated or
    /// changed file is a <see cref="CheckpointException"/> naming it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        try { return DeepQ.Nn.Files.SafeTensors.Read(path).Metadata; }
        catch (NnFormatException e)
        {
            // The format's message starts with the path too; say it once.
            string why = e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message;
            throw new CheckpointException($"Model file '{path}' is corrupt or truncated ({why.TrimEnd('.')}); use another model file, for example RUN_DIR/model.safetensors, or retrain.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentException or InvalidDataException)
        {
            throw new CheckpointException($"Model file '{path}' cannot be read ({e.Message}); it is corrupt or not a safetensors file.", e);
        }
    }

    /// <summary>
    /// The env a model file says it was trained for, or null when the file does not say; used to
    /// explain a model/env mismatch. Never throws for a readable-but-odd file.
    /// </summary>
    public static string? TrainedEnv(string path)
    {
        try { return ReadMetadata(path).TryGetValue("env", out var env) ? env : null; }
        catch (CheckpointException) { return null; }
    }
}
