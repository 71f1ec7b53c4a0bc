namespace DeepQ.Cli.Plotting;

/// <summary>
/// The <c>deepq plot</c> pipeline: read one scalar from each run folder, smooth it, group runs
/// that differ only by seed, average each group (mean ± standard error), and write the chart
/// as SVG and PNG from the same drawing.
/// </summary>
internal static class LearningCurvePlot
{
    public static ChartData Build(IReadOnlyList<string> runs, string tag, double smoothing, string? title)
    {
        var groups = new List<(string Name, List<(double[], double[])> Seeds, HashSet<string> SeedIds)>();
        foreach (string run in runs)
        {
            var series = MetricSeries.Read(run, tag);
            var smoothed = Smoothing.Ema(series.Values, smoothing);
            string name = SeedAggregate.GroupName(series.Run);
            // Only distinct seeds are averaged: a second run with the same seed (a repeat, or a run
            // whose name has no seed) is drawn as its own curve under its full name.
            string seed = SeedAggregate.SeedOf(series.Run) ?? series.Run;
            var group = groups.FirstOrDefault(g => g.Name == name);
            if (group.Seeds is null || group.SeedIds.Contains(seed))
            {
                if (group.Seeds is not null) name = series.Run;
                group = (name, new List<(double[], double[])>(), new HashSet<string>());
                groups.Add(group);
            }
            group.Seeds.Add((series.Steps, smoothed));
            group.SeedIds.Add(seed);
        }
        var curves = groups.Select(g => SeedAggregate.Combine(g.Name, g.Seeds)).ToList();
        string smooth = smoothing > 0 ? $", EMA smoothing {smoothing:0.##}" : "";
        return new ChartData(title ?? $"{tag}{smooth}", "agent steps", tag, curves);
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
