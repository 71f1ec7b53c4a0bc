using DeepQ.Agents;

namespace DeepQ.Cli.Experiments.Statistics;

/// <summary>A point estimate with the bounds of its confidence interval.</summary>
internal readonly record struct ConfidenceInterval(double Estimate, double Low, double High);

/// <summary>
/// Stratified bootstrap confidence intervals (Agarwal et al. 2021, "Deep RL at the Edge of the
/// Statistical Precipice"): each replicate resamples, with replacement, the runs (seeds) of every
/// task separately — a task keeps its run count, so no task is over- or under-represented — and
/// evaluates the statistic on the resampled scores. The interval is the percentile interval of
/// the replicates (rliable's default method; 95 % and 50,000 replicates by default, as there).
/// The order of draws is fixed (replicate, then task, then run; each index uniform in [0, runs)
/// from <see cref="RandomStream"/>), so the same seed gives the same interval, and the reference
/// generator in tools/statistics_fixtures reproduces it exactly.
/// </summary>
internal sealed class StratifiedBootstrap
{
    public const int DefaultRepetitions = 50_000;

    public StratifiedBootstrap(int repetitions = DefaultRepetitions, double confidence = 0.95, long seed = 0)
    {
        if (repetitions < 1) throw new ArgumentOutOfRangeException(nameof(repetitions), repetitions, "need at least one replicate");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence lies strictly between 0 and 1");
        Repetitions = repetitions;
        Confidence = confidence;
        Seed = seed;
    }

    public int Repetitions { get; }
    public double Confidence { get; }
    public long Seed { get; }

    /// <summary>Interval of one statistic of the scores: <paramref name="runsPerTask"/>[task][run].</summary>
    public ConfidenceInterval Estimate(IReadOnlyList<double[]> runsPerTask, Func<IReadOnlyList<double[]>, double> statistic) =>
        Estimate(runsPerTask, 1, (scores, output) => output[0] = statistic(scores))[0];

    /// <summary>
    /// Intervals of <paramref name="outputs"/> statistics computed together from each replicate
    /// (a curve's points, a profile's thresholds), so they share one resample per replicate.
    /// The statistic writes its values into the span; the scores it sees must not be kept.
    /// </summary>
    public ConfidenceInterval[] Estimate(IReadOnlyList<double[]> runsPerTask, int outputs, StatisticVector statistic)
    {
        Validate(runsPerTask);
        var point = new double[outputs];
        statistic(runsPerTask, point);

        var replicates = new double[outputs][];
        for (int k = 0; k < outputs; k++) replicates[k] = new double[Repetitions];
        var resampled = runsPerTask.Select(r => new double[r.Length]).ToArray();
        var values = new double[outputs];
        var rng = new RandomStream(Seed, stream: 0xB007);
        for (int rep = 0; rep < Repetitions; rep++)
        {
            for (int task = 0; task < runsPerTask.Count; task++)
            {
                double[] source = runsPerTask[task], target = resampled[task];
                for (int i = 0; i < target.Length; i++) target[i] = source[rng.NextInt(source.Length)];
            }
            statistic(resampled, values);
            for (int k = 0; k < outputs; k++) replicates[k][rep] = values[k];
        }

        double tail = (1 - Confidence) / 2 * 100;
        var result = new ConfidenceInterval[outputs];
        for (int k = 0; k < outputs; k++)
        {
            Array.Sort(replicates[k]);
            result[k] = new ConfidenceInterval(point[k],
                ScoreStatistics.PercentileOfSorted(replicates[k], tail),
                ScoreStatistics.PercentileOfSorted(replicates[k], 100 - tail));
        }
        return result;
    }

    /// <summary>IQM over all runs of all tasks pooled (rliable's aggregate IQM), with its interval.</summary>
    public ConfidenceInterval Iqm(IReadOnlyList<double[]> runsPerTask) => Estimate(runsPerTask, PooledIqm);

    /// <summary>Mean over tasks of each task's mean score, with its interval.</summary>
    public ConfidenceInterval Mean(IReadOnlyList<double[]> runsPerTask) => Estimate(runsPerTask, MeanOfTaskMeans);

    public static double PooledIqm(IReadOnlyList<double[]> runsPerTask)
    {
        var all = new double[runsPerTask.Sum(r => r.Length)];
        int at = 0;
        foreach (var r in runsPerTask) { r.CopyTo(all, at); at += r.Length; }
        return ScoreStatistics.Iqm(all);
    }

    public static double MeanOfTaskMeans(IReadOnlyList<double[]> runsPerTask)
    {
        double sum = 0;
        foreach (var r in runsPerTask) sum += ScoreStatistics.Mean(r);
        return sum / runsPerTask.Count;
    }

    private static void Validate(IReadOnlyList<double[]> runsPerTask)
    {
        if (runsPerTask.Count == 0) throw new ArgumentException("need at least one task", nameof(runsPerTask));
        foreach (var r in runsPerTask)
        {
            if (r.Length == 0) throw new ArgumentException("every task needs at least one run", nameof(runsPerTask));
            foreach (double v in r)
                if (!double.IsFinite(v)) throw new ArgumentException($"scores must be finite numbers, got {v}", nameof(runsPerTask));
        }
    }
}

/// <summary>Computes several statistics of (resampled) scores [task][run] into <c>output</c>.</summary>
internal delegate void StatisticVector(IReadOnlyList<double[]> runsPerTask, Span<double> output);
