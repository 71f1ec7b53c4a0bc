namespace DeepQ.Cli.Plotting;

/// <summary>What a learning-curve chart shows: labelled curves, each a mean line with an optional band, and optionally each seed.</summary>
internal sealed record ChartData(string Title, string XLabel, string YLabel, IReadOnlyList<SeedAggregate> Curves, bool ShowSeeds = false);

/// <summary>
/// Lays out and draws a line chart onto any <see cref="IChartSurface"/>: white background, grid and
/// nice ticks (one label format per axis), one colour per curve with its 95 % bootstrap band at 25 %
/// opacity, "n=K" marks where the number of seeds averaged changes, optional thin per-seed lines,
/// sentence-case axis labels and title, and a legend saying what the line and band are.
/// </summary>
internal static class ChartRenderer
{
    public const int DefaultWidth = 960, DefaultHeight = 600;
    private const double MarginLeft = 80, MarginRight = 24, MarginTop = 44, MarginBottom = 60, LegendLine = 20;
    private const double BandOpacity = 0.25, LineWidth = 2, SeedLineWidth = 1;

    /// <summary>matplotlib's "tab10" colours, so charts look familiar next to CleanRL's.</summary>
    public static readonly Rgb[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    private static readonly Rgb White = new(255, 255, 255), Black = new(0, 0, 0), Grid = new(0xe0, 0xe0, 0xe0), Axis = new(0x40, 0x40, 0x40);

    /// <summary>The legend's lines for a curve: what the line and band are, and how solved and short runs are shown.</summary>
    public static IEnumerable<string> LegendLines(SeedAggregate curve)
    {
        if (curve.Seeds == 1)
        {
            yield return $"{curve.Label} (1 seed)";
            yield break;
        }
        yield return $"{curve.Label}: mean of {curve.Seeds} seeds, 95% bootstrap band";
        if (curve.SolvedEarly > 0)
            yield return $"  {curve.SolvedEarly} solved early: final score carried forward";
        if (curve.Count.Any(k => k > 0 && k < curve.Seeds))
            yield return "  n=K: number of seeds averaged where not every run has data";
    }

    public static void Draw(ChartData chart, IChartSurface s)
    {
        // The legend goes under the x-axis label, where it never hides data.
        var legend = chart.Curves.Select((c, i) => (Index: i, Lines: LegendLines(c).ToList())).ToList();
        double legendHeight = LegendLine * legend.Sum(l => l.Lines.Count);
        double left = MarginLeft, top = MarginTop, right = s.Width - MarginRight, bottom = s.Height - MarginBottom - legendHeight;
        s.FillRect(0, 0, s.Width, s.Height, White);

        var (xMin, xMax, yMin, yMax) = Bounds(chart);
        double[] xTicks = NiceTicks.For(xMin, xMax);
        double[] yTicks = NiceTicks.For(yMin, yMax);
        string[] xLabels = NiceTicks.Labels(xTicks), yLabels = NiceTicks.Labels(yTicks);
        xMin = xTicks[0]; xMax = xTicks[^1];
        yMin = yTicks[0]; yMax = yTicks[^1];
        double X(double v) => left + (v - xMin) / (xMax - xMin) * (right - left);
        double Y(double v) => bottom - (v - yMin) / (yMax - yMin) * (bottom - top);

        for (int i = 0; i < xTicks.Length; i++)
        {
            double t = xTicks[i];
            s.Line(X(t), top, X(t), bottom, Grid, 1);
            s.Line(X(t), bottom, X(t), bottom + 5, Axis, 1);
            s.Text(X(t), bottom + 16, xLabels[i], Axis, TextAnchor.Middle);
        }
        for (int i = 0; i < yTicks.Length; i++)
        {
            double t = yTicks[i];
            s.Line(left, Y(t), right, Y(t), Grid, 1);
            s.Line(left - 5, Y(t), left, Y(t), Axis, 1);
            s.Text(left - 9, Y(t), yLabels[i], Axis, TextAnchor.End);
        }

        for (int c = 0; c < chart.Curves.Count; c++)
        {
            var curve = chart.Curves[c];
            if (curve.Seeds < 2) continue;
            // One polygon per stretch where at least two seeds are averaged.
            foreach (var (from, to) in Stretches(curve.Count, k => k >= 2))
            {
                int n = to - from;
                var bx = new double[2 * n];
                var by = new double[2 * n];
                for (int i = 0; i < n; i++)
                {
                    bx[i] = bx[2 * n - 1 - i] = X(curve.Steps[from + i]);
                    by[i] = Y(curve.Upper[from + i]);
                    by[2 * n - 1 - i] = Y(curve.Lower[from + i]);
                }
                s.FillPolygon(bx, by, Palette[c % Palette.Length], BandOpacity);
            }
        }
        if (chart.ShowSeeds)
            for (int c = 0; c < chart.Curves.Count; c++)
            {
                var light = Lighter(Palette[c % Palette.Length]);
                foreach (var run in chart.Curves[c].Runs)
                    s.Polyline(run.Steps.Select(X).ToArray(), run.Values.Select(Y).ToArray(), light, SeedLineWidth);
            }
        for (int c = 0; c < chart.Curves.Count; c++)
        {
            var curve = chart.Curves[c];
            foreach (var (from, to) in Stretches(curve.Count, k => k >= 1))
                s.Polyline(curve.Steps[from..to].Select(X).ToArray(), curve.Mean[from..to].Select(Y).ToArray(), Palette[c % Palette.Length], LineWidth);
            if (curve.Seeds > 1) DrawCounts(s, curve, X, Y, Palette[c % Palette.Length]);
        }

        // Frame on top of the data so clipped band edges look tidy.
        s.Line(left, top, right, top, Axis, 1);
        s.Line(left, bottom, right, bottom, Axis, 1);
        s.Line(left, top, left, bottom, Axis, 1);
        s.Line(right, top, right, bottom, Axis, 1);

        s.Text((left + right) / 2, top / 2, chart.Title, Black, TextAnchor.Middle);
        s.Text((left + right) / 2, bottom + 40, chart.XLabel, Black, TextAnchor.Middle);
        s.Text(18, (top + bottom) / 2, chart.YLabel, Black, TextAnchor.Middle, vertical: true);

        double ly = bottom + MarginBottom;
        foreach (var (c, lines) in legend)
            for (int k = 0; k < lines.Count; k++, ly += LegendLine)
            {
                if (k == 0) s.Line(left - 20, ly, left + 4, ly, Palette[c % Palette.Length], 3);
                s.Text(left + 12, ly, lines[k], Black, TextAnchor.Start);
            }
    }

    /// <summary>"n=K" at the start and wherever the number of seeds averaged changes, when it is not all of them.</summary>
    private static void DrawCounts(IChartSurface s, SeedAggregate curve, Func<double, double> x, Func<double, double> y, Rgb colour)
    {
        double lastX = double.NegativeInfinity;
        for (int i = 0; i < curve.Count.Length; i++)
        {
            bool changed = i == 0 ? curve.Count[0] < curve.Seeds : curve.Count[i] != curve.Count[i - 1];
            if (!changed || curve.Count[i] == 0) continue;
            double px = x(curve.Steps[i]);
            if (px - lastX < 48) continue; // keep the marks legible where counts change quickly
            double py = y(curve.Upper[i]);
            s.Line(px, py - 4, px, py - 14, colour, 1);
            s.Text(px + 3, py - 20, $"n={curve.Count[i]}", colour, TextAnchor.Start);
            lastX = px;
        }
    }

    /// <summary>Index ranges [from, to) of consecutive points whose count satisfies <paramref name="keep"/>.</summary>
    private static IEnumerable<(int From, int To)> Stretches(int[] count, Func<int, bool> keep)
    {
        int i = 0;
        while (i < count.Length)
        {
            while (i < count.Length && !keep(count[i])) i++;
            int from = i;
            while (i < count.Length && keep(count[i])) i++;
            if (i > from) yield return (from, i);
        }
    }

    private static Rgb Lighter(Rgb c) => new((byte)((c.R + 255 * 2) / 3), (byte)((c.G + 255 * 2) / 3), (byte)((c.B + 255 * 2) / 3));

    private static (double XMin, double XMax, double YMin, double YMax) Bounds(ChartData chart)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        void Add(double x, double lo, double hi)
        {
            if (!double.IsFinite(x) || !double.IsFinite(lo) || !double.IsFinite(hi)) return;
            xMin = Math.Min(xMin, x);
            xMax = Math.Max(xMax, x);
            yMin = Math.Min(yMin, lo);
            yMax = Math.Max(yMax, hi);
        }
        foreach (var c in chart.Curves)
        {
            for (int i = 0; i < c.Steps.Length; i++) Add(c.Steps[i], c.Lower[i], c.Upper[i]);
            if (chart.ShowSeeds)
                foreach (var r in c.Runs)
                    for (int i = 0; i < r.Steps.Length; i++) Add(r.Steps[i], r.Values[i], r.Values[i]);
        }
        if (!double.IsFinite(xMin)) return (0, 1, 0, 1);
        return (xMin, xMax, yMin, yMax);
    }
}
