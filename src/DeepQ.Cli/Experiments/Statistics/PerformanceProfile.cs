namespace DeepQ.Cli.Experiments.Statistics;

/// <summary>
/// A performance profile (Agarwal et al. 2021, after Dolan and Moré): for each threshold τ, the
/// fraction of runs whose score exceeds τ (strictly), averaged over tasks so each task weighs the
/// same — the run-score distribution. It shows the whole spread of outcomes, where a mean hides
/// whether every seed learned a little or a few learned a lot. Bands are stratified-bootstrap
/// intervals sharing one resample per replicate across all thresholds.
/// </summary>
internal sealed record PerformanceProfile(double[] Thresholds, ConfidenceInterval[] Fraction)
{
    /// <summary>Thresholds: <paramref name="points"/> evenly spaced from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double[] EvenThresholds(double from, double to, int points = 101)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "need at least two thresholds");
        var t = new double[points];
        for (int i = 0; i < points; i++) t[i] = from + (to - from) * i / (points - 1);
        return t;
    }

    /// <summary>Fraction of runs above each threshold, averaged over tasks, into <paramref name="output"/>.</summary>
    public static void Fractions(IReadOnlyList<double[]> runsPerTask, ReadOnlySpan<double> thresholds, Span<double> output)
    {
        output.Clear();
        foreach (var runs in runsPerTask)
            for (int k = 0; k < thresholds.Length; k++)
            {
                int above = 0;
                foreach (double s in runs) if (s > thresholds[k]) above++;
                output[k] += (double)above / runs.Length / runsPerTask.Count;
            }
    }

    public static PerformanceProfile Compute(IReadOnlyList<double[]> runsPerTask, double[] thresholds, StratifiedBootstrap bootstrap)
    {
        var bands = bootstrap.Estimate(runsPerTask, thresholds.Length, (scores, output) => Fractions(scores, thresholds, output));
        return new PerformanceProfile(thresholds, bands);
    }
}
