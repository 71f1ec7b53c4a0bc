using System.Globalization;

namespace DeepQ.Cli.Plotting;

/// <summary>
/// Axis ticks at "nice" values (1, 2 or 5 times a power of ten) covering a data range, and
/// short labels for them (steps read better as 250K or 1.5M than as 250000).
/// </summary>
internal static class NiceTicks
{
    /// <summary>Ticks from a nice value at or below <paramref name="min"/> to one at or above <paramref name="max"/>, about <paramref name="target"/> of them.</summary>
    public static double[] For(double min, double max, int target = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException("tick range must be finite");
        if (max < min) (min, max) = (max, min);
        if (max == min)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = NiceStep((max - min) / Math.Max(1, target - 1));
        double first = Math.Floor(min / step) * step;
        double last = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((last - first) / step) + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++)
        {
            double t = first + i * step;
            ticks[i] = Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
        return ticks;
    }

    public static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    /// <summary>A compact label: 1.5M, 250K, 20, 0.5, -21.</summary>
    public static string Label(double value)
    {
        double a = Math.Abs(value);
        if (a >= 1e6) return Trim(value / 1e6) + "M";
        if (a >= 1e4) return Trim(value / 1e3) + "K";
        return Trim(value);
    }

    /// <summary>
    /// Labels for one axis in one format, chosen by its largest tick: all in M, all in K, or all plain
    /// (so an axis never mixes "5000" with "10K"); 0 is always "0".
    /// </summary>
    public static string[] Labels(IReadOnlyList<double> ticks)
    {
        double largest = ticks.Count == 0 ? 0 : ticks.Max(Math.Abs);
        (double unit, string suffix) = largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "K") : (1, "");
        return ticks.Select(t => t == 0 ? "0" : Trim(t / unit) + suffix).ToArray();
    }

    private static string Trim(double v) =>
        Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
