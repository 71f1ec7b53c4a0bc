using DeepQ.Agents;
using DeepQ.Agents.Config;

namespace DeepQ.Cli.Commands;

/// <summary>
/// What <c>deepq eval</c> and <c>deepq record</c> play: a model file and the config it was
/// trained with. MODEL may be a run folder (its best.safetensors, else model.safetensors, and its
/// config.json), a .safetensors file (with the config.json beside it when there is one), or
/// absent (record only: a random policy). <c>--env</c> overrides the environment id.
/// </summary>
internal sealed record ModelSource(DqnConfig Config, string? ModelPath, string? RunDirectory)
{
    /// <param name="roms">The global --roms, which overrides the ROM folder stored with the run.</param>
    public static ModelSource Resolve(string? model, string? env, string? roms)
    {
        var source = Resolve(model, env);
        return roms is null ? source : source with { Config = source.Config with { Roms = Path.GetFullPath(roms) } };
    }

    private static ModelSource Resolve(string? model, string? env)
    {
        var envFlag = env is null ? [] : new[] { new KeyValuePair<string, string>("env", env) };
        if (model is null)
            return new ModelSource(ConfigLoader.Resolve(flags: envFlag), null, null);

        if (Directory.Exists(model))
        {
            var folder = new RunFolder(model);
            if (!File.Exists(folder.ConfigFile))
                throw new CheckpointException($"'{model}' has no config.json, so it is not a run folder written by 'deepq train'; give a run folder or a .safetensors file.");
            string path = File.Exists(folder.BestModelFile) ? folder.BestModelFile
                : File.Exists(folder.ModelFile) ? folder.ModelFile
                : throw new CheckpointException($"Run folder '{model}' holds no model yet (no best.safetensors or model.safetensors); train longer or resume it with 'deepq train --resume {model}'.");
            return new ModelSource(WithEnv(ConfigLoader.LoadResolved(folder.ConfigFile), env), path, folder.Path);
        }

        if (!File.Exists(model))
            throw new CheckpointException($"Model '{model}' does not exist; give a run folder written by 'deepq train' or a .safetensors file (for example RUN_DIR/best.safetensors).");
        string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(model))!, ConfigLoader.ResolvedFileName);
        var config = File.Exists(beside) ? WithEnv(ConfigLoader.LoadResolved(beside), env) : ConfigLoader.Resolve(flags: envFlag);
        return new ModelSource(config, Path.GetFullPath(model), File.Exists(beside) ? Path.GetDirectoryName(beside) : null);
    }

    private static DqnConfig WithEnv(DqnConfig config, string? env) => env is null ? config : config with { Env = env };
}
