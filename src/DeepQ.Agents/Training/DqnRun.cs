using System.Diagnostics;
using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Agents.Replay;
using DeepQ.Envs;
using DeepQ.Nn.Losses;
using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Agents.Training;

/// <summary>
/// One DQN training run (Mnih et al. 2015, with the Double-DQN, dueling, n-step and prioritized
/// replay options), written to read top to bottom like CleanRL's dqn.py: <see cref="Run"/> is the
/// loop over agent steps, <see cref="TrainStep"/> one gradient step. Everything random comes from
/// the seeded streams in <see cref="RngStreams"/>, so the same config gives the same weights bit
/// for bit, and a resumed run continues exactly as if it had never stopped.
/// </summary>
/// <typeparam name="T">Observation element: byte for Atari frames [S,84,84], float for vectors [D].</typeparam>
internal sealed partial class DqnRun<T> : IDisposable where T : unmanaged
{
    private readonly DqnConfig _c;
    private readonly RunFolder? _folder;
    private readonly ITrainingObserver _observer;
    private readonly bool _atari;

    // ---- environment, networks, optimizer, replay ----
    private readonly IEnv<T> _env;
    private readonly IEnv<T> _evalEnv;
    private readonly List<IEnv<T>> _evalEnvs;           // side-by-side evaluation episodes, created on first use
    private readonly Func<IEnv<T>> _makeEvalEnv;
    private readonly QNetwork _online;
    private readonly QNetwork _target;
    private readonly Optimizer _optimizer;
    private readonly ReplayBuffer<T> _replay;
    private readonly ISchedule _epsilon;
    private readonly ISchedule _beta;
    private readonly int _evalSeed;

    // ---- random streams (all saved in checkpoints) ----
    private readonly RandomStream _exploreRng;
    private readonly RandomStream _replayRng;
    private readonly RandomStream _envSeedRng;

    // ---- counters and episode state (all saved in checkpoints) ----
    private long _step;             // agent steps taken
    private long _episodes;         // finished training episodes (full games on Atari)
    private long _updates;          // gradient steps taken
    private double _episodeReturn;  // running return of the current full episode (unclipped where the env reports it)
    private long _episodeLength;    // agent steps in the current full episode
    private readonly List<(bool IsReset, int Value)> _envLog = []; // calls since the last real reset: replayed on resume
    private readonly Queue<double> _recentReturns = new();
    private double _bestScore = double.NegativeInfinity;
    private long _bestStep = -1;
    private bool _haveBest;
    private float[][] _bestWeights;

    // ---- minibatch work buffers, reused every step ----
    private readonly ReplayBatch<T> _batch;
    private readonly float[] _qNextTarget, _qNextOnline, _qTaken, _tdTarget, _lossGrad, _dq, _tdError;
    private readonly int[] _nextActions;

    // ---- progress accounting since the last report (not part of the result) ----
    private double _lossSum, _qSum;
    private long _lossCount;
    private readonly Stopwatch _clock = new();
    private long _reportStep;
    private TimeSpan _reportTime;

    public DqnRun(DqnConfig config, IEnv<T> env, Func<IEnv<T>> makeEvalEnv, RunFolder? folder, ITrainingObserver observer)
    {
        _c = config;
        _folder = folder;
        _observer = observer;
        _env = env;
        _makeEvalEnv = makeEvalEnv;
        _evalEnv = makeEvalEnv();
        _evalEnvs = [_evalEnv];
        _atari = typeof(T) == typeof(byte);

        var spec = NetworkFactory.Spec(config, env);
        var initSeed = new RandomStream(config.Seed, RngStreams.NetworkInit).NextUInt64();
        _online = QNetwork.Create(spec, initSeed);
        _target = _online.Clone();
        _target.KeepActivations = false; // forward only: no column buffers kept for a backward that never comes
        _optimizer = NetworkFactory.Optimizer(config, _online);
        _bestWeights = _online.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();

        int obsSize = env.ObservationSpace.Size;
        int stack = _atari ? env.ObservationSpace.Shape[0] : 1;
        _replay = new ReplayBuffer<T>(new ReplayBufferOptions(config.BufferSize, obsSize / stack, stack, config.NStep,
            config.Gamma, config.PrioritizedReplay, config.PerAlpha, config.PerEpsilon));

        long decay = config.ResolvedExplorationSteps;
        _epsilon = config.ExplorationSchedule == ScheduleKind.Linear
            ? new LinearSchedule(config.EpsilonStart, config.EpsilonEnd, decay)
            : new ExponentialSchedule(config.EpsilonStart, config.EpsilonEnd, decay);
        _beta = new LinearSchedule(config.PerBetaStart, config.PerBetaEnd, config.TotalSteps);
        _evalSeed = config.EvalSeed >= 0 ? config.EvalSeed : new RandomStream(config.Seed, RngStreams.EvaluationSeed).NextSeed();

        _exploreRng = new RandomStream(config.Seed, RngStreams.Exploration);
        _replayRng = new RandomStream(config.Seed, RngStreams.Replay);
        _envSeedRng = new RandomStream(config.Seed, RngStreams.TrainingEnv);

        int b = config.BatchSize, a = _online.ActionCount;
        _batch = new ReplayBatch<T>(b, obsSize);
        _qNextTarget = new float[b * a];
        _qNextOnline = new float[b * a];
        _dq = new float[b * a];
        _qTaken = new float[b];
        _tdTarget = new float[b];
        _lossGrad = new float[b];
        _tdError = new float[b];
        _nextActions = new int[b];
    }

    public QNetwork Online => _online;
    public long Step => _step;

    /// <summary>Begins a fresh run: the first episode's reset.</summary>
    public void Start()
    {
        ResetEnv(realReset: true);
    }

    /// <summary>
    /// The training loop, one iteration per agent step, until total-steps, an early stop once
    /// solved, or cancellation (which saves a resumable checkpoint first).
    /// </summary>
    public TrainingResult Run(CancellationToken cancellation, long resumedFrom)
    {
        _observer.OnStart(new TrainingStart(_c, _folder?.Path, _online.Spec.ToString(), _online.ParameterCount,
            _online.ActionCount, ReplayBuffer<T>.EstimateBytes(_replay.Options), resumedFrom));
        _clock.Start();
        _reportStep = _step;
        var status = TrainingStatus.Completed;

        // A periodic evaluation interrupted by Ctrl-C is redone first, as if it had never stopped.
        if (_evalPending && PeriodicEvaluation(cancellation)) status = TrainingStatus.Solved;

        while (status == TrainingStatus.Completed && _step < _c.TotalSteps && !cancellation.IsCancellationRequested)
        {
            // 1. Act: epsilon-greedy on the current observation.
            double epsilon = _epsilon.Value(_step);
            int action = QPolicy.EpsilonGreedy(_online, _env.Observation, epsilon, _exploreRng);

            // 2. Step the environment and store the transition (terminated: no bootstrap; truncated: bootstrap).
            var result = _env.Step(action);
            _envLog.Add((false, action));
            _replay.Add(action, (float)result.Reward, result.Observation, result.Terminated, result.Truncated);
            _episodeReturn += result.Reward;
            _episodeLength++;
            _step++;
            if (result.Done) EndEpisode(result.Info);

            // 3. Learn: every train-frequency steps once learning-starts steps of experience exist.
            if (_step > _c.LearningStarts && _step % _c.TrainFrequency == 0)
                for (int g = 0; g < _c.GradientSteps; g++) TrainStep();

            // 4. Target network: hard copy (tau = 1) or Polyak average every target-update-interval steps.
            if (_step > _c.LearningStarts && _step % _c.TargetUpdateInterval == 0)
            {
                if (_c.Tau >= 1.0) _target.CopyFrom(_online);
                else _target.SoftUpdateFrom(_online, (float)_c.Tau);
            }

            // 5. Report, evaluate, checkpoint.
            if (_step % _c.LogInterval == 0) ReportProgress(epsilon);
            if (_c.EvalInterval > 0 && _step % _c.EvalInterval == 0)
            {
                _evalPending = true;
                if (PeriodicEvaluation(cancellation))
                {
                    status = TrainingStatus.Solved;
                    break;
                }
            }
            if (_folder is not null && _c.CheckpointInterval > 0 && _step % _c.CheckpointInterval == 0) SaveCheckpoint();
        }

        // Final evaluation of the best model (by evaluation score, as SB3's EvalCallback keeps it),
        // or of the last model when no evaluation ran. An early stop already evaluated it.
        EvaluationResult? final = _solvedEvaluation;
        if (final is null && !cancellation.IsCancellationRequested && _c.FinalEvalEpisodes > 0)
        {
            var model = _haveBest ? BestNetwork() : _online;
            final = Evaluator.Run(EvalEnvs(_c.FinalEvalEpisodes), model, _c.FinalEvalEpisodes, _c.EvalEpsilon, FinalSeed, cancellation);
            if (!cancellation.IsCancellationRequested)
                _observer.OnEvaluation(new EvaluationReport(_step, final, IsBest: false, IsFinal: true));
        }
        _clock.Stop();

        // Ctrl-C (during a step, an evaluation or the final evaluation): save, so --resume continues exactly here.
        if (cancellation.IsCancellationRequested && status != TrainingStatus.Solved)
        {
            status = TrainingStatus.Cancelled;
            if (_folder is not null) SaveCheckpoint();
            _observer.OnLog(_folder is null
                ? $"Stopped at step {_step}."
                : $"Stopped at step {_step}; continue with: deepq train --resume {_folder.Path}");
            return Result(status, null);
        }

        if (_folder is not null)
        {
            SaveCheckpoint();
            WriteResult(status, final);
        }
        return Result(status, final);
    }

    /// <summary>
    /// One gradient step on a sampled minibatch:
    ///   y = R + γ^k · Q_target(s', argmax_a Q_online(s', a))   (Double DQN; plain DQN: max_a Q_target(s', a))
    ///   L = mean_b w_b · loss(Q_online(s, a) − y)                (Huber or MSE; w = PER weights, else 1)
    /// where R is the k-step return and γ^k is 0 for a terminated window (the batch's Discounts).
    /// </summary>
    private void TrainStep()
    {
        int b = _c.BatchSize, a = _online.ActionCount;
        _replay.Sample(_batch, _replayRng, _beta.Value(_step));

        // Targets, without gradient. The online network's pass on s' must come before its pass on s,
        // whose activations the backward pass needs.
        QPolicy.Forward(_target, _batch.NextObservations, b).Span.CopyTo(_qNextTarget);
        if (_c.DoubleDqn)
        {
            QPolicy.Forward(_online, _batch.NextObservations, b).Span.CopyTo(_qNextOnline);
            DqnMath.ArgmaxRows(_qNextOnline, a, _nextActions);
        }
        else DqnMath.ArgmaxRows(_qNextTarget, a, _nextActions);
        for (int i = 0; i < b; i++)
            _tdTarget[i] = _batch.Returns[i] + _batch.Discounts[i] * _qNextTarget[i * a + _nextActions[i]];

        // Prediction Q(s, a) and the loss gradient dL/dQ(s, a).
        var q = QPolicy.Forward(_online, _batch.Observations, b).Span;
        DqnMath.Gather(q, a, _batch.Actions, _qTaken);
        float loss = _c.Loss == LossKind.Mse
            ? Loss.Mse(_qTaken, _tdTarget, _lossGrad)
            : Loss.SmoothL1(_qTaken, _tdTarget, _lossGrad, (float)_c.HuberDelta);
        if (_c.Loss == LossKind.Huber && _c.HuberDelta != 1.0)
        {
            // Huber_δ = δ · smooth_l1(β = δ).
            float delta = (float)_c.HuberDelta;
            loss *= delta;
            for (int i = 0; i < b; i++) _lossGrad[i] *= delta;
        }
        if (_c.PrioritizedReplay)
            for (int i = 0; i < b; i++) _lossGrad[i] *= _batch.Weights[i];
        if (!float.IsFinite(loss)) Diverged(loss);

        // Backward, clip, step.
        DqnMath.GatherBackward(_lossGrad, a, _batch.Actions, _dq);
        _online.ZeroGrad();
        _online.Backward(_dq);
        // Clipping folds into the optimizer's pass (Optimizer.Step(scale): same bits as scaling Grad first).
        float clip = _c.MaxGradNorm > 0 ? GradClip.ClipCoefficient(GradClip.GlobalNorm(_online.Parameters), _c.MaxGradNorm) : 1f;
        _optimizer.Step(clip);
        _updates++;

        if (_c.PrioritizedReplay)
        {
            for (int i = 0; i < b; i++) _tdError[i] = _qTaken[i] - _tdTarget[i];
            _replay.UpdatePriorities(_batch.Indices, _tdError);
        }

        _lossSum += loss;
        _lossCount++;
        double qs = 0;
        for (int i = 0; i < b; i++) qs += _qTaken[i];
        _qSum += qs / b;
    }

    /// <summary>Handles the end of a training episode: reports full games, then resets.</summary>
    private void EndEpisode(EnvInfo info)
    {
        // On Atari with terminal-on-life-loss the env ends an "episode" per life; only a real game
        // over carries the statistics of the whole game (unclipped score). Classic envs end for real.
        bool real = info.Episode is not null || !_atari;
        if (real)
        {
            double ret = info.Episode?.Return ?? _episodeReturn;
            _episodes++;
            _recentReturns.Enqueue(ret);
            if (_recentReturns.Count > 100) _recentReturns.Dequeue();
            _observer.OnEpisode(new EpisodeReport(_step, _episodes, ret, _episodeLength));
            _episodeReturn = 0;
            _episodeLength = 0;
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
        if (realReset) _envLog.Clear();
        _envLog.Add((true, seed ?? -1));
        var reset = _env.Reset(seed);
        _replay.StartEpisode(reset.Observation);
    }

    /// <summary>
    /// Periodic evaluation; keeps the best model. Returns true when the run is solved: the periodic
    /// mean reached stop-reward and a confirming final-eval-episodes evaluation agrees.
    /// </summary>
    private bool PeriodicEvaluation(CancellationToken cancellation)
    {
        var result = Evaluator.Run(EvalEnvs(_c.EvalEpisodes), _online, _c.EvalEpisodes, _c.EvalEpsilon, _evalSeed, cancellation);
        if (cancellation.IsCancellationRequested) return false; // stays pending: redone after --resume
        double score = result.Mean;
        bool reachesStop = !double.IsNaN(_c.StopReward) && score >= _c.StopReward;
        if (reachesStop && _c.FinalEvalEpisodes > 0)
        {
            // Confirm with the full final evaluation before believing a 10-episode score, and keep
            // the larger evaluation's mean as this model's score.
            var confirm = Evaluator.Run(EvalEnvs(_c.FinalEvalEpisodes), _online, _c.FinalEvalEpisodes, _c.EvalEpsilon, FinalSeed, cancellation);
            if (cancellation.IsCancellationRequested) return false;
            score = confirm.Mean;
            reachesStop = score >= _c.StopReward;
            if (reachesStop) _solvedEvaluation = confirm;
        }
        _evalPending = false;
        bool isBest = score > _bestScore;
        if (isBest) KeepBest(score);
        _observer.OnEvaluation(new EvaluationReport(_step, result, isBest, IsFinal: false));
        if (reachesStop)
        {
            _observer.OnLog($"Solved at step {_step}: evaluation mean {score:0.##} >= stop-reward {_c.StopReward}.");
            _observer.OnEvaluation(new EvaluationReport(_step, _solvedEvaluation!, IsBest: true, IsFinal: true));
        }
        return reachesStop;
    }

    private EvaluationResult? _solvedEvaluation;
    private bool _evalPending;      // a periodic evaluation is due at this step (saved, so a resume redoes it)

    /// <summary>The final evaluation and its confirmations use their own seed so the model chosen on the periodic episodes is scored on other ones.</summary>
    private int FinalSeed => unchecked(_evalSeed + 1);

    private void KeepBest(double score)
    {
        _bestScore = score;
        _bestStep = _step;
        _haveBest = true;
        for (int i = 0; i < _online.Parameters.Count; i++) _online.Parameters[i].Value.CopyTo(_bestWeights[i], 0);
        if (_folder is not null)
        {
            ModelFiles.SaveWeights(_online, _folder.BestModelFile, ModelMetadata());
            _observer.OnCheckpoint(new CheckpointReport(_step, _folder.BestModelFile, IsBestModel: true));
        }
    }

    private QNetwork BestNetwork()
    {
        var net = _online.Clone();
        net.KeepActivations = false; // evaluation only
        for (int i = 0; i < net.Parameters.Count; i++) _bestWeights[i].CopyTo(net.Parameters[i].Value, 0);
        return net;
    }

    private void ReportProgress(double epsilon)
    {
        var now = _clock.Elapsed;
        double seconds = (now - _reportTime).TotalSeconds;
        double sps = seconds > 0 ? (_step - _reportStep) / seconds : double.NaN;
        _observer.OnProgress(new TrainingProgress(_step, _c.TotalSteps, _episodes, _updates, epsilon,
            _lossCount > 0 ? _lossSum / _lossCount : double.NaN, _lossCount > 0 ? _qSum / _lossCount : double.NaN,
            sps, _recentReturns.Count > 0 ? _recentReturns.Average() : double.NaN, now));
        _lossSum = _qSum = 0;
        _lossCount = 0;
        _reportStep = _step;
        _reportTime = now;
    }

    private void Diverged(float loss)
    {
        string kept = _folder is not null && File.Exists(_folder.CheckpointFile)
            ? $"the last good checkpoint in {_folder.Path} is kept"
            : "no checkpoint was written before it (set --checkpoint-interval to keep one)";
        throw new TrainingDivergedException(
            $"Training diverged at step {_step}: the TD loss became {loss}; {kept}. {DivergenceAdvice(_c.LearningRate, _c.MaxGradNorm)}");
    }

    /// <summary>What to try after a divergence, from the run's own values: a 10x lower learning rate and a tighter gradient clip (never the value already in use).</summary>
    internal static string DivergenceAdvice(double learningRate, double maxGradNorm)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string lr = (learningRate / 10).ToString("G3", inv);
        string clip = maxGradNorm > 0
            ? $"a smaller --max-grad-norm than the current {maxGradNorm.ToString("G", inv)} (for example {(maxGradNorm / 10).ToString("G3", inv)})"
            : "--max-grad-norm 10 (gradient clipping is off now)";
        return $"Retry with a lower --learning-rate (for example {lr}, now {learningRate.ToString("G", inv)}) and {clip}.";
    }

    private Dictionary<string, string> ModelMetadata() => new()
    {
        ["env"] = _c.Env,
        ["step"] = _step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["network"] = _online.Spec.ToString(),
    };

    private TrainingResult Result(TrainingStatus status, EvaluationResult? final)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        return new TrainingResult(status, _step, _episodes, _updates, final, _haveBest ? _bestScore : double.NaN, _bestStep,
            _folder?.Path, _clock.Elapsed, seconds > 0 ? (_step - _startStep) / seconds : double.NaN);
    }

    private long _startStep;

    /// <summary>Enough evaluation envs to play <paramref name="episodes"/> side by side (capped at <see cref="Evaluator.MaxParallelEnvs"/>).</summary>
    private List<IEnv<T>> EvalEnvs(int episodes)
    {
        while (_evalEnvs.Count < Math.Min(episodes, Evaluator.MaxParallelEnvs)) _evalEnvs.Add(_makeEvalEnv());
        return _evalEnvs;
    }

    public void Dispose()
    {
        _env.Dispose();
        foreach (var e in _evalEnvs) e.Dispose();
    }
}
