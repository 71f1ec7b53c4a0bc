namespace DeepQ.Cli.Plotting;

/// <summary>One run's (smoothed) values of the plotted scalar, and whether it stopped early because it was solved.</summary>
internal sealed record RunCurve(double[] Steps, double[] Values, bool Solved = false);

/// <summary>
/// A curve drawn from several seeds of one configuration, on a common grid of agent steps from the
/// earliest first point to the latest last point of any seed:
/// <list type="bullet">
/// <item>a seed that stopped early because it was solved keeps its final value from its last step
/// to the end of the grid (it would have stayed solved; cutting every seed to the shortest run makes
/// solved runs look like failures);</item>
/// <item>at each grid step, the mean over the seeds that cover it (linear interpolation between a
/// seed's logged points), with <see cref="Count"/> saying how many that is where runs end apart;</item>
/// <item>a 95 % percentile bootstrap interval of that mean (<see cref="Resamples"/> resamples of the
/// seeds with replacement). The resamples are drawn once per set of covering seeds, from a fixed seed,
/// and reused at every step that set covers: the band is smooth along the curve (fresh draws per step
/// would make it jitter) and the same data always give the same picture.</item>
/// </list>
/// One seed gives its own points and no band.
/// </summary>
internal sealed record SeedAggregate(string Label, int Seeds, double[] Steps, double[] Mean, double[] Lower, double[] Upper,
    int[] Count, int SolvedEarly, IReadOnlyList<RunCurve> Runs)
{
    /// <summary>Grid points when several seeds are averaged.</summary>
    public const int GridPoints = 200;

    /// <summary>Bootstrap resamples per grid point.</summary>
    public const int Resamples = 1000;

    public static SeedAggregate Combine(string label, IReadOnlyList<RunCurve> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("need at least one seed", nameof(runs));
        if (runs.Count == 1)
        {
            var r = runs[0];
            return new SeedAggregate(label, 1, r.Steps, r.Values, r.Values, r.Values, r.Steps.Select(_ => 1).ToArray(), 0, runs);
        }

        double from = runs.Min(r => r.Steps[0]);
        double to = runs.Max(r => r.Steps[^1]);
        // A solved seed's last value stands until the end of the grid.
        var extended = runs.Select(r => r.Solved && r.Steps[^1] < to ? new RunCurve([.. r.Steps, to], [.. r.Values, r.Values[^1]], true) : r).ToList();
        int n = to > from ? GridPoints : 1;
        var grid = new double[n];
        for (int i = 0; i < n; i++) grid[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
        // Grid points fall between logged steps; make sure each seed's own last step is on the grid,
        // so a point where the number of seeds changes is drawn where it happens.
        var steps = grid.Concat(extended.Select(r => r.Steps[^1])).Concat(extended.Select(r => r.Steps[0]))
            .Distinct().Order().ToArray();

        var mean = new double[steps.Length];
        var lower = new double[steps.Length];
        var upper = new double[steps.Length];
        var count = new int[steps.Length];
        var at = new List<double>(runs.Count);
        var draws = new Dictionary<int, int[][]>(); // number of covering seeds -> resampled positions
        var resampled = new double[Resamples];
        for (int i = 0; i < steps.Length; i++)
        {
            at.Clear();
            foreach (var r in extended)
                if (steps[i] >= r.Steps[0] && steps[i] <= r.Steps[^1]) at.Add(Interpolate(r.Steps, r.Values, steps[i]));
            count[i] = at.Count;
            if (at.Count == 0)
            {
                mean[i] = lower[i] = upper[i] = double.NaN; // no seed covers this stretch: a gap in the line
                continue;
            }
            mean[i] = at.Average();
            if (at.Count == 1)
            {
                lower[i] = upper[i] = mean[i];
                continue;
            }
            if (!draws.TryGetValue(at.Count, out var positions)) draws[at.Count] = positions = Draw(at.Count, new Random(at.Count));
            (lower[i], upper[i]) = Bootstrap(at, positions, resampled);
        }
        return new SeedAggregate(label, runs.Count, steps, mean, lower, upper, count, runs.Count(r => r.Solved && r.Steps[^1] < to), runs);
    }

    /// <summary><see cref="Resamples"/> draws of <paramref name="n"/> positions in [0, n), with replacement.</summary>
    internal static int[][] Draw(int n, Random random)
    {
        var draws = new int[Resamples][];
        for (int b = 0; b < Resamples; b++)
        {
            draws[b] = new int[n];
            for (int k = 0; k < n; k++) draws[b][k] = random.Next(n);
        }
        return draws;
    }

    /// <summary>The 2.5th and 97.5th percentiles of the means of <paramref name="values"/> resampled at <paramref name="positions"/>.</summary>
    internal static (double Lower, double Upper) Bootstrap(IReadOnlyList<double> values, int[][] positions, double[] means)
    {
        for (int b = 0; b < means.Length; b++)
        {
            double sum = 0;
            foreach (int k in positions[b]) sum += values[k];
            means[b] = sum / values.Count;
        }
        Array.Sort(means);
        return (Percentile(means, 0.025), Percentile(means, 0.975));
    }

    /// <summary>Linear-interpolated percentile of sorted values (numpy's default method).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Linear interpolation of (xs, ys) at x; xs ascending; clamps outside the range.</summary>
    public static double Interpolate(double[] xs, double[] ys, double x)
    {
        if (x <= xs[0]) return ys[0];
        if (x >= xs[^1]) return ys[^1];
        int hi = Array.BinarySearch(xs, x);
        if (hi >= 0)
        {
            // Equal steps may repeat: take the last value logged at this step.
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
    /// <c>__SEED__TIMESTAMP</c> that <c>deepq train</c> (like CleanRL) appends, or a trailing <c>__SEED</c>, so seeds group together.
    /// </summary>
    public static string GroupName(string runName) => Split(runName).Group;

    /// <summary>The seed part of <c>NAME__SEED__TIMESTAMP</c> or <c>NAME__SEED</c>, or null for a run named otherwise.</summary>
    public static string? SeedOf(string runName) => Split(runName).Seed;

    private static (string Group, string? Seed) Split(string runName)
    {
        var parts = runName.Split("__");
        if (parts.Length >= 3 && long.TryParse(parts[^1], out _) && long.TryParse(parts[^2], out _))
            return (string.Join("__", parts[..^2]), parts[^2]);
        // NAME__SEED (a folder named by hand, e.g. docs/results/pong/pong-fast__1).
        if (parts.Length >= 2 && parts[^2].Length > 0 && long.TryParse(parts[^1], out _))
            return (string.Join("__", parts[..^1]), parts[^1]);
        return (runName, null);
    }
}
