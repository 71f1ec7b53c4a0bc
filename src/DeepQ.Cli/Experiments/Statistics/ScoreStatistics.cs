namespace DeepQ.Cli.Experiments.Statistics;

/// <summary>
/// Point statistics of a set of final scores (one per run), as Agarwal et al. (2021) recommend
/// reporting them: the interquartile mean (IQM), robust to a few outlier seeds yet using half the
/// runs, beside the plain mean and median. Percentiles use linear interpolation between order
/// statistics (numpy's default, Hyndman and Fan type 7), so bootstrap intervals match a numpy reference.
/// </summary>
internal static class ScoreStatistics
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>
    /// Interquartile mean: the mean after dropping floor(n/4) values from each end of the sorted
    /// scores (scipy.stats.trim_mean with proportion 0.25, which rliable uses). With fewer than 4
    /// runs nothing is dropped and it equals the mean.
    /// </summary>
    public static double Iqm(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        Span<double> sorted = values.Length <= 256 ? stackalloc double[values.Length] : new double[values.Length];
        values.CopyTo(sorted);
        sorted.Sort();
        return IqmOfSorted(sorted);
    }

    /// <summary><see cref="Iqm"/> of values already in ascending order.</summary>
    public static double IqmOfSorted(ReadOnlySpan<double> sorted)
    {
        int cut = sorted.Length / 4;
        return Mean(sorted[cut..^cut]);
    }

    public static double Median(ReadOnlySpan<double> values) => Percentile(values, 50);

    /// <summary>The <paramref name="percent"/>-th percentile (0..100), numpy's linear interpolation.</summary>
    public static double Percentile(ReadOnlySpan<double> values, double percent)
    {
        if (values.IsEmpty) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return PercentileOfSorted(sorted, percent);
    }

    /// <summary><see cref="Percentile"/> of values already in ascending order.</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty) return double.NaN;
        if (percent < 0 || percent > 100) throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentile lies in 0..100");
        double position = percent / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double t = position - lo;
        // numpy's lerp form: exact at both ends and symmetric.
        return t >= 0.5 ? sorted[hi] - (sorted[hi] - sorted[lo]) * (1 - t) : sorted[lo] + (sorted[hi] - sorted[lo]) * t;
    }

    /// <summary>Sample standard deviation (n - 1 in the denominator); 0 for a single value.</summary>
    public static double StdDev(ReadOnlySpan<double> values)
    {
        if (values.Length < 2) return 0;
        double m = Mean(values), ss = 0;
        foreach (double v in values) ss += (v - m) * (v - m);
        return Math.Sqrt(ss / (values.Length - 1));
    }
}
