using System.Globalization;

namespace DeepQ.Cli.Plotting;

/// <summary>
/// Maps a run's agent steps to its training clock (seconds of training over all of the run's
/// sessions, evaluations included), read from its <c>metrics.csv</c>, so curves can be drawn against
/// wall-clock minutes. The anchors are the <c>charts/training_seconds</c> rows logged with each
/// progress report; a step between two anchors is placed by linear interpolation (anchors are one
/// log interval apart, about a minute on Pong). Steps before a run logged that scalar (runs from
/// before it existed, or the start of a run resumed under a newer deepq) are timed by adding up the
/// log intervals, each (its steps) / (its <c>charts/SPS</c>), since every report's speed counts the
/// wall-clock seconds since the one before. That is exact within a session; across a resume the
/// first report's interval really starts at the checkpoint, which the file does not record, so it
/// may count up to one log interval too much per resume. <c>wall_time</c> is not used: it counts the
/// hours between sessions.
/// </summary>
internal sealed class TrainingClock
{
    private readonly double[] _steps;
    private readonly double[] _seconds;

    private TrainingClock(double[] steps, double[] seconds) => (_steps, _seconds) = (steps, seconds);

    /// <summary>Training seconds at <paramref name="step"/>; clamped to the first and last anchors.</summary>
    public double SecondsAt(double step)
    {
        if (_steps.Length == 1 || step <= _steps[0]) return _seconds[0];
        if (step >= _steps[^1]) return _seconds[^1];
        int hi = Array.BinarySearch(_steps, step);
        if (hi >= 0) return _seconds[hi];
        hi = ~hi;
        int lo = hi - 1;
        double t = (step - _steps[lo]) / (_steps[hi] - _steps[lo]);
        return _seconds[lo] + t * (_seconds[hi] - _seconds[lo]);
    }

    public double MinutesAt(double step) => SecondsAt(step) / 60.0;

    /// <summary>Reads the clock of a run folder (or its metrics.csv).</summary>
    public static TrainingClock Read(string runOrCsv)
    {
        string csv = Directory.Exists(runOrCsv) ? Path.Combine(runOrCsv, Metrics.CsvMetricsWriter.FileName) : runOrCsv;
        var speed = new List<(double Step, double StepsPerSecond)>();
        var clock = new List<(double Step, double Seconds)>();
        using (var reader = new StreamReader(new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
        {
            reader.ReadLine();
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                var cells = line.Split(',');
                if (cells.Length < 4
                    || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double step)
                    || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    continue;
                if (cells[1] == Metrics.MetricNames.TrainingSeconds) clock.Add((step, value));
                else if (cells[1] == Metrics.MetricNames.StepsPerSecond && clock.Count == 0 && value > 0) speed.Add((step, value));
            }
        }
        if (clock.Count == 0 && speed.Count == 0)
            throw new CliUserException($"'{csv}' has no progress reports to time yet; train past the first log-interval before plotting against minutes.");

        var anchors = new List<(double Step, double Seconds)> { (0, 0) };
        double previous = 0, seconds0 = 0;
        foreach (var (step, sps) in speed.OrderBy(p => p.Step))
        {
            if (clock.Count > 0 && step >= clock[0].Step) break;
            if (step <= previous) continue;
            seconds0 += (step - previous) / sps;
            anchors.Add((step, seconds0));
            previous = step;
        }
        anchors.AddRange(clock);
        // Keep steps strictly increasing (a step logged twice keeps its last time).
        var ordered = anchors.Select((a, i) => (a, i)).OrderBy(p => p.a.Step).ThenBy(p => p.i).Select(p => p.a).ToList();
        var steps = new List<double>();
        var seconds = new List<double>();
        foreach (var (step, s) in ordered)
        {
            if (steps.Count > 0 && steps[^1] == step) { seconds[^1] = s; continue; }
            steps.Add(step);
            seconds.Add(s);
        }
        return new TrainingClock([.. steps], [.. seconds]);
    }
}
