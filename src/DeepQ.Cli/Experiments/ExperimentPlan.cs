using DeepQ.Agents;
using DeepQ.Agents.Config;
using DeepQ.Agents.Replay;
using DeepQ.Envs;

namespace DeepQ.Cli.Experiments;

/// <summary>
/// One run of a grid: a configuration on an environment with a seed, its settings in the order
/// they apply (grid settings, configuration settings, env, seed) and the config they resolve to.
/// </summary>
internal sealed record PlannedRun(string Configuration, string Env, int Seed, IReadOnlyList<KeyValuePair<string, string>> Settings, DqnConfig Config)
{
    /// <summary>The run folder inside the experiment folder: runs/ENV/CONFIGURATION/seed-N.</summary>
    public string RelativeFolder => Path.Combine("runs", Env.Replace('/', '-'), Configuration, $"seed-{Seed}");

    /// <summary>What 'deepq train' writes to the run's config.json; a run folder belongs to this run when they match.</summary>
    public string ResolvedJson => ConfigLoader.ToJson(Config);

    public string Label => $"{Configuration} · {Env} · seed {Seed}";
}

/// <summary>
/// A grid expanded into runs (configurations x envs x seeds, in that order) with every run's config
/// resolved up front, so an unknown key or a bad value is one line before anything starts.
/// </summary>
internal sealed class ExperimentPlan
{
    /// <summary>Memory one training process needs besides its replay buffer: runtime, networks, optimizer state, env.</summary>
    public const long ProcessOverheadBytes = 300L << 20;

    private ExperimentPlan(string name, IReadOnlyList<PlannedRun> runs, IReadOnlyList<string> configurations, IReadOnlyList<string> envs)
    {
        Name = name;
        Runs = runs;
        Configurations = configurations;
        Envs = envs;
    }

    public string Name { get; }
    public IReadOnlyList<PlannedRun> Runs { get; }
    public IReadOnlyList<string> Configurations { get; }
    public IReadOnlyList<string> Envs { get; }

    public static ExperimentPlan Create(ExperimentSpec spec)
    {
        if (spec.Configurations.Count == 0)
            throw new CliUserException("the grid is empty: it has no configurations; list some under 'configurations' or pass --configuration NAME (e.g. dqn, ablations).");
        if (spec.Seeds.Count == 0)
            throw new CliUserException("the grid is empty: it has no seeds; set 'seeds' (10 means seeds 1..10) or pass --seeds.");
        var duplicate = spec.Configurations.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CliUserException($"configuration '{duplicate.Key}' appears twice in the grid; give each configuration its own name.");

        CheckKeys(spec.Settings, "grid settings", allowRunKeys: spec.Envs.Count == 0);
        foreach (var c in spec.Configurations) CheckKeys(c.Settings, $"configuration '{c.Name}'", allowRunKeys: false);

        var envs = spec.Envs.Count > 0 ? spec.Envs.ToList() : [ResolveBase(spec).Env];
        var runs = new List<PlannedRun>();
        foreach (var c in spec.Configurations)
            foreach (var env in envs)
                foreach (int seed in spec.Seeds)
                {
                    var settings = new List<KeyValuePair<string, string>>(spec.Settings);
                    settings.AddRange(c.Settings);
                    settings.Add(new("env", env));
                    settings.Add(new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    DqnConfig config;
                    try { config = ConfigLoader.Resolve(null, null, settings); }
                    catch (ConfigException e)
                    {
                        throw new CliUserException($"configuration '{c.Name}' on {env}, seed {seed}: {e.Message}");
                    }
                    runs.Add(new PlannedRun(c.Name, env, seed, settings, config));
                }
        return new ExperimentPlan(spec.Name, runs, spec.Configurations.Select(c => c.Name).ToList(), envs);
    }

    /// <summary>Bytes one run needs at most: its full replay buffer plus <see cref="ProcessOverheadBytes"/>.</summary>
    public static long BytesPerRun(DqnConfig config)
    {
        ReplayBufferOptions options;
        if (Presets.IsAtari(config.Env))
            return ReplayBuffer<byte>.EstimateBytes(new ReplayBufferOptions(config.BufferSize, 84 * 84, config.FrameStack, config.NStep, config.Gamma, config.PrioritizedReplay))
                   + ProcessOverheadBytes;
        using (var env = Gym.Make(config.Env)) options = new ReplayBufferOptions(config.BufferSize, env.ObservationSpace.Size, 1, config.NStep, config.Gamma, config.PrioritizedReplay);
        return ReplayBuffer<float>.EstimateBytes(options) + ProcessOverheadBytes;
    }

    /// <summary>
    /// Refuses a grid whose <paramref name="workers"/> largest runs at once would not fit in
    /// <paramref name="availableBytes"/> (with the same 10 % headroom as a single run's check).
    /// </summary>
    public void CheckMemory(int workers, long availableBytes)
    {
        var perRun = Runs.Select(r => (Run: r, Bytes: BytesPerRun(r.Config))).OrderByDescending(x => x.Bytes).ToList();
        int concurrent = Math.Min(workers, perRun.Count);
        long need = perRun.Take(concurrent).Sum(x => x.Bytes);
        if (need <= availableBytes * 0.9) return;
        long largest = perRun[0].Bytes;
        int fits = (int)Math.Max(0, Math.Floor(availableBytes * 0.9 / largest));
        string advice = fits >= 1
            ? $"use --workers {fits} or fewer, or lower buffer-size"
            : $"lower buffer-size (the largest run, {perRun[0].Run.Label}, needs {MemoryCheck.FormatBytes(largest)} on its own) or free memory";
        throw new CliUserException(
            $"the grid needs {MemoryCheck.FormatBytes(need)} of memory ({concurrent} workers x up to {MemoryCheck.FormatBytes(largest)}: replay buffer plus ~{MemoryCheck.FormatBytes(ProcessOverheadBytes)} per process) but only {MemoryCheck.FormatBytes(availableBytes)} is available; {advice}.");
    }

    private static DqnConfig ResolveBase(ExperimentSpec spec)
    {
        try { return ConfigLoader.Resolve(null, null, spec.Settings); }
        catch (ConfigException e) { throw new CliUserException($"grid settings: {e.Message}"); }
    }

    /// <summary>Every key must be a deepq train setting (or preset); env and seed belong to the grid, not to one configuration.</summary>
    private static void CheckKeys(IEnumerable<KeyValuePair<string, string>> settings, string where, bool allowRunKeys)
    {
        foreach (var (key, _) in settings)
        {
            if (key.Trim().TrimStart('-').Equals("preset", StringComparison.OrdinalIgnoreCase)) continue;
            SettingInfo setting;
            try { setting = ConfigSchema.Get(key, where); }
            catch (ConfigException e) { throw new CliUserException(e.Message); }
            if (setting.Name == "seed")
                throw new CliUserException($"{where} sets 'seed'; seeds come from the grid's 'seeds' (--seeds), so every configuration runs on the same ones.");
            if (setting.Name == "env" && !allowRunKeys)
                throw new CliUserException($"{where} sets 'env'; list environments under the grid's 'envs' (--envs) instead.");
        }
    }
}
