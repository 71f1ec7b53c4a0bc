using System.Globalization;
using DeepQ.Agents.Training;
using DeepQ.Cli.Metrics;

namespace DeepQ.Cli.Progress;

/// <summary>
/// Connects a training run to the console and the run folder: every report goes to the
/// progress display, and its scalars (CleanRL's names, against agent steps) to metrics.csv and a
/// TensorBoard event file in the run folder. Sinks are opened in <see cref="OnStart"/>, when
/// the trainer has validated and created the folder (and, on resume, loaded the checkpoint whose step
/// they are cut back to). Each row is flushed as written, so a checkpoint never covers a lost row.
/// </summary>
internal sealed class CliTrainingObserver(TrainingDisplay display) : ITrainingObserver, IDisposable
{
    private ScalarSinks? _sinks;
    private double _bestEval = double.NaN;
    private bool _haveBest;   // a periodic evaluation saved best.safetensors in this process
    private ProgressSnapshot? _last;
    private (long Step, TimeSpan Elapsed)? _first;

    /// <summary>The run folder the trainer reported (null when training without one).</summary>
    public string? RunDirectory { get; private set; }

    public long LastStep { get; private set; }

    /// <summary>Agent steps before the first update: acting alone is several times faster than training.</summary>
    private long _learningStarts;

    public void OnStart(TrainingStart start)
    {
        RunDirectory = start.RunDirectory;
        _learningStarts = start.Config.LearningStarts;
        if (start.RunDirectory is { } dir)
            // A resumed run replays everything after its checkpoint bit-identically, so rows past it are dropped first.
            _sinks = new ScalarSinks(CsvMetricsWriter.OpenIn(dir, start.ResumedFromStep), TfEventWriter.OpenIn(dir, start.ResumedFromStep));
        string resumed = start.ResumedFromStep > 0 ? $", resumed at step {start.ResumedFromStep.ToString("N0", CultureInfo.InvariantCulture)}" : "";
        display.Event(string.Create(CultureInfo.InvariantCulture,
            $"{start.Config.Env}: {start.Network}, {start.ParameterCount:N0} parameters, {start.ActionCount} actions, replay {start.ReplayBytes / (1024.0 * 1024.0):0.#} MiB, seed {start.Config.Seed}{resumed}"));
        if (start.RunDirectory is { } d) display.Event($"run folder: {d}");
    }

    public void OnProgress(TrainingProgress p)
    {
        LastStep = p.Step;
        if (_sinks is { } s)
        {
            if (!double.IsNaN(p.Loss)) s.Add(MetricNames.TdLoss, p.Loss, p.Step);
            if (!double.IsNaN(p.MeanQ)) s.Add(MetricNames.QValues, p.MeanQ, p.Step);
            s.Add(MetricNames.StepsPerSecond, p.StepsPerSecond, p.Step);
            s.Add(MetricNames.Epsilon, p.Epsilon, p.Step);
            s.Add(MetricNames.TrainingSeconds, Math.Round(p.Elapsed.TotalSeconds, 3), p.Step);
            s.Flush();
        }
        // Session-average throughput from the first report after learning starts, so time left is steady
        // and not promised from the fast steps before any update (Pong: 1,100 steps/s then, ~160 after).
        // Before that there is no honest estimate: 0 shows "-".
        double average = 0;
        if (p.Step > _learningStarts)
        {
            _first ??= (p.Step, p.Elapsed);
            double seconds = (p.Elapsed - _first.Value.Elapsed).TotalSeconds;
            average = seconds > 0 ? (p.Step - _first.Value.Step) / seconds : double.NaN;
        }
        _last = new ProgressSnapshot(p.Step, p.TotalSteps, p.Episodes, p.RecentReturn, p.Epsilon, p.Loss,
            p.StepsPerSecond, p.Elapsed, _bestEval, average);
        display.Update(_last);
    }

    public void OnEpisode(EpisodeReport e)
    {
        _sinks?.Add(MetricNames.EpisodicReturn, e.Return, e.Step);
        _sinks?.Add(MetricNames.EpisodicLength, e.Length, e.Step);
    }

    public void OnEvaluation(EvaluationReport e)
    {
        if (!e.IsFinal)
        {
            _sinks?.Add(MetricNames.EvalEpisodicReturn, e.Result.Mean, e.Step);
            _sinks?.Flush();
        }
        if (e.IsBest && !e.IsFinal)
        {
            _bestEval = e.Result.Mean;
            _haveBest = true;
            if (_last is not null) display.Refresh(_last = _last with { BestEval = _bestEval });
        }
        string kind = e.IsFinal ? (_haveBest ? "final evaluation of the best model" : "final evaluation of the last model (no periodic evaluation chose a best one)") : $"evaluation at step {e.Step.ToString("N0", CultureInfo.InvariantCulture)}";
        display.Event($"{kind}: {e.Result}{(e.IsBest && !e.IsFinal ? " (new best)" : "")}");
    }

    public void OnCheckpoint(CheckpointReport c)
    {
        if (!c.IsBestModel) display.Event($"checkpoint at step {c.Step.ToString("N0", CultureInfo.InvariantCulture)}: {c.Path}");
    }

    public void OnLog(string message) => display.Event(LibraryTerms.ToCli(message));

    public void Dispose()
    {
        _sinks?.Dispose();
        _sinks = null;
    }
}
