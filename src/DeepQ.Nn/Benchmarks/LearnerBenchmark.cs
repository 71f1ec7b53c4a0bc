using System.Diagnostics;
using System.Globalization;
using DeepQ.Nn.Kernels;
using DeepQ.Nn.Layers;
using DeepQ.Nn.Losses;
using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Nn.Benchmarks;

/// <summary>Settings of <see cref="LearnerBenchmark"/> (what <c>deepq bench learner</c> measures).</summary>
public sealed record LearnerBenchmarkOptions
{
    /// <summary>Actions of the Nature network's head (Pong's minimal set has 6).</summary>
    public int ActionCount { get; init; } = 6;

    /// <summary>Replay minibatch size B (observations [B,4,84,84] bytes).</summary>
    public int BatchSize { get; init; } = 32;

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

    /// <summary>Seed of the weights and of the random replay batch.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Discount γ of the DQN target.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Adam learning rate (CleanRL's DQN-Atari default).</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Global gradient-norm clip (SB3's DQN default max_grad_norm).</summary>
    public double MaxGradNorm { get; init; } = 10;
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
/// The learner benchmark: the Nature DQN network (bytes [B,4,84,84] in, Q [B,A] out) and its
/// target copy, one full DQN update = online forward + backward, target forward on the next
/// observations, Huber loss on Q(s,a) vs r + γ·max Q_target(s'), global-norm clip, Adam step;
/// and one greedy action = forward of a single observation + argmax. Random replay data from
/// the seed. Each part is timed separately too, and a per-layer pass says where time goes.
/// </summary>
public static class LearnerBenchmark
{
    public static LearnerBenchmarkResult Run(LearnerBenchmarkOptions options, Action<string>? progress = null)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Batch size must be at least 1, got {options.BatchSize}.");
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
        var spec = QNetworkSpec.Nature(o.ActionCount);
        var online = QNetwork.Create(spec, o.Seed);
        var target = online.Clone();
        target.KeepActivations = false; // the target network is only ever run forward
        var adam = new Adam(online.Parameters) { LearningRate = o.LearningRate };
        var batch = new ReplayBatch(o.BatchSize, spec.InputShape, o.ActionCount, o.Seed);
        var work = new UpdateBuffers(o.BatchSize, o.ActionCount);

        int a = o.ActionCount, b = o.BatchSize;
        var phase = new double[6];
        var phaseCpu = new double[6];
        var sw = new Stopwatch();
        float loss = 0;

        // One update, phase by phase; the phase times accumulate into 'phase'.
        void Update(bool timed)
        {
            Span<long> t = stackalloc long[7];
            Span<double> c = stackalloc double[7];
            void Mark(int i, Span<long> t, Span<double> c) { t[i] = Stopwatch.GetTimestamp(); if (timed) c[i] = CpuClock.Milliseconds(); }
            Mark(0, t, c);
            var qNext = target.Forward(batch.NextObservations, b);
            DqnMath.DqnTargets(batch.Rewards, batch.Dones, o.Gamma, qNext.Span, a, work.Targets);
            Mark(1, t, c);
            var q = online.Forward(batch.Observations, b);
            DqnMath.Gather(q.Span, a, batch.Actions, work.Chosen);
            Mark(2, t, c);
            loss = Loss.Huber(work.Chosen, work.Targets, work.DChosen);
            work.DQ.AsSpan().Clear();
            DqnMath.GatherBackward(work.DChosen, a, batch.Actions, work.DQ);
            online.ZeroGrad();
            Mark(3, t, c);
            online.Backward(work.DQ);
            Mark(4, t, c);
            // The clip's scale rides along with Adam's pass (same bits as scaling Grad first).
            float clip = GradClip.ClipCoefficient(GradClip.GlobalNorm(online.Parameters), o.MaxGradNorm);
            Mark(5, t, c);
            adam.Step(clip);
            Mark(6, t, c);
            if (!timed) return;
            for (int i = 0; i < 6; i++)
            {
                phase[i] += Ms(t[i + 1] - t[i]);
                phaseCpu[i] += c[i + 1] - c[i];
            }
        }

        for (int i = 0; i < o.WarmupIterations; i++) { Update(false); online.Act(batch.Observation(i)); }
        progress?.Invoke($"warm-up done ({o.WarmupIterations} updates); timing {o.UpdateIterations} updates on {threads} thread(s), kernels: {Gemm.InstructionSet}");

        var updates = new double[o.UpdateIterations];
        double cpu0 = CpuClock.Milliseconds();
        for (int i = 0; i < updates.Length; i++)
        {
            sw.Restart();
            Update(true);
            updates[i] = sw.Elapsed.TotalMilliseconds;
        }
        double updateCpu = (CpuClock.Milliseconds() - cpu0) / updates.Length;

        var acts = new double[o.ActIterations];
        int sink = 0;
        cpu0 = CpuClock.Milliseconds();
        for (int i = 0; i < acts.Length; i++)
        {
            var obs = batch.Observation(i % b);
            sw.Restart();
            sink += online.Act(obs);
            acts[i] = sw.Elapsed.TotalMilliseconds;
        }
        double actCpu = (CpuClock.Milliseconds() - cpu0) / acts.Length;
        GC.KeepAlive(sink);

        string[] names = ["target forward + targets", "online forward + gather", "huber loss + zero grad", "online backward", "clip: grad norm", "adam step + clip scale"];
        var phases = names.Select((n, i) => new LearnerPhase(n, phase[i] / o.UpdateIterations, phaseCpu[i] / o.UpdateIterations)).ToArray();
        var layers = o.ProfileIterations > 0 ? ProfileLayers(online, batch, work, o.ProfileIterations) : [];
        return new LearnerBenchmarkResult(Median(updates), Median(acts), updateCpu, actCpu, threads, b, phases, layers, loss);
    }

    /// <summary>
    /// Times each layer's forward (batch B) and backward separately by driving the network's
    /// layers one by one, the way Sequential does; only for the profile, not for the totals.
    /// </summary>
    private static LearnerPhase[] ProfileLayers(QNetwork net, ReplayBatch batch, UpdateBuffers work, int iterations)
    {
        var layers = net.Layers.Layers;
        var fwd = new double[layers.Count];
        var bwd = new double[layers.Count];
        var fwdCpu = new double[layers.Count];
        var bwdCpu = new double[layers.Count];
        float[] scale = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();
        int[] shape = net.Spec.InputShape;
        var dq = new Tensor(net.ActionCount);
        for (int it = 0; it < iterations; it++)
        {
            Tensor x = null!;
            for (int l = 0; l < layers.Count; l++)
            {
                long t0 = Stopwatch.GetTimestamp();
                double c0 = CpuClock.Milliseconds();
                x = l == 0 && layers[0] is Conv2d c
                    ? c.ForwardBytes(batch.Observations, batch.Size, shape[1], shape[2], scale)
                    : layers[l].Forward(x);
                fwd[l] += Ms(Stopwatch.GetTimestamp() - t0);
                fwdCpu[l] += CpuClock.Milliseconds() - c0;
            }
            dq.Resize(batch.Size);
            work.DQ.AsSpan().CopyTo(dq.Span);
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

    /// <summary>A random replay minibatch: uint8 frames [B,C,H,W] for s and s', actions, rewards in {−1,0,1}, done flags.</summary>
    private sealed class ReplayBatch
    {
        public ReplayBatch(int size, int[] shape, int actions, ulong seed)
        {
            Size = size;
            SampleBytes = shape[0] * shape[1] * shape[2];
            var rng = new Random(unchecked((int)Init.Mix64(seed)));
            Observations = new byte[size * SampleBytes];
            NextObservations = new byte[size * SampleBytes];
            rng.NextBytes(Observations);
            rng.NextBytes(NextObservations);
            Actions = new int[size];
            Rewards = new float[size];
            Dones = new bool[size];
            for (int i = 0; i < size; i++)
            {
                Actions[i] = rng.Next(actions);
                Rewards[i] = rng.Next(3) - 1;
                Dones[i] = rng.Next(20) == 0;
            }
        }

        public int Size { get; }
        public int SampleBytes { get; }
        public byte[] Observations { get; }
        public byte[] NextObservations { get; }
        public int[] Actions { get; }
        public float[] Rewards { get; }
        public bool[] Dones { get; }
        public ReadOnlySpan<byte> Observation(int i) => Observations.AsSpan(i * SampleBytes, SampleBytes);
    }

    /// <summary>Per-update scratch: targets [B], Q(s,a) [B], dL/dQ(s,a) [B], dL/dQ [B,A].</summary>
    private sealed class UpdateBuffers(int batch, int actions)
    {
        public float[] Targets { get; } = new float[batch];
        public float[] Chosen { get; } = new float[batch];
        public float[] DChosen { get; } = new float[batch];
        public float[] DQ { get; } = new float[batch * actions];
    }
}
