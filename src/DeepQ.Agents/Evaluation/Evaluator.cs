using DeepQ.Agents.Config;
using DeepQ.Agents.Training;
using DeepQ.Envs;
using DeepQ.Nn.Networks;
using DeepQ.Nn;
using DeepQ.Nn.Kernels;

namespace DeepQ.Agents.Evaluation;

/// <summary>
/// Plays N complete episodes with a fixed network, apart from training: its own environment,
/// its own seed (each evaluation with the same seed sees the same start states), its own
/// epsilon. On Atari the evaluation env plays whole games and the score is unclipped.
/// </summary>
public static class Evaluator
{
    /// <summary>At most this many evaluation episodes run side by side (batched forward passes).</summary>
    public const int MaxParallelEnvs = 100;

    /// <summary>
    /// Plays <paramref name="episodes"/> complete episodes, up to <c>envs.Count</c> of them side by
    /// side so the network scores all their observations in one batched forward pass [N, ...] per
    /// step. Episode e always gets the same reset seed and the same epsilon stream (both derived
    /// from (seed, e)), so the result does not depend on how many envs run in parallel.
    /// </summary>
    public static EvaluationResult Run<T>(IReadOnlyList<IEnv<T>> envs, QNetwork network, int episodes, double epsilon, int seed,
        CancellationToken cancellation = default) where T : unmanaged
    {
        if (envs.Count == 0) throw new ArgumentException("need at least one evaluation env", nameof(envs));
        int obsSize = envs[0].ObservationSpace.Size, actions = network.ActionCount;
        var returns = new double[episodes];
        var lengths = new long[episodes];
        var batch = new T[Math.Min(envs.Count, Math.Max(episodes, 1)) * obsSize];
        var slots = new int[envs.Count];        // active env index -> episode number
        var rngs = new RandomStream?[envs.Count];
        var stepper = new EnvStepper<T>(envs);
        int done = 0;
        for (int first = 0; first < episodes && !cancellation.IsCancellationRequested; first += envs.Count)
        {
            int n = Math.Min(envs.Count, episodes - first);
            var active = new List<int>(n);
            for (int i = 0; i < n; i++)
            {
                int e = first + i;
                envs[i].Reset(EpisodeSeed(seed, e));
                rngs[i] = new RandomStream(seed, (RngStreams.EvaluationPolicy << 32) | (uint)e);
                slots[i] = e;
                active.Add(i);
            }
            while (active.Count > 0)
            {
                for (int k = 0; k < active.Count; k++)
                    envs[active[k]].Observation.CopyTo(batch.AsSpan(k * obsSize, obsSize));
                var q = QPolicy.Forward(network, new ReadOnlySpan<T>(batch, 0, active.Count * obsSize), active.Count).Span;
                for (int k = 0; k < active.Count; k++)
                {
                    var rng = rngs[active[k]]!;
                    stepper.Actions[k] = rng.NextDouble() < epsilon ? rng.NextInt(actions) : DqnMath.Argmax(q.Slice(k * actions, actions));
                }
                // The envs are independent, so they step side by side on the kernel threads.
                stepper.Step(active);
                for (int k = 0; k < active.Count; k++)
                {
                    int e = slots[active[k]];
                    returns[e] += stepper.Rewards[k];
                    lengths[e]++;
                    if (stepper.Done[k])
                    {
                        if (stepper.GameScores[k] is { } score) returns[e] = score; // the true game score where a wrapper knows it
                        active[k] = -1;
                        done++;
                    }
                }
                active.RemoveAll(i => i < 0);
            }
        }
        return new EvaluationResult(returns[..done], lengths[..done], epsilon, seed);
    }

    /// <summary>Single-env convenience overload of <see cref="Run{T}(IReadOnlyList{IEnv{T}}, QNetwork, int, double, int, CancellationToken)"/>.</summary>
    public static EvaluationResult Run<T>(IEnv<T> env, QNetwork network, int episodes, double epsilon, int seed,
        CancellationToken cancellation = default) where T : unmanaged =>
        Run([env], network, episodes, epsilon, seed, cancellation);

    /// <summary>
    /// Steps the active envs of one evaluation step, each with its chosen action, split over the
    /// kernel threads (emulation and preprocessing are most of an evaluation step). Each env is
    /// touched by one task only and the results land in per-env slots, so the outcome is the
    /// serial loop's whatever the thread count.
    /// </summary>
    private sealed class EnvStepper<T>(IReadOnlyList<IEnv<T>> envs) : IParallelWork where T : unmanaged
    {
        public readonly int[] Actions = new int[envs.Count];
        public readonly double[] Rewards = new double[envs.Count];
        public readonly bool[] Done = new bool[envs.Count];
        public readonly double?[] GameScores = new double?[envs.Count];
        private List<int> _active = [];

        public void Step(List<int> active)
        {
            _active = active;
            WorkerPool.Run(active.Count, this);
        }

        public void Execute(int k)
        {
            var step = envs[_active[k]].Step(Actions[k]);
            Rewards[k] = step.Reward;
            Done[k] = step.Done;
            GameScores[k] = step.Done && step.Info.Episode is { } stats ? stats.Return : null;
        }
    }

    private static int EpisodeSeed(int seed, int episode) =>
        new RandomStream(seed, (RngStreams.EvaluationEnv << 32) | (uint)episode).NextSeed();

    /// <summary>
    /// The network spec for playing <paramref name="modelPath"/> on <paramref name="env"/>; when the
    /// model's network cannot take this env's observations, the error names the env the model was
    /// trained for instead of suggesting a --network flag the caller may not have.
    /// </summary>
    public static DeepQ.Nn.Networks.QNetworkSpec ModelSpec(DqnConfig config, IEnv env, string modelPath)
    {
        try { return NetworkFactory.Spec(config, env); }
        catch (ConfigException e)
        {
            string trained = ModelFiles.TrainedEnv(modelPath) is { } t ? $"it was trained for {t}; use `env` = {t}" : "use the env it was trained on";
            throw new CheckpointException($"Model '{modelPath}' was trained for a different env or observation type than {config.Env}: {trained}.", e);
        }
    }

    /// <summary>
    /// Evaluates a saved model (safetensors) on the config's evaluation environment: the entry
    /// point of <c>deepq eval</c>. A missing or mismatched file is a <see cref="CheckpointException"/>.
    /// </summary>
    public static EvaluationResult EvaluateModel(string modelPath, DqnConfig config, int episodes, double epsilon, int seed,
        CancellationToken cancellation = default)
    {
        int parallel = Math.Clamp(episodes, 1, MaxParallelEnvs);
        var envs = Enumerable.Range(0, parallel).Select(_ => EnvFactory.MakeEvaluation(config)).ToList();
        try
        {
            var net = QNetwork.Create(ModelSpec(config, envs[0], modelPath), 0);
            ModelFiles.LoadWeights(net, modelPath);
            return envs[0] switch
            {
                IEnv<byte> => Run(envs.Cast<IEnv<byte>>().ToList(), net, episodes, epsilon, seed, cancellation),
                IEnv<float> => Run(envs.Cast<IEnv<float>>().ToList(), net, episodes, epsilon, seed, cancellation),
                _ => throw new InvalidOperationException("unsupported observation type"),
            };
        }
        finally
        {
            foreach (var e in envs) e.Dispose();
        }
    }
}
