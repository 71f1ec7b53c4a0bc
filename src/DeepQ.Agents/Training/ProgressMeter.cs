using System.Diagnostics;

namespace DeepQ.Agents.Training;

/// <summary>
/// Progress accounting of a run, beside the algorithm: the loss and Q averages since the last
/// report, the last 100 full-episode returns, and the training clock. All of it survives a resume, so
/// the first report after a resume averages the same updates as an uninterrupted run's would, and
/// elapsed time counts training across every session of the run. Evaluation time is kept apart so
/// steps per second measure training alone.
/// </summary>
internal sealed class ProgressMeter
{
    /// <summary>The averages since the last report.</summary>
    [Resumable]
    public sealed class Window
    {
        public double LossSum;
        public double QSum;
        public long LossCount;
    }

    public const int RecentEpisodes = 100;

    private readonly Window _w = new();
    private readonly Queue<double> _recentReturns = new();
    private readonly Stopwatch _clock = new();      // this session's wall clock
    private readonly Stopwatch _evalClock = new();  // this session's time inside evaluations

    [NotResumable("kept in the checkpoint's header (RunCheckpoint), apart from the state that must match bit for bit")]
    private double _earlierSeconds;                 // training time of the run's earlier sessions
    [NotResumable("speed is measured within one session; the clock restarts on resume")]
    private long _speedFromStep;
    [NotResumable("speed is measured within one session; the clock restarts on resume")]
    private TimeSpan _speedFromTime;

    /// <summary>Restores the training time of the run's earlier sessions (from the checkpoint header).</summary>
    public void Resume(double earlierSeconds) => _earlierSeconds = earlierSeconds;

    /// <summary>Training time of the whole run: earlier sessions plus this one.</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(_earlierSeconds) + _clock.Elapsed;

    /// <summary>Mean return of the last 100 full episodes; NaN before the first.</summary>
    public double RecentReturn => _recentReturns.Count > 0 ? _recentReturns.Average() : double.NaN;

    public void Start(long step)
    {
        _clock.Start();
        _speedFromStep = step;
        _speedFromTime = _clock.Elapsed;
    }

    public void Stop() => _clock.Stop();

    public void AddUpdate(UpdateStats s)
    {
        _w.LossSum += s.Loss;
        _w.LossCount++;
        _w.QSum += s.MeanQ;
    }

    public void AddEpisode(double ret)
    {
        _recentReturns.Enqueue(ret);
        if (_recentReturns.Count > RecentEpisodes) _recentReturns.Dequeue();
    }

    /// <summary>Runs <paramref name="evaluation"/> on the evaluation clock, so it does not count as training speed.</summary>
    public TResult Evaluating<TResult>(Func<TResult> evaluation)
    {
        _evalClock.Start();
        try { return evaluation(); }
        finally { _evalClock.Stop(); }
    }

    /// <summary>The report for <paramref name="step"/>; starts a new averaging window.</summary>
    public TrainingProgress Report(long step, long totalSteps, long episodes, long updates, double epsilon)
    {
        var now = _clock.Elapsed;
        double seconds = (now - _speedFromTime).TotalSeconds;
        double sps = seconds > 0 ? (step - _speedFromStep) / seconds : double.NaN;
        var p = new TrainingProgress(step, totalSteps, episodes, updates, epsilon,
            _w.LossCount > 0 ? _w.LossSum / _w.LossCount : double.NaN, _w.LossCount > 0 ? _w.QSum / _w.LossCount : double.NaN,
            sps, RecentReturn, Elapsed);
        _w.LossSum = _w.QSum = 0;
        _w.LossCount = 0;
        _speedFromStep = step;
        _speedFromTime = now;
        return p;
    }

    /// <summary>Agent steps per second of training in this session, evaluations excluded.</summary>
    public double SessionStepsPerSecond(long stepsThisSession)
    {
        double seconds = (_clock.Elapsed - _evalClock.Elapsed).TotalSeconds;
        return seconds > 0 ? stepsThisSession / seconds : double.NaN;
    }

    /// <summary>Declares this meter's resumable parts.</summary>
    public void Declare(ResumableState state) => state
        .Fields("progress", _w)
        .Part("recent-returns", w =>
        {
            w.Write(_recentReturns.Count);
            foreach (var r in _recentReturns) w.Write(r);
        }, r =>
        {
            int n = r.ReadInt32();
            if (n < 0 || n > RecentEpisodes) throw new FormatException($"impossible count {n} of recent returns");
            _recentReturns.Clear();
            for (int i = 0; i < n; i++) _recentReturns.Enqueue(r.ReadDouble());
        });
}
