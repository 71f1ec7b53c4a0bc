using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Envs;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents.Training;

/// <summary>
/// Evaluation beside the algorithm: periodic evaluations of the online network on their own
/// environments and seed, the best model by evaluation score (as SB3's EvalCallback keeps it),
/// the early stop once a periodic mean reaches stop-reward and a confirming evaluation of
/// final-eval-episodes agrees, and the final evaluation of the best model.
/// </summary>
internal sealed class BestModelKeeper<T> : IDisposable where T : unmanaged
{
    /// <summary>The best model's score and where it was seen.</summary>
    [Resumable]
    public sealed class Best
    {
        public double Score = double.NegativeInfinity;
        public long Step = -1;
        public bool Have;
        /// <summary>A periodic evaluation is due at this step (Ctrl-C during it): redone first after --resume.</summary>
        public bool Pending;
    }

    private readonly DqnConfig _c;
    private readonly RunFolder? _folder;
    private readonly ITrainingObserver _observer;
    private readonly Func<IEnv<T>> _makeEnv;
    private readonly List<IEnv<T>> _envs = [];   // side-by-side evaluation episodes, created on first use
    private readonly int _seed;
    private readonly Best _best = new();
    private readonly float[][] _bestWeights;

    [NotResumable("a solved run ends; it is never resumed past its confirming evaluation")]
    private EvaluationResult? _solved;

    public BestModelKeeper(DqnConfig config, QNetwork online, Func<IEnv<T>> makeEnv, RunFolder? folder, ITrainingObserver observer)
    {
        _c = config;
        _folder = folder;
        _observer = observer;
        _makeEnv = makeEnv;
        _envs.Add(makeEnv());
        _seed = config.EvalSeed >= 0 ? config.EvalSeed : new RandomStream(config.Seed, RngStreams.EvaluationSeed).NextSeed();
        _bestWeights = online.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
    }

    public bool HaveBest => _best.Have;
    public double BestScore => _best.Have ? _best.Score : double.NaN;
    public long? BestStep => _best.Have ? _best.Step : null;
    public bool Pending => _best.Pending;

    /// <summary>The confirming evaluation of a solved run, else null.</summary>
    public EvaluationResult? SolvedEvaluation => _solved;

    /// <summary>The final evaluation and its confirmations use their own seed, so the model chosen on the periodic episodes is scored on other ones.</summary>
    private int FinalSeed => unchecked(_seed + 1);

    /// <summary>
    /// A periodic evaluation of <paramref name="online"/> at <paramref name="step"/>; keeps the best
    /// model. Returns true when the run is solved. Cancelled midway, it stays pending.
    /// </summary>
    public bool Evaluate(long step, QNetwork online, CancellationToken cancellation)
    {
        _best.Pending = true;
        var result = Evaluator.Run(Envs(_c.EvalEpisodes), online, _c.EvalEpisodes, _c.EvalEpsilon, _seed, cancellation);
        if (cancellation.IsCancellationRequested) return false;
        double score = result.Mean;
        bool reachesStop = !double.IsNaN(_c.StopReward) && score >= _c.StopReward;
        EvaluationResult? unconfirmed = null;
        if (reachesStop && _c.FinalEvalEpisodes > 0)
        {
            // Confirm with the full final evaluation before believing a 10-episode score, and keep
            // the larger evaluation's mean as this model's score.
            var confirm = Evaluator.Run(Envs(_c.FinalEvalEpisodes), online, _c.FinalEvalEpisodes, _c.EvalEpsilon, FinalSeed, cancellation);
            if (cancellation.IsCancellationRequested) return false;
            score = confirm.Mean;
            reachesStop = score >= _c.StopReward;
            if (reachesStop) _solved = confirm;
            else unconfirmed = confirm;
        }
        _best.Pending = false;
        bool isBest = score > _best.Score;
        if (isBest) Keep(step, score, online);
        _observer.OnEvaluation(new EvaluationReport(step, result, isBest, IsFinal: false));
        if (unconfirmed is not null)
            _observer.OnLog($"Not confirmed at step {step}: {unconfirmed.Episodes} episodes give mean {unconfirmed.Mean:0.##} < stop-reward {_c.StopReward}; training goes on, with that mean as this model's score.");
        if (reachesStop)
        {
            _observer.OnLog($"Solved at step {step}: evaluation mean {score:0.##} >= stop-reward {_c.StopReward}.");
            _observer.OnEvaluation(new EvaluationReport(step, _solved!, IsBest: true, IsFinal: true));
        }
        return reachesStop;
    }

    /// <summary>The final evaluation: of the best model, or of <paramref name="online"/> when no evaluation ran.</summary>
    public EvaluationResult Final(long step, QNetwork online, CancellationToken cancellation)
    {
        var model = _best.Have ? BestNetwork(online) : online;
        var final = Evaluator.Run(Envs(_c.FinalEvalEpisodes), model, _c.FinalEvalEpisodes, _c.EvalEpsilon, FinalSeed, cancellation);
        if (!cancellation.IsCancellationRequested)
            _observer.OnEvaluation(new EvaluationReport(step, final, IsBest: false, IsFinal: true));
        return final;
    }

    private void Keep(long step, double score, QNetwork online)
    {
        _best.Score = score;
        _best.Step = step;
        _best.Have = true;
        for (int i = 0; i < online.Parameters.Count; i++) online.Parameters[i].Value.CopyTo(_bestWeights[i], 0);
        if (_folder is not null)
        {
            ModelFiles.SaveWeights(online, _folder.BestModelFile, RunCheckpoint.ModelMetadata(_c, step, online));
            _observer.OnCheckpoint(new CheckpointReport(step, _folder.BestModelFile, IsBestModel: true));
        }
    }

    private QNetwork BestNetwork(QNetwork online)
    {
        var net = online.Clone();
        net.KeepActivations = false; // evaluation only
        for (int i = 0; i < net.Parameters.Count; i++) _bestWeights[i].CopyTo(net.Parameters[i].Value, 0);
        return net;
    }

    /// <summary>Enough evaluation envs to play <paramref name="episodes"/> side by side (capped at <see cref="Evaluator.MaxParallelEnvs"/>).</summary>
    private List<IEnv<T>> Envs(int episodes)
    {
        while (_envs.Count < Math.Min(episodes, Evaluator.MaxParallelEnvs)) _envs.Add(_makeEnv());
        return _envs;
    }

    public void Declare(ResumableState state) => state
        .Fields("best-model", _best)
        .Part("best-weights", w => RunCheckpoint.WriteFloats(w, _bestWeights), r => RunCheckpoint.ReadFloats(r, _bestWeights, "best weights"));

    public void Dispose()
    {
        foreach (var e in _envs) e.Dispose();
    }
}
