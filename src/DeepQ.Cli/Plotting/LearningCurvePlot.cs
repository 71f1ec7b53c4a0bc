namespace DeepQ.Cli.Plotting;

/// <summary>
/// The <c>deepq plot</c> pipeline: read one scalar from each run folder, smooth it, group runs
/// that differ only by seed, average each group (mean with a 95 % bootstrap band; see
/// <see cref="SeedAggregate"/>), and write the chart as SVG and PNG from the same drawing.
/// </summary>
internal static class LearningCurvePlot
{
    public static ChartData Build(IReadOnlyList<string> runs, string tag, double smoothing, string? title, bool showSeeds = false,
        XAxis x = XAxis.Steps)
    {
        var groups = new List<(string Name, List<RunCurve> Seeds, HashSet<string> SeedIds)>();
        foreach (string run in runs)
        {
            var series = MetricSeries.Read(run, tag);
            if (x == XAxis.Minutes)
            {
                var clock = TrainingClock.Read(run);
                series = series with { Steps = series.Steps.Select(clock.MinutesAt).ToArray() };
            }
            var smoothed = Smoothing.Ema(series.Values, smoothing);
            string name = SeedAggregate.GroupName(series.Run);
            // Only distinct seeds are averaged: a second run with the same seed (a repeat, or a run
            // whose name has no seed) is drawn as its own curve under its full name.
            string seed = SeedAggregate.SeedOf(series.Run) ?? series.Run;
            var group = groups.FirstOrDefault(g => g.Name == name);
            if (group.Seeds is null || group.SeedIds.Contains(seed))
            {
                if (group.Seeds is not null) name = series.Run;
                group = (name, new List<RunCurve>(), new HashSet<string>());
                groups.Add(group);
            }
            group.Seeds.Add(new RunCurve(series.Steps, smoothed, StoppedSolved(run)));
            group.SeedIds.Add(seed);
        }
        var curves = groups.Select(g => SeedAggregate.Combine(g.Name, g.Seeds)).ToList();
        string smooth = smoothing > 0 ? $", EMA smoothing {smoothing:0.##}" : "";
        string xLabel = x == XAxis.Minutes ? "Training time (minutes, wall clock)" : "Agent steps";
        return new ChartData(title ?? $"{Describe(tag).Title}{smooth}", xLabel, Describe(tag).Axis, curves, showSeeds);
    }

    /// <summary>What the x-axis counts.</summary>
    public enum XAxis
    {
        /// <summary>Agent steps (environment steps; 4 emulator frames each on Atari).</summary>
        Steps,

        /// <summary>The run's training clock in minutes, over all of its sessions (<see cref="TrainingClock"/>).</summary>
        Minutes,
    }

    /// <summary>
    /// The first agent step (and its training minute) at which the mean return of the last
    /// <paramref name="window"/> training episodes reached <paramref name="threshold"/>; null if it never did.
    /// A window counts only once it is full, as the progress line's 100-game mean does.
    /// </summary>
    public static (double Step, double Minute)? FirstReach(string run, double threshold, int window = 100)
    {
        var series = MetricSeries.Read(run, Metrics.MetricNames.EpisodicReturn);
        double sum = 0;
        for (int i = 0; i < series.Values.Length; i++)
        {
            sum += series.Values[i];
            if (i >= window) sum -= series.Values[i - window];
            if (i >= window - 1 && sum / window >= threshold)
                return (series.Steps[i], TrainingClock.Read(run).MinutesAt(series.Steps[i]));
        }
        return null;
    }

    /// <summary>Sentence-case names of the scalars deepq logs (the CleanRL tag for any other).</summary>
    public static (string Title, string Axis) Describe(string tag) => tag switch
    {
        Metrics.MetricNames.EvalEpisodicReturn => ("Evaluation return (periodic evaluation games)", "Mean evaluation return"),
        Metrics.MetricNames.EpisodicReturn => ("Training episode return (with exploration)", "Episode return"),
        Metrics.MetricNames.EpisodicLength => ("Training episode length", "Agent steps per episode"),
        Metrics.MetricNames.TdLoss => ("TD loss", "TD loss"),
        Metrics.MetricNames.QValues => ("Mean Q-value of the actions taken", "Q-value"),
        Metrics.MetricNames.Epsilon => ("Exploration rate", "Epsilon"),
        Metrics.MetricNames.StepsPerSecond => ("Training speed", "Agent steps per second"),
        _ => (tag, tag),
    };

    /// <summary>Whether the run stopped early because an evaluation reached its stop reward (its result.json says "solved").</summary>
    internal static bool StoppedSolved(string runOrCsv)
    {
        string folder = Directory.Exists(runOrCsv) ? runOrCsv : Path.GetDirectoryName(Path.GetFullPath(runOrCsv)) ?? ".";
        string result = Path.Combine(folder, "result.json");
        if (!File.Exists(result)) return false;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(result));
            return doc.RootElement.TryGetProperty("status", out var status) && status.ValueKind == System.Text.Json.JsonValueKind.String
                && status.GetString() == "solved";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException) { return false; }
    }

    public static string ToSvg(ChartData chart, int width = ChartRenderer.DefaultWidth, int height = ChartRenderer.DefaultHeight)
    {
        var svg = new SvgSurface(width, height);
        ChartRenderer.Draw(chart, svg);
        return svg.ToString();
    }

    public static RasterSurface ToRaster(ChartData chart, int width = ChartRenderer.DefaultWidth, int height = ChartRenderer.DefaultHeight)
    {
        var raster = new RasterSurface(width, height);
        ChartRenderer.Draw(chart, raster);
        return raster;
    }
}
