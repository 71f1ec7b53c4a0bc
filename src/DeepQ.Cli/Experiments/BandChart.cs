using DeepQ.Cli.Experiments.Statistics;
using DeepQ.Cli.Plotting;
using DeepQ.Cli.Media;

namespace DeepQ.Cli.Experiments;

/// <summary>One line of a <see cref="BandChart"/>: a point estimate per x with its interval as a shaded band.</summary>
internal sealed record BandSeries(string Label, double[] X, ConfidenceInterval[] Y);

/// <summary>
/// A line chart whose bands are confidence intervals (not symmetric: a bootstrap interval need
/// not be centred on the mean), for the experiment report's learning curves and performance
/// profiles. It draws on the plotting package's surfaces (<see cref="SvgSurface"/>,
/// <see cref="RasterSurface"/>) with its ticks and palette, so it looks like 'deepq plot'.
/// </summary>
internal static class BandChart
{
    private const int Width = 800, Height = 500;
    private const double MarginLeft = 80, MarginRight = 24, MarginTop = 44, MarginBottom = 60;

    /// <summary>Writes PATH.svg and PATH.png; returns both paths.</summary>
    public static (string Svg, string Png) Write(string basePath, string title, string xLabel, string yLabel, IReadOnlyList<BandSeries> series)
    {
        var svg = new SvgSurface(Width, Height);
        Draw(svg, title, xLabel, yLabel, series);
        File.WriteAllText(basePath + ".svg", svg.ToString());
        var raster = new RasterSurface(Width, Height);
        Draw(raster, title, xLabel, yLabel, series);
        PngWriter.WriteRgb(basePath + ".png", raster.Pixels, raster.Width, raster.Height);
        return (basePath + ".svg", basePath + ".png");
    }

    public static void Draw(IChartSurface s, string title, string xLabel, string yLabel, IReadOnlyList<BandSeries> series)
    {
        Rgb white = new(255, 255, 255), black = new(0, 0, 0), grid = new(0xe0, 0xe0, 0xe0), axis = new(0x40, 0x40, 0x40);
        double left = MarginLeft, top = MarginTop, right = s.Width - MarginRight, bottom = s.Height - MarginBottom;
        s.FillRect(0, 0, s.Width, s.Height, white);

        var points = series.SelectMany(c => c.X.Zip(c.Y)).ToList();
        double xMin = points.Count > 0 ? points.Min(p => p.First) : 0, xMax = points.Count > 0 ? points.Max(p => p.First) : 1;
        double yMin = points.Count > 0 ? points.Min(p => Math.Min(p.Second.Low, p.Second.Estimate)) : 0;
        double yMax = points.Count > 0 ? points.Max(p => Math.Max(p.Second.High, p.Second.Estimate)) : 1;
        double[] xTicks = NiceTicks.For(xMin, xMax), yTicks = NiceTicks.For(yMin, yMax);
        xMin = xTicks[0]; xMax = xTicks[^1]; yMin = yTicks[0]; yMax = yTicks[^1];
        double X(double v) => left + (v - xMin) / (xMax - xMin) * (right - left);
        double Y(double v) => bottom - (v - yMin) / (yMax - yMin) * (bottom - top);

        foreach (double t in xTicks)
        {
            s.Line(X(t), top, X(t), bottom, grid, 1);
            s.Text(X(t), bottom + 16, NiceTicks.Label(t), axis, TextAnchor.Middle);
        }
        foreach (double t in yTicks)
        {
            s.Line(left, Y(t), right, Y(t), grid, 1);
            s.Text(left - 9, Y(t), NiceTicks.Label(t), axis, TextAnchor.End);
        }
        for (int c = 0; c < series.Count; c++)
        {
            var line = series[c];
            int n = line.X.Length;
            var bx = new double[2 * n];
            var by = new double[2 * n];
            for (int i = 0; i < n; i++)
            {
                bx[i] = bx[2 * n - 1 - i] = X(line.X[i]);
                by[i] = Y(line.Y[i].High);
                by[2 * n - 1 - i] = Y(line.Y[i].Low);
            }
            if (n > 1) s.FillPolygon(bx, by, ChartRenderer.Palette[c % ChartRenderer.Palette.Length], 0.2);
        }
        for (int c = 0; c < series.Count; c++)
        {
            var line = series[c];
            s.Polyline(line.X.Select(X).ToArray(), line.Y.Select(p => Y(p.Estimate)).ToArray(), ChartRenderer.Palette[c % ChartRenderer.Palette.Length], 2);
        }
        s.Line(left, top, right, top, axis, 1);
        s.Line(left, bottom, right, bottom, axis, 1);
        s.Line(left, top, left, bottom, axis, 1);
        s.Line(right, top, right, bottom, axis, 1);
        s.Text((left + right) / 2, top / 2, title, black, TextAnchor.Middle);
        s.Text((left + right) / 2, s.Height - 18, xLabel, black, TextAnchor.Middle);
        s.Text(18, (top + bottom) / 2, yLabel, black, TextAnchor.Middle, vertical: true);
        for (int c = 0; c < series.Count; c++)
        {
            double ly = top + 16 + 20 * c;
            s.Line(left + 12, ly, left + 36, ly, ChartRenderer.Palette[c % ChartRenderer.Palette.Length], 3);
            s.Text(left + 44, ly, series[c].Label, black, TextAnchor.Start);
        }
    }
}
