namespace DeepQ.Cli.Experiments.Statistics;

/// <summary>
/// Learning curves of several seeds of one configuration, put on a common grid of agent steps and
/// summarised at each step by the mean over seeds and a bootstrap confidence interval of that mean
/// (seeds resampled with replacement; one resample per replicate serves every step, so the band
/// is a consistent picture of the seed-to-seed spread). Each seed's curve is linearly interpolated
/// between its logged points; a run that stopped early (solved) keeps its last value to the end.
/// </summary>
internal sealed record CurveBands(double[] Steps, ConfidenceInterval[] Mean, int Seeds)
{
    /// <summary>Most grid points; beyond this the union of logged steps is replaced by an even grid.</summary>
    public const int MaxGridPoints = 200;

    /// <summary>
    /// The grid: the union of every run's logged steps from the latest first step to the latest
    /// last step (all runs evaluated on the same schedule give exactly their own steps), or an even
    /// grid of <see cref="MaxGridPoints"/> over that range when the union is larger.
    /// </summary>
    public static double[] Grid(IReadOnlyList<(double[] Steps, double[] Values)> runs)
    {
        if (runs.Count == 0 || runs.Any(r => r.Steps.Length == 0)) throw new ArgumentException("every run needs at least one point", nameof(runs));
        double from = runs.Max(r => r.Steps[0]);
        double to = runs.Max(r => r.Steps[^1]);
        var union = new SortedSet<double>();
        foreach (var r in runs)
            foreach (double s in r.Steps)
                if (s >= from && s <= to) union.Add(s);
        if (union.Count <= MaxGridPoints) return union.ToArray();
        var grid = new double[MaxGridPoints];
        for (int i = 0; i < MaxGridPoints; i++) grid[i] = from + (to - from) * i / (MaxGridPoints - 1);
        return grid;
    }

    /// <summary>Value of the curve (steps ascending) at <paramref name="step"/>: linear between points, held flat outside.</summary>
    public static double ValueAt(double[] steps, double[] values, double step)
    {
        if (step <= steps[0]) return values[0];
        if (step >= steps[^1]) return values[^1];
        int hi = Array.BinarySearch(steps, step);
        if (hi >= 0)
        {
            while (hi + 1 < steps.Length && steps[hi + 1] == step) hi++; // a resumed run may log a step twice: take the last
            return values[hi];
        }
        hi = ~hi;
        int lo = hi - 1;
        double t = (step - steps[lo]) / (steps[hi] - steps[lo]);
        return values[lo] + t * (values[hi] - values[lo]);
    }

    public static CurveBands Compute(IReadOnlyList<(double[] Steps, double[] Values)> runs, StratifiedBootstrap bootstrap)
    {
        double[] grid = Grid(runs);
        // at[seed][gridPoint]; the bootstrap resamples whole seeds, so each "score" is a seed's index.
        var onGrid = runs.Select(r => grid.Select(g => ValueAt(r.Steps, r.Values, g)).ToArray()).ToArray();
        var seedIndex = new[] { Enumerable.Range(0, runs.Count).Select(i => (double)i).ToArray() };
        var bands = bootstrap.Estimate(seedIndex, grid.Length, (resampled, output) =>
        {
            output.Clear();
            double[] seeds = resampled[0];
            foreach (double s in seeds)
            {
                double[] curve = onGrid[(int)s];
                for (int k = 0; k < output.Length; k++) output[k] += curve[k];
            }
            for (int k = 0; k < output.Length; k++) output[k] /= seeds.Length;
        });
        return new CurveBands(grid, bands, runs.Count);
    }
}
