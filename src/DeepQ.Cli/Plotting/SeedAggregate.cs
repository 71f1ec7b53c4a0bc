namespace DeepQ.Cli.Plotting;

/// <summary>
/// A curve drawn from several seeds of one configuration: on a common grid of steps, the mean
/// of the seeds' (smoothed, linearly interpolated) values and the standard error of that mean
/// (sample standard deviation / sqrt(seeds)). One seed gives its own points and no band.
/// </summary>
internal sealed record SeedAggregate(string Label, int Seeds, double[] Steps, double[] Mean, double[] StdErr)
{
    /// <summary>Grid points when several seeds are averaged.</summary>
    public const int GridPoints = 200;

    public static SeedAggregate Combine(string label, IReadOnlyList<(double[] Steps, double[] Values)> seeds)
    {
        if (seeds.Count == 0) throw new ArgumentException("need at least one seed", nameof(seeds));
        if (seeds.Count == 1)
        {
            var (s, v) = seeds[0];
            return new SeedAggregate(label, 1, s, v, new double[s.Length]);
        }

        // Only the step range every seed covers, so the mean never mixes in extrapolated values.
        double from = seeds.Max(r => r.Steps[0]);
        double to = seeds.Min(r => r.Steps[^1]);
        if (to < from)
            throw new CliUserException($"the runs of '{label}' cover no common range of steps, so they cannot be averaged; plot them separately.");
        int n = to > from ? GridPoints : 1;
        var grid = new double[n];
        for (int i = 0; i < n; i++) grid[i] = n == 1 ? from : from + (to - from) * i / (n - 1);

        var mean = new double[n];
        var stderr = new double[n];
        var at = new double[seeds.Count];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < seeds.Count; k++) at[k] = Interpolate(seeds[k].Steps, seeds[k].Values, grid[i]);
            double m = at.Average();
            double ss = 0;
            foreach (double x in at) ss += (x - m) * (x - m);
            mean[i] = m;
            stderr[i] = Math.Sqrt(ss / (seeds.Count - 1)) / Math.Sqrt(seeds.Count);
        }
        return new SeedAggregate(label, seeds.Count, grid, mean, stderr);
    }

    /// <summary>Linear interpolation of (xs, ys) at x; xs ascending; clamps outside the range.</summary>
    public static double Interpolate(double[] xs, double[] ys, double x)
    {
        if (x <= xs[0]) return ys[0];
        if (x >= xs[^1]) return ys[^1];
        int hi = Array.BinarySearch(xs, x);
        if (hi >= 0)
        {
            // Equal steps (a resumed run) may repeat: take the last value logged at this step.
            while (hi + 1 < xs.Length && xs[hi + 1] == x) hi++;
            return ys[hi];
        }
        hi = ~hi;
        int lo = hi - 1;
        double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
        return ys[lo] + t * (ys[hi] - ys[lo]);
    }

    /// <summary>
    /// The configuration a run folder belongs to: its name without the trailing
    /// <c>__SEED__TIMESTAMP</c> that <c>deepq train</c> (like CleanRL) appends, so seeds group together.
    /// </summary>
    public static string GroupName(string runName) => Split(runName).Group;

    /// <summary>The seed part of <c>NAME__SEED__TIMESTAMP</c>, or null for a run named otherwise.</summary>
    public static string? SeedOf(string runName) => Split(runName).Seed;

    private static (string Group, string? Seed) Split(string runName)
    {
        var parts = runName.Split("__");
        if (parts.Length >= 3 && long.TryParse(parts[^1], out _) && long.TryParse(parts[^2], out _))
            return (string.Join("__", parts[..^2]), parts[^2]);
        return (runName, null);
    }
}
