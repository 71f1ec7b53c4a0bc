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
        if (!File.Exists(path))
            throw new CheckpointException($"Model file '{path}' does not exist; give the path of a .safetensors file written by 'deepq train' (for example RUN_DIR/best.safetensors).");
        try { net.Load(path); }
        catch (NnFormatException e)
        {
            throw new CheckpointException($"Model file '{path}' does not fit this network ({net.Spec}): {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentException or InvalidDataException)
        {
            throw new CheckpointException($"Model file '{path}' cannot be read ({e.Message}); it is corrupt or not a safetensors file.", e);
        }
    }
}
