namespace DeepQ.Cli.Plotting;

/// <summary>What a learning-curve chart shows: labelled curves, each a mean line with an optional ± band.</summary>
internal sealed record ChartData(string Title, string XLabel, string YLabel, IReadOnlyList<SeedAggregate> Curves);

/// <summary>
/// Lays out and draws a line chart onto any <see cref="IChartSurface"/>: white background,
/// grid and nice ticks, one colour per curve with its standard-error band at 25 % opacity,
/// axis labels, title and a legend naming each curve and its seed count.
/// </summary>
internal static class ChartRenderer
{
    public const int DefaultWidth = 800, DefaultHeight = 500;
    private const double MarginLeft = 80, MarginRight = 24, MarginTop = 44, MarginBottom = 60;
    private const double BandOpacity = 0.25, LineWidth = 2;

    /// <summary>matplotlib's "tab10" colours, so charts look familiar next to CleanRL's.</summary>
    public static readonly Rgb[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    private static readonly Rgb White = new(255, 255, 255), Black = new(0, 0, 0), Grid = new(0xe0, 0xe0, 0xe0), Axis = new(0x40, 0x40, 0x40);

    public static void Draw(ChartData chart, IChartSurface s)
    {
        double left = MarginLeft, top = MarginTop, right = s.Width - MarginRight, bottom = s.Height - MarginBottom;
        s.FillRect(0, 0, s.Width, s.Height, White);

        var (xMin, xMax, yMin, yMax) = Bounds(chart);
        double[] xTicks = NiceTicks.For(xMin, xMax);
        double[] yTicks = NiceTicks.For(yMin, yMax);
        xMin = xTicks[0]; xMax = xTicks[^1];
        yMin = yTicks[0]; yMax = yTicks[^1];
        double X(double v) => left + (v - xMin) / (xMax - xMin) * (right - left);
        double Y(double v) => bottom - (v - yMin) / (yMax - yMin) * (bottom - top);

        foreach (double t in xTicks)
        {
            s.Line(X(t), top, X(t), bottom, Grid, 1);
            s.Line(X(t), bottom, X(t), bottom + 5, Axis, 1);
            s.Text(X(t), bottom + 16, NiceTicks.Label(t), Axis, TextAnchor.Middle);
        }
        foreach (double t in yTicks)
        {
            s.Line(left, Y(t), right, Y(t), Grid, 1);
            s.Line(left - 5, Y(t), left, Y(t), Axis, 1);
            s.Text(left - 9, Y(t), NiceTicks.Label(t), Axis, TextAnchor.End);
        }

        for (int c = 0; c < chart.Curves.Count; c++)
        {
            var curve = chart.Curves[c];
            if (curve.Seeds < 2) continue;
            int n = curve.Steps.Length;
            var bx = new double[2 * n];
            var by = new double[2 * n];
            for (int i = 0; i < n; i++)
            {
                bx[i] = X(curve.Steps[i]);
                by[i] = Y(curve.Mean[i] + curve.StdErr[i]);
                bx[2 * n - 1 - i] = X(curve.Steps[i]);
                by[2 * n - 1 - i] = Y(curve.Mean[i] - curve.StdErr[i]);
            }
            s.FillPolygon(bx, by, Palette[c % Palette.Length], BandOpacity);
        }
        for (int c = 0; c < chart.Curves.Count; c++)
        {
            var curve = chart.Curves[c];
            var lx = curve.Steps.Select(X).ToArray();
            var ly = curve.Mean.Select(Y).ToArray();
            s.Polyline(lx, ly, Palette[c % Palette.Length], LineWidth);
        }

        // Frame on top of the data so clipped band edges look tidy.
        s.Line(left, top, right, top, Axis, 1);
        s.Line(left, bottom, right, bottom, Axis, 1);
        s.Line(left, top, left, bottom, Axis, 1);
        s.Line(right, top, right, bottom, Axis, 1);

        s.Text((left + right) / 2, top / 2, chart.Title, Black, TextAnchor.Middle);
        s.Text((left + right) / 2, s.Height - 18, chart.XLabel, Black, TextAnchor.Middle);
        s.Text(18, (top + bottom) / 2, chart.YLabel, Black, TextAnchor.Middle, vertical: true);

        for (int c = 0; c < chart.Curves.Count; c++)
        {
            var curve = chart.Curves[c];
            double ly = top + 16 + 20 * c;
            s.Line(left + 12, ly, left + 36, ly, Palette[c % Palette.Length], 3);
            string seeds = curve.Seeds == 1 ? "1 seed" : $"{curve.Seeds} seeds, mean ± s.e.";
            s.Text(left + 44, ly, $"{curve.Label} ({seeds})", Black, TextAnchor.Start);
        }
    }

    private static (double XMin, double XMax, double YMin, double YMax) Bounds(ChartData chart)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var c in chart.Curves)
            for (int i = 0; i < c.Steps.Length; i++)
            {
                xMin = Math.Min(xMin, c.Steps[i]);
                xMax = Math.Max(xMax, c.Steps[i]);
                yMin = Math.Min(yMin, c.Mean[i] - c.StdErr[i]);
                yMax = Math.Max(yMax, c.Mean[i] + c.StdErr[i]);
            }
        if (!double.IsFinite(xMin)) return (0, 1, 0, 1);
        return (xMin, xMax, yMin, yMax);
    }
}
