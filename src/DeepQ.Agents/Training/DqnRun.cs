using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Agents.Replay;
using DeepQ.Envs;
using DeepQ.Nn.Kernels;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents.Training;

/// <summary>
/// One DQN training run, read top to bottom like CleanRL's dqn.py: <see cref="Run"/> is the loop
/// over agent steps (act, store, learn, sync the target, report, evaluate, checkpoint) and
/// <see cref="DqnUpdate{T}"/> is the gradient step. Run management sits beside the algorithm:
/// <see cref="ProgressMeter"/> (reports), <see cref="BestModelKeeper{T}"/> (evaluation, best model,
/// early stop) and <see cref="RunCheckpoint"/> (files). Everything random comes from the seeded
/// streams in <see cref="RngStreams"/> and everything that changes is declared once in
/// <see cref="_state"/>, so the same config gives the same weights bit for bit and a resumed run
/// continues exactly as if it had never stopped.
/// </summary>
/// <typeparam name="T">Observation element: byte for Atari frames [S,84,84], float for vectors [D].</typeparam>
internal sealed class DqnRun<T> : IDisposable where T : unmanaged
{
    /// <summary>The loop's counters.</summary>
    [Resumable]
    public sealed class Counters
    {
        public long Step;           // agent steps taken
        public long Episodes;       // finished training episodes (full games on Atari)
        public long Updates;        // gradient steps taken
        public double EpisodeReturn; // running return of the current full episode
        public long EpisodeLength;  // agent steps in the current full episode
    }

    private readonly DqnConfig _c;
    private readonly RunFolder? _folder;
    private readonly ITrainingObserver _observer;
    private readonly bool _atari;

    // ---- the algorithm: environment, replay, update, schedules, random streams ----
    private readonly IEnv<T> _env;
    private readonly ReplayBuffer<T> _replay;
    private readonly DqnUpdate<T> _update;
    private readonly ISchedule _epsilon;   // exploration, over agent steps
    private readonly ISchedule _beta;      // PER importance-sampling exponent, over agent steps
    private readonly RandomStream _exploreRng, _replayRng, _envSeedRng;
    private readonly Counters _n = new();
    private readonly EnvHistory _envHistory = new();

    // ---- overlap-learning: each update on the learner thread while the agent plays on ----
    [NotResumable("the network object; its weights are the checkpoint's actor-weights part")]
    private QNetwork _actor;                   // the θ the agent acts with: the online network, or (overlap) θ from before the running update
    [NotResumable("θ after the last update, which a resume copies from the online network")]
    private QNetwork? _actorNext;              // (overlap) θ after the running update, copied by the learner for the next window
    private readonly LearnerThread? _learner;
    private readonly StagedReplay<T> _store;   // replay writes, held while an update samples
    private readonly Action? _learnerWork;
    private readonly UpdateStats[] _learnerStats;
    [NotResumable("only while the learner runs; every checkpoint joins it first")]
    private bool _actorNextReady;
    [NotResumable("only while the learner runs; every checkpoint joins it first")]
    private bool _learnerSyncsTarget;
    [NotResumable("only while the learner runs; every checkpoint joins it first")]
    private long _learnerStep;

    // ---- run management, beside the algorithm ----
    private readonly ProgressMeter _progress = new();
    private readonly BestModelKeeper<T> _eval;
    private readonly ResumableState _state = new();

    [NotResumable("set when this session starts or resumes")]
    private long _sessionStartStep;

    /// <summary>Optional per-phase timer of the agent step (<c>deepq bench train</c>); null in training.</summary>
    [field: NotResumable("a benchmark's timer, never set in training")]
    internal StepProfile? Profile { get; set; }

    /// <summary>The learner, for benchmarks that time its phases.</summary>
    internal DqnUpdate<T> Learner => _update;

    public DqnRun(DqnConfig config, IEnv<T> env, Func<IEnv<T>> makeEvalEnv, RunFolder? folder, ITrainingObserver observer)
    {
        _c = config;
        _folder = folder;
        _observer = observer;
        _env = env;
        _atari = typeof(T) == typeof(byte);

        var initSeed = new RandomStream(config.Seed, RngStreams.NetworkInit).NextUInt64();
        var online = QNetwork.Create(NetworkFactory.Spec(config, env), initSeed);
        _eval = new BestModelKeeper<T>(config, online, makeEvalEnv, folder, observer);
        _update = new DqnUpdate<T>(config, online, NetworkFactory.Optimizer(config, online), env.ObservationSpace.Size);
        _replay = new ReplayBuffer<T>(ReplayOptions(config, env));
        _store = new StagedReplay<T>(_replay);
        _learnerStats = new UpdateStats[config.GradientSteps];
        if (config.OverlapLearning)
        {
            _actor = online.Clone();
            _actor.KeepActivations = false;
            _actorNext = online.Clone();
            _actorNext.KeepActivations = false;
            _learner = new LearnerThread();
            _learnerWork = LearnerWork;
        }
        else _actor = online;

        long decay = config.ResolvedExplorationSteps;
        _epsilon = config.ExplorationSchedule == ScheduleKind.Linear
            ? new LinearSchedule(config.EpsilonStart, config.EpsilonEnd, decay)
            : new ExponentialSchedule(config.EpsilonStart, config.EpsilonEnd, decay);
        _beta = new LinearSchedule(config.PerBetaStart, config.PerBetaEnd, config.TotalSteps);
        _exploreRng = new RandomStream(config.Seed, RngStreams.Exploration);
        _replayRng = new RandomStream(config.Seed, RngStreams.Replay);
        _envSeedRng = new RandomStream(config.Seed, RngStreams.TrainingEnv);

        // Everything a resume restores, declared once: checkpoints save and load this list.
        _state.Fields("counters", _n)
            .Part("explore-rng", _exploreRng.Write, _exploreRng.Read)
            .Part("replay-rng", _replayRng.Write, _replayRng.Read)
            .Part("env-seed-rng", _envSeedRng.Write, _envSeedRng.Read);
        _envHistory.Declare(_state);
        _progress.Declare(_state);
        _eval.Declare(_state);
        _update.Declare(_state);
        if (config.OverlapLearning)
            _state.Part("actor-weights", w => RunCheckpoint.WriteFloats(w, Weights(_actor)), r => RunCheckpoint.ReadFloats(r, Weights(_actor), "actor weights"));
        _state.Part("replay", w =>
        {
            w.Write(_c.SaveReplayBuffer);
            if (_c.SaveReplayBuffer) _replay.Save(w);
        }, r => _restoredReplay = r.ReadBoolean() && LoadReplay(r));
    }

    /// <summary>The buffer's layout: Atari stores single frames [84,84] and stacks S of them; vectors store whole observations.</summary>
    internal static ReplayBufferOptions ReplayOptions(DqnConfig c, IEnv env)
    {
        int obsSize = env.ObservationSpace.Size;
        int stack = typeof(T) == typeof(byte) ? env.ObservationSpace.Shape[0] : 1;
        return new ReplayBufferOptions(c.BufferSize, obsSize / stack, stack, c.NStep, c.Gamma, c.PrioritizedReplay, c.PerAlpha, c.PerEpsilon);
    }

    public QNetwork Online => _update.Online;
    public long Step => _n.Step;

    /// <summary>Begins a fresh run: the first episode's reset.</summary>
    public void Start() => ResetEnv(realReset: true);

    /// <summary>
    /// The training loop, one iteration per agent step, until total-steps, an early stop once
    /// solved, or cancellation (which saves a resumable checkpoint first).
    /// </summary>
    public TrainingResult Run(CancellationToken cancellation, long resumedFrom)
    {
        _observer.OnStart(new TrainingStart(_c, _folder?.Path, Online.Spec.ToString(), Online.ParameterCount,
            Online.ActionCount, ReplayBuffer<T>.EstimateBytes(_replay.Options), resumedFrom));
        _sessionStartStep = _n.Step;
        _progress.Start(_n.Step);
        var status = TrainingStatus.Completed;

        // A periodic evaluation interrupted by Ctrl-C is redone first, as if it had never stopped.
        if (_eval.Pending && Evaluate(cancellation)) status = TrainingStatus.Solved;

        while (status == TrainingStatus.Completed && _n.Step < _c.TotalSteps && !cancellation.IsCancellationRequested)
        {
            if (_n.Step == _c.LearningStarts) { Profile?.Clear(); _update.Profile?.Clear(); } // benchmarks time the learning phase

            // 1. Act: epsilon-greedy on the current observation.
            Profile?.Start();
            double epsilon = _epsilon.Value(_n.Step);
            int action = Act(epsilon);
            Profile?.Mark(StepPhase.Act);

            // 2. Step the environment and store the transition (terminated: no bootstrap; truncated: bootstrap).
            var result = _env.Step(action);
            Profile?.Mark(StepPhase.Environment);
            _envHistory.Step(action);
            _store.Add(action, (float)result.Reward, result.Observation, result.Terminated, result.Truncated);
            _n.EpisodeReturn += result.Reward;
            _n.EpisodeLength++;
            _n.Step++;
            if (result.Done) EndEpisode(result.Info);
            Profile?.Mark(StepPhase.Store);

            // 3. Learn: every train-frequency steps once learning-starts steps of experience exist.
            // 4. Target network: hard copy (tau = 1) or Polyak average every target-update-interval steps.
            bool learn = _n.Step > _c.LearningStarts && _n.Step % _c.TrainFrequency == 0;
            bool syncTarget = _n.Step > _c.LearningStarts && _n.Step % _c.TargetUpdateInterval == 0;
            if (_learner is null)
            {
                if (learn)
                    for (int g = 0; g < _c.GradientSteps; g++) Learn();
                if (syncTarget) _update.UpdateTarget();
            }
            else if (learn) StartOverlappedUpdate(syncTarget);
            else if (syncTarget) { JoinLearner(); _update.UpdateTarget(); }
            Profile?.Mark(StepPhase.Learn);

            // 5. Report, evaluate, checkpoint (each sees the update of this step done).
            bool log = _n.Step % _c.LogInterval == 0;
            bool eval = _c.EvalInterval > 0 && _n.Step % _c.EvalInterval == 0;
            bool save = _folder is not null && _c.CheckpointInterval > 0 && _n.Step % _c.CheckpointInterval == 0;
            if (log || eval || save) JoinLearner();
            if (log) _observer.OnProgress(_progress.Report(_n.Step, _c.TotalSteps, _n.Episodes, _n.Updates, epsilon));
            if (eval && Evaluate(cancellation))
            {
                status = TrainingStatus.Solved;
                break;
            }
            if (save) SaveCheckpoint();
        }
        JoinLearner();

        // Final evaluation of the best model, or of the last model when no evaluation ran. An early stop already evaluated it.
        EvaluationResult? final = _eval.SolvedEvaluation;
        if (final is null && !cancellation.IsCancellationRequested && _c.FinalEvalEpisodes > 0)
            final = _progress.Evaluating(() => _eval.Final(_n.Step, Online, cancellation));
        _progress.Stop();

        // Ctrl-C (during a step, an evaluation or the final evaluation): save, so a resume continues exactly here.
        if (cancellation.IsCancellationRequested && status != TrainingStatus.Solved)
        {
            if (_folder is not null) SaveCheckpoint();
            _observer.OnLog(_folder is null
                ? $"Stopped at step {_n.Step}."
                : $"Stopped at step {_n.Step}; continue with: DqnTrainer.Resume({_folder.Path})");
            return Result(TrainingStatus.Cancelled, null);
        }

        var done = Result(status, final);
        if (_folder is not null)
        {
            SaveCheckpoint();
            RunCheckpoint.WriteResult(_folder, done);
        }
        return done;
    }

    /// <summary>One gradient step (<see cref="DqnUpdate{T}"/>), counted and reported.</summary>
    private void Learn()
    {
        UpdateStats stats;
        try
        {
            stats = _update.Step(_replay, _replayRng, _beta.Value(_n.Step));
        }
        catch (UpdateDivergedException e)
        {
            throw Diverged(e.Loss);
        }
        _n.Updates++;
        _progress.AddUpdate(stats);
    }

    /// <summary>Epsilon-greedy on the current observation with the acting parameters (see <see cref="StartOverlappedUpdate"/>).</summary>
    private int Act(double epsilon)
    {
        if (_learner is null) return QPolicy.EpsilonGreedy(_actor, _env.Observation, epsilon, _exploreRng);
        // The agent's batch-1 pass stays on this thread and leaves both kernel threads to the update.
        WorkerPool.ThisThreadAlone = true;
        try { return QPolicy.EpsilonGreedy(_actor, _env.Observation, epsilon, _exploreRng); }
        finally { WorkerPool.ThisThreadAlone = false; }
    }

    /// <summary>
    /// overlap-learning: the update due at this step (its gradient steps, then the target update if
    /// one is due) runs on the learner thread while the agent plays the next train-frequency steps.
    /// Those steps act with θ from before this update, which is θ after the previous one: the
    /// policy is one update behind, and that is the only difference from the serial loop. The
    /// previous update is joined first and the transitions stored meanwhile are written to the
    /// replay buffer before this update samples it, so each update sees exactly the buffer, the
    /// replay stream and the parameters of the serial loop at its step, whatever the timing.
    /// </summary>
    private void StartOverlappedUpdate(bool syncTarget)
    {
        JoinLearner();
        if (_actorNextReady) (_actor, _actorNext) = (_actorNext!, _actor); // the learner already copied θ
        else _actor.CopyFrom(Online);
        _actorNextReady = false;
        _learnerSyncsTarget = syncTarget;
        _learnerStep = _n.Step;
        _store.Hold();
        _learner!.Start(_learnerWork!);
    }

    /// <summary>The learner thread's side of <see cref="StartOverlappedUpdate"/>: nothing here touches the agent's side.</summary>
    private void LearnerWork()
    {
        for (int g = 0; g < _learnerStats.Length; g++)
            _learnerStats[g] = _update.Step(_replay, _replayRng, _beta.Value(_learnerStep));
        if (_learnerSyncsTarget) _update.UpdateTarget();
        _actorNext!.CopyFrom(Online);
        _actorNextReady = true;
    }

    /// <summary>Waits for a running overlapped update, counts it, and writes the transitions held meanwhile into the replay buffer.</summary>
    private void JoinLearner()
    {
        if (_learner is null || !_learner.Busy) return;
        try
        {
            _learner.Join();
        }
        catch (UpdateDivergedException e)
        {
            _store.Release();
            throw Diverged(e.Loss, _learnerStep);
        }
        foreach (var stats in _learnerStats)
        {
            _n.Updates++;
            _progress.AddUpdate(stats);
        }
        _store.Release();
    }

    /// <summary>Handles the end of a training episode: reports full games, then resets.</summary>
    private void EndEpisode(EnvInfo info)
    {
        // On Atari with terminal-on-life-loss the env ends an "episode" per life; only a real game
        // over carries the statistics of the whole game (unclipped score). Classic envs end for real.
        bool real = info.Episode is not null || !_atari;
        if (real)
        {
            double ret = info.Episode?.Return ?? _n.EpisodeReturn;
            _n.Episodes++;
            _progress.AddEpisode(ret);
            _observer.OnEpisode(new EpisodeReport(_n.Step, _n.Episodes, ret, _n.EpisodeLength));
            _n.EpisodeReturn = 0;
            _n.EpisodeLength = 0;
        }
        ResetEnv(real);
    }

    /// <summary>Resets with a seed from the training-env stream and starts the episode in the replay buffer.</summary>
    /// <remarks>
    /// Only real resets get a seed: on Atari a seeded reset restarts the whole game, while after a
    /// lost life (terminal-on-life-loss) the unseeded reset just continues it.
    /// </remarks>
    private void ResetEnv(bool realReset)
    {
        int? seed = realReset ? _envSeedRng.NextSeed() : null;
        _envHistory.Reset(seed);
        var reset = _env.Reset(seed);
        _store.StartEpisode(reset.Observation);
    }

    /// <summary>A periodic evaluation (on the evaluation clock); true when the run is solved.</summary>
    private bool Evaluate(CancellationToken cancellation) =>
        _progress.Evaluating(() => _eval.Evaluate(_n.Step, Online, cancellation));

    private void SaveCheckpoint()
    {
        RunCheckpoint.Save(_folder!, _c, Online, _n.Step, _progress.Elapsed.TotalSeconds, _state);
        _observer.OnCheckpoint(new CheckpointReport(_n.Step, _folder!.CheckpointFile, IsBestModel: false));
    }

    [NotResumable("set while a checkpoint loads")]
    private bool _restoredReplay;

    /// <summary>Restores everything from checkpoint.bin and replays the env to where it was.</summary>
    public void LoadCheckpoint(string path)
    {
        _progress.Resume(RunCheckpoint.Load(path, _c, _state));
        if (!_restoredReplay)
            _observer.OnLog("The checkpoint has no replay buffer (save-replay-buffer was false): training continues with an empty buffer, so the result will differ from an uninterrupted run.");
        _envHistory.Replay(_env, _replay, _restoredReplay, path);
    }

    private bool LoadReplay(BinaryReader r)
    {
        _replay.Load(r);
        return true;
    }

    private TrainingDivergedException Diverged(float loss) => Diverged(loss, _n.Step);

    private TrainingDivergedException Diverged(float loss, long step)
    {
        string kept = _folder is not null && File.Exists(_folder.CheckpointFile)
            ? $"the last good checkpoint in {_folder.Path} is kept"
            : "no checkpoint was written before it (set `checkpoint-interval` to keep one)";
        return new TrainingDivergedException(
            $"Training diverged at step {step}: the TD loss became {loss}; {kept}. {DivergenceAdvice(_c.LearningRate, _c.MaxGradNorm)}");
    }

    /// <summary>What to try after a divergence, from the run's own values: a 10x lower learning rate and a tighter gradient clip (never the value already in use).</summary>
    internal static string DivergenceAdvice(double learningRate, double maxGradNorm)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string lr = (learningRate / 10).ToString("G3", inv);
        string clip = maxGradNorm > 0
            ? $"a smaller `max-grad-norm` than the current {maxGradNorm.ToString("G", inv)} (for example {(maxGradNorm / 10).ToString("G3", inv)})"
            : "`max-grad-norm` = 10 (gradient clipping is off now)";
        return $"Retry with a lower `learning-rate` (for example {lr}, now {learningRate.ToString("G", inv)}) and {clip}.";
    }

    private TrainingResult Result(TrainingStatus status, EvaluationResult? final) =>
        new(status, _n.Step, _n.Episodes, _n.Updates, final, _eval.BestScore, _eval.BestStep,
            _folder?.Path, _progress.Elapsed, _progress.SessionStepsPerSecond(_n.Step - _sessionStartStep));

    private static float[][] Weights(QNetwork net) => net.Parameters.Select(p => p.Value).ToArray();

    public void Dispose()
    {
        _learner?.Dispose();
        _env.Dispose();
        _eval.Dispose();
    }
}

/// <summary>The parts of an agent step, in loop order (an episode's reset counts under Store; Learn includes the target update).</summary>
public enum StepPhase { Act, Environment, Store, Learn }

/// <summary>Wall-clock time per <see cref="StepPhase"/> over many agent steps (<c>deepq bench train</c>).</summary>
public sealed class StepProfile() : PhaseTimer<StepPhase>(StepPhase.Learn);
