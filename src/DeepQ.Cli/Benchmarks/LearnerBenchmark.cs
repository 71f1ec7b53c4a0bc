using System.Diagnostics;
using System.Globalization;
using DeepQ.Agents;
using DeepQ.Agents.Config;
using DeepQ.Agents.Replay;
using DeepQ.Agents.Training;
using DeepQ.Nn;
using DeepQ.Nn.Kernels;
using DeepQ.Nn.Layers;
using DeepQ.Nn.Networks;

namespace DeepQ.Cli.Benchmarks;

/// <summary>Settings of <see cref="LearnerBenchmark"/> (what <c>deepq bench learner</c> measures).</summary>
public sealed record LearnerBenchmarkOptions
{
    /// <summary>The preset whose update is timed (loss, Double DQN, dueling, n-step, PER, optimizer, clip, batch size).</summary>
    public string Preset { get; init; } = Presets.PongFast;

    /// <summary>Settings over the preset's (setting name, raw text), as <c>deepq train</c>'s flags give them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; init; } = [];

    /// <summary>Actions of the Q head (Pong's minimal set has 6).</summary>
    public int ActionCount { get; init; } = 6;

    /// <summary>Replay minibatch size B (observations [B,4,84,84] bytes); 0 = the preset's.</summary>
    public int BatchSize { get; init; }

    /// <summary>Kernel threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Untimed updates (and actions) first, to JIT-compile and size every buffer.</summary>
    public int WarmupIterations { get; init; } = 5;

    /// <summary>Timed updates; the median is reported.</summary>
    public int UpdateIterations { get; init; } = 30;

    /// <summary>Timed single-observation greedy actions; the median is reported.</summary>
    public int ActIterations { get; init; } = 200;

    /// <summary>Forward/backward passes timed layer by layer for the profile (0 = no layer profile).</summary>
    public int ProfileIterations { get; init; } = 10;

    /// <summary>Seed of the weights, the random replay contents and the sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Transitions of random play stored in the replay buffer before timing [transitions].</summary>
    public int ReplayTransitions { get; init; } = 2_000;
}

/// <summary>Mean wall-clock and process-CPU milliseconds of one part of a DQN update, for the profile.</summary>
public sealed record LearnerPhase(string Name, double Milliseconds, double CpuMilliseconds);

/// <summary>What <see cref="LearnerBenchmark.Run"/> measured (median wall-clock milliseconds).</summary>
public sealed record LearnerBenchmarkResult(
    double UpdateMs,
    double ActMs,
    double UpdateCpuMs,
    double ActCpuMs,
    int Threads,
    int BatchSize,
    string Preset,
    string Kernels,
    IReadOnlyList<LearnerPhase> UpdatePhases,
    IReadOnlyList<LearnerPhase> LayerProfile,
    float FinalLoss)
{
    /// <summary>The closing line of <c>deepq bench learner</c>: <c>update_ms=X act_ms=Y</c>.</summary>
    public string SummaryLine => string.Create(CultureInfo.InvariantCulture, $"update_ms={UpdateMs:F2} act_ms={ActMs:F3}");

    /// <summary>
    /// CPU milliseconds (all threads) per update and per action, mean over the timed runs:
    /// on a busy machine this says what the work costs when wall-clock medians cannot.
    /// </summary>
    public string CpuLine => string.Create(CultureInfo.InvariantCulture, $"update_cpu_ms={UpdateCpuMs:F2} act_cpu_ms={ActCpuMs:F3}");
}

/// <summary>
/// The learner benchmark: exactly the update training runs (<see cref="DqnUpdate{T}"/> built from
/// a preset: sampling from a replay buffer of random [4,84,84] frames, targets, loss, backward,
/// clip, optimizer step, priorities), timed over many updates, and one greedy action (forward of
/// a single observation + argmax). Each phase of the update is timed too, and a per-layer pass
/// says where the network's time goes.
/// </summary>
public static class LearnerBenchmark
{
    public static LearnerBenchmarkResult Run(LearnerBenchmarkOptions options, Action<string>? progress = null)
    {
        if (options.BatchSize < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Batch size must be at least 1 (or 0 for the preset's), got {options.BatchSize}.");
        if (options.ActionCount < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Action count must be at least 1, got {options.ActionCount}.");
        if (options.ProfileIterations < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Profile iterations must be 0 or more, got {options.ProfileIterations}.");
        if (options.UpdateIterations < 1 || options.ActIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), "Iteration counts must be at least 1.");
        int savedThreads = WorkerPool.ThreadCount;
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        WorkerPool.ThreadCount = threads;
        try
        {
            return Measure(options, threads, progress);
        }
        finally
        {
            WorkerPool.ThreadCount = savedThreads;
        }
    }

    private static LearnerBenchmarkResult Measure(LearnerBenchmarkOptions o, int threads, Action<string>? progress)
    {
        var preset = o.Overrides.Count == 0 ? Presets.Get(o.Preset) : ConfigLoader.Resolve(o.Preset, null, o.Overrides);
        var config = preset with
        {
            Seed = o.Seed,
            BatchSize = o.BatchSize > 0 ? o.BatchSize : preset.BatchSize,
            BufferSize = Math.Max(o.ReplayTransitions, o.BatchSize),
        };
        var spec = config.Network == NetworkKind.Nips2013Cnn
            ? QNetworkSpec.Nips2013(o.ActionCount, config.Dueling)
            : QNetworkSpec.Nature(o.ActionCount, config.Dueling);
        var online = QNetwork.Create(spec, new RandomStream(o.Seed, RngStreams.NetworkInit).NextUInt64());
        var update = new DqnUpdate<byte>(config, online, NetworkFactory.Optimizer(config, online), spec.InputShape[0] * spec.InputShape[1] * spec.InputShape[2]);
        var replay = RandomReplay(config, spec, o);
        var rng = new RandomStream(o.Seed, RngStreams.Replay);
        int b = config.BatchSize;
        const double beta = 0.4;
        float loss = 0;

        var observations = new byte[8][];
        for (int i = 0; i < observations.Length; i++)
        {
            observations[i] = new byte[replay.ObservationSize];
            replay.CopyObservation(replay.TotalAdded - 1 - i, observations[i]);
        }

        for (int i = 0; i < o.WarmupIterations; i++) { update.Step(replay, rng, beta); online.Act(observations[i % observations.Length]); }
        progress?.Invoke($"{o.Preset}: warm-up done ({o.WarmupIterations} updates); timing {o.UpdateIterations} updates of batch {b} on {threads} thread(s), kernels: {Gemm.InstructionSet}");

        var profile = new UpdateProfile();
        update.Profile = profile;
        var updates = new double[o.UpdateIterations];
        var sw = new Stopwatch();
        double cpu0 = CpuClock.Milliseconds();
        for (int i = 0; i < updates.Length; i++)
        {
            sw.Restart();
            loss = update.Step(replay, rng, beta).Loss;
            updates[i] = sw.Elapsed.TotalMilliseconds;
        }
        double updateCpu = (CpuClock.Milliseconds() - cpu0) / updates.Length;
        update.Profile = null;

        var acts = new double[o.ActIterations];
        int sink = 0;
        cpu0 = CpuClock.Milliseconds();
        for (int i = 0; i < acts.Length; i++)
        {
            var obs = observations[i % observations.Length];
            sw.Restart();
            sink += online.Act(obs);
            acts[i] = sw.Elapsed.TotalMilliseconds;
        }
        double actCpu = (CpuClock.Milliseconds() - cpu0) / acts.Length;
        GC.KeepAlive(sink);

        var phases = profile.MeanMilliseconds().Select(p => new LearnerPhase(PhaseName(p.Phase), p.Milliseconds, double.NaN)).ToArray();
        var layers = o.ProfileIterations > 0 ? ProfileLayers(online, update.Batch, o.ProfileIterations) : [];
        return new LearnerBenchmarkResult(Median(updates), Median(acts), updateCpu, actCpu, threads, b, o.Preset, Gemm.InstructionSet, phases, layers, loss);
    }

    private static string PhaseName(UpdatePhase p) => p switch
    {
        UpdatePhase.Sample => "replay sample",
        UpdatePhase.Targets => "targets (no grad)",
        UpdatePhase.OnlineForward => "online forward + loss",
        UpdatePhase.Backward => "zero grad + backward",
        UpdatePhase.ClipNorm => "clip: grad norm",
        UpdatePhase.OptimizerStep => "optimizer step",
        UpdatePhase.Priorities => "priorities + stats",
        _ => p.ToString(),
    };

    /// <summary>A replay buffer holding random play: random frames, actions, rewards in {−1,0,1}, an episode end every ~200 steps.</summary>
    private static ReplayBuffer<byte> RandomReplay(DqnConfig config, QNetworkSpec spec, LearnerBenchmarkOptions o)
    {
        int stack = spec.InputShape[0], frame = spec.InputShape[1] * spec.InputShape[2];
        var replay = new ReplayBuffer<byte>(new ReplayBufferOptions(config.BufferSize, frame, stack, config.NStep, config.Gamma,
            config.PrioritizedReplay, config.PerAlpha, config.PerEpsilon));
        var rng = new Random(o.Seed);
        var obs = new byte[stack * frame];
        rng.NextBytes(obs);
        replay.StartEpisode(obs);
        for (int i = 0; i < o.ReplayTransitions; i++)
        {
            Array.Copy(obs, frame, obs, 0, (stack - 1) * frame);
            rng.NextBytes(obs.AsSpan((stack - 1) * frame));
            bool end = rng.Next(200) == 0;
            replay.Add(rng.Next(o.ActionCount), rng.Next(3) - 1, obs, terminated: end, truncated: false);
            if (end)
            {
                rng.NextBytes(obs);
                replay.StartEpisode(obs);
            }
        }
        return replay;
    }

    /// <summary>
    /// Times each layer's forward (batch B) and backward separately by driving the network's
    /// layers one by one, the way Sequential does; only for the profile, not for the totals.
    /// </summary>
    private static LearnerPhase[] ProfileLayers(QNetwork net, ReplayBatch<byte> batch, int iterations)
    {
        var layers = net.Layers.Layers;
        var fwd = new double[layers.Count];
        var bwd = new double[layers.Count];
        var fwdCpu = new double[layers.Count];
        var bwdCpu = new double[layers.Count];
        float[] scale = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();
        int[] shape = net.Spec.InputShape;
        var dq = new Tensor(net.ActionCount);
        var rng = new Random(1);
        for (int it = 0; it < iterations; it++)
        {
            Tensor x = null!;
            for (int l = 0; l < layers.Count; l++)
            {
                long t0 = Stopwatch.GetTimestamp();
                double c0 = CpuClock.Milliseconds();
                x = l == 0 && layers[0] is Conv2d c
                    ? c.ForwardBytes(batch.Observations, batch.BatchSize, shape[1], shape[2], scale)
                    : layers[l].Forward(x);
                fwd[l] += Ms(Stopwatch.GetTimestamp() - t0);
                fwdCpu[l] += CpuClock.Milliseconds() - c0;
            }
            dq.Resize(batch.BatchSize);
            for (int i = 0; i < dq.Span.Length; i++) dq.Span[i] = (float)(rng.NextDouble() - 0.5) / batch.BatchSize;
            Tensor? g = dq;
            for (int l = layers.Count - 1; l >= 0; l--)
            {
                long t0 = Stopwatch.GetTimestamp();
                double c0 = CpuClock.Milliseconds();
                g = layers[l].Backward(g!, l > 0);
                bwd[l] += Ms(Stopwatch.GetTimestamp() - t0);
                bwdCpu[l] += CpuClock.Milliseconds() - c0;
            }
        }
        net.ZeroGrad();
        var result = new List<LearnerPhase>();
        for (int l = 0; l < layers.Count; l++)
            result.Add(new LearnerPhase($"{l}:{layers[l].GetType().Name} forward", fwd[l] / iterations, fwdCpu[l] / iterations));
        for (int l = layers.Count - 1; l >= 0; l--)
            result.Add(new LearnerPhase($"{l}:{layers[l].GetType().Name} backward", bwd[l] / iterations, bwdCpu[l] / iterations));
        return result.ToArray();
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
