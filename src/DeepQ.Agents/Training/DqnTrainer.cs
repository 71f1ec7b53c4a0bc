using System.Diagnostics;
using DeepQ.Agents.Config;
using DeepQ.Envs;

namespace DeepQ.Agents.Training;

/// <summary>
/// Entry points for training: a fresh run, a resumed run, and the end-to-end throughput
/// benchmark behind <c>deepq bench train</c>. The algorithm itself is in <see cref="DqnRun{T}"/>.
/// </summary>
public static class DqnTrainer
{
    /// <summary>
    /// Trains with <paramref name="config"/>. With a run folder, writes config.json first, then
    /// checkpoints, best.safetensors and result.json; a folder already holding a run is refused.
    /// Cancelling the token saves a resumable checkpoint and returns <see cref="TrainingStatus.Cancelled"/>.
    /// </summary>
    public static TrainingResult Train(DqnConfig config, string? runDirectory, ITrainingObserver? observer = null,
        CancellationToken cancellation = default)
    {
        ConfigLoader.Validate(config);
        RunFolder? folder = null;
        if (runDirectory is not null)
        {
            folder = new RunFolder(runDirectory);
            folder.EnsureWritable();
            folder.EnsureFresh();
        }
        return WithRun(config, folder, observer ?? NullTrainingObserver.Instance, run =>
        {
            // Written once the env id, network and replay memory check have all passed.
            if (folder is not null) ConfigLoader.WriteResolved(config, folder.ConfigFile);
            run.Start();
            return run.Run(cancellation, resumedFrom: 0);
        });
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its checkpoint with its own
    /// config.json; the result is bit-identical to a run that was never interrupted.
    /// </summary>
    public static TrainingResult Resume(string runDirectory, ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        var folder = new RunFolder(runDirectory);
        folder.EnsureResumable();
        folder.EnsureWritable();
        folder.EnsureUnfinished();
        var config = ConfigLoader.LoadResolved(folder.ConfigFile);
        return WithRun(config, folder, observer ?? NullTrainingObserver.Instance, run =>
        {
            run.LoadCheckpoint(folder.CheckpointFile);
            return run.Run(cancellation, resumedFrom: run.Step);
        });
    }

    /// <summary>
    /// End-to-end training throughput: <paramref name="steps"/> agent steps of the config's
    /// algorithm (acting, replay, updates; learning starts after a tenth of the steps, no
    /// evaluation, no files). Returns agent steps per second. Used by <c>deepq bench train</c>.
    /// </summary>
    public static BenchmarkResult Benchmark(DqnConfig config, long steps, CancellationToken cancellation = default)
    {
        if (steps < 10) throw new ConfigException($"Benchmark length {steps} is too short; use at least 10 agent steps.");
        var bench = config with
        {
            TotalSteps = steps,
            LearningStarts = Math.Min(config.LearningStarts, steps / 10),
            BufferSize = (int)Math.Min(config.BufferSize, Math.Max(steps, config.BatchSize)),
            EvalInterval = 0,
            FinalEvalEpisodes = 0,
            CheckpointInterval = 0,
            LogInterval = Math.Max(1, steps),
        };
        ConfigLoader.Validate(bench);
        var timer = new StepProfile();
        var updates = new UpdateProfile();
        var sw = Stopwatch.StartNew();
        var result = WithRun(bench, null, NullTrainingObserver.Instance, run =>
        {
            run.SetProfiles(timer, updates);
            run.Start();
            return run.Run(cancellation, resumedFrom: 0);
        });
        sw.Stop();
        // Where one agent step's time goes while learning: the loop's phases, with the update split
        // into replay sampling and the rest (both per agent step, i.e. update time / train-frequency);
        // with overlap-learning, the loop's wait for the learner instead.
        var parts = new List<(string Name, double MsPerStep)>();
        long n = Math.Max(1, timer.Count);
        foreach (var (phase, ms) in timer.TotalMilliseconds())
        {
            if (phase != StepPhase.Learn) { parts.Add((phase.ToString().ToLowerInvariant(), ms / n)); continue; }
            if (bench.OverlapLearning)
            {
                // The update runs beside the agent: what the loop loses to it is the wait at each join.
                parts.Add(("waiting for the learner + target sync", ms / n));
                continue;
            }
            var u = updates.TotalMilliseconds();
            double sample = u.Where(p => p.Phase == UpdatePhase.Sample).Sum(p => p.Milliseconds);
            double update = u.Where(p => p.Phase != UpdatePhase.Sample).Sum(p => p.Milliseconds);
            parts.Add(("replay sample", sample / n));
            parts.Add(("update", update / n));
            parts.Add(("target sync + rest", Math.Max(0, ms - sample - update) / n));
        }
        double learningMs = timer.TotalMilliseconds().Sum(p => p.Milliseconds) / n;
        return new BenchmarkResult(config.Env, result.Steps, result.Updates, sw.Elapsed, result.Steps / sw.Elapsed.TotalSeconds,
            timer.Count, 1000 / learningMs, parts);
    }

    private static TrainingResult WithRun(DqnConfig config, RunFolder? folder, ITrainingObserver observer,
        Func<IRun, TrainingResult> body)
    {
        var env = EnvFactory.MakeTraining(config);
        IRun run;
        try
        {
            run = env switch
            {
                IEnv<byte> b => new RunAdapter<byte>(new DqnRun<byte>(config, b, () => (IEnv<byte>)EnvFactory.MakeEvaluation(config), folder, observer)),
                IEnv<float> f => new RunAdapter<float>(new DqnRun<float>(config, f, () => (IEnv<float>)EnvFactory.MakeEvaluation(config), folder, observer)),
                _ => throw new ConfigException($"Environment '{config.Env}' is not supported by DQN here."),
            };
        }
        catch
        {
            env.Dispose();
            throw;
        }
        using (run) return body(run);
    }

    /// <summary>The non-generic face of a <see cref="DqnRun{T}"/>.</summary>
    private interface IRun : IDisposable
    {
        long Step { get; }
        void Start();
        void LoadCheckpoint(string path);
        void SetProfiles(StepProfile steps, UpdateProfile updates);
        TrainingResult Run(CancellationToken cancellation, long resumedFrom);
    }

    private sealed class RunAdapter<T>(DqnRun<T> run) : IRun where T : unmanaged
    {
        public long Step => run.Step;
        public void Start() => run.Start();
        public void LoadCheckpoint(string path) => run.LoadCheckpoint(path);
        public void SetProfiles(StepProfile steps, UpdateProfile updates) { run.Profile = steps; run.Learner.Profile = updates; }
        public TrainingResult Run(CancellationToken cancellation, long resumedFrom) => run.Run(cancellation, resumedFrom);
        public void Dispose() => run.Dispose();
    }
}

/// <summary>Throughput of <see cref="DqnTrainer.Benchmark"/>.</summary>
/// <param name="StepsPerSecond">Agent steps per second over the whole benchmark (setup, the first tenth without updates, and learning).</param>
/// <param name="LearningSteps">Agent steps timed phase by phase: those after learning-starts.</param>
/// <param name="LearningStepsPerSecond">Agent steps per second while learning (from the phase timers).</param>
/// <param name="Breakdown">Milliseconds per agent step while learning: act, environment (emulation + preprocessing), store, replay sample, update, the rest.</param>
public sealed record BenchmarkResult(string Env, long Steps, long Updates, TimeSpan Elapsed, double StepsPerSecond,
    long LearningSteps, double LearningStepsPerSecond, IReadOnlyList<(string Name, double MsPerStep)> Breakdown);
