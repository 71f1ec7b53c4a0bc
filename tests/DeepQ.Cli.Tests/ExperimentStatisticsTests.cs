using System.Text.Json;
using DeepQ.Agents;
using DeepQ.Cli.Experiments.Statistics;

namespace DeepQ.Cli.Tests;

/// <summary>
/// The experiment statistics against values worked out by hand and against the numpy reference
/// in tools/statistics_fixtures/generate.py (Fixtures/statistics.json), which draws the same
/// bootstrap resamples from a re-implementation of <see cref="RandomStream"/>.
/// </summary>
public class ExperimentStatisticsTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "statistics.json"))).RootElement;

    private static double[] Doubles(JsonElement a) => a.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Iqm_drops_a_quarter_from_each_end_by_hand()
    {
        // Sorted: 9.5 12 | 350.25 455 470 480.5 499 500 | 500 1000 -> mean of the middle six.
        double[] ten = [500, 480.5, 12, 499, 350.25, 500, 470, 9.5, 455, 1000];
        Assert.Equal((350.25 + 455 + 470 + 480.5 + 499 + 500) / 6, ScoreStatistics.Iqm(ten), 12);
        // 8 scores drop 2 each side; 3 scores drop none (floor(3/4) = 0), so IQM = mean.
        Assert.Equal(4.5, ScoreStatistics.Iqm([8, 1, 7, 2, 6, 3, 5, 4]), 12);
        Assert.Equal(7.0 / 3, ScoreStatistics.Iqm([1, 2, 4]), 12);
        // An outlier moves the mean, not the IQM.
        Assert.Equal(ScoreStatistics.Iqm([1, 2, 3, 4, 5, 6, 7, 8]), ScoreStatistics.Iqm([1, 2, 3, 4, 5, 6, 7, 8000]), 12);
        Assert.True(double.IsNaN(ScoreStatistics.Iqm([])));
    }

    [Fact]
    public void Percentile_interpolates_linearly_between_order_statistics()
    {
        double[] v = [4, 1, 3, 2];
        Assert.Equal(1, ScoreStatistics.Percentile(v, 0));
        Assert.Equal(4, ScoreStatistics.Percentile(v, 100));
        Assert.Equal(2.5, ScoreStatistics.Median(v));
        Assert.Equal(1.75, ScoreStatistics.Percentile(v, 25), 12);  // position 0.75 between 1 and 2
        Assert.Equal(3.925, ScoreStatistics.Percentile(v, 97.5), 12); // position 2.925 between 3 and 4
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreStatistics.Percentile(v, 101));
    }

    [Fact]
    public void Random_stream_draws_match_the_reference_generator()
    {
        var rng = new RandomStream(42, 0xB007);
        var draws = new List<double>();
        foreach (int n in new[] { 1, 2, 3, 7, 10, 1000, int.MaxValue })
            for (int i = 0; i < 3; i++) draws.Add(rng.NextInt(n));
        Assert.Equal(Doubles(Fixture.GetProperty("random_stream_42_draws")), draws);
    }

    public static TheoryData<string> Cases() => new(Fixture.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Point_statistics_and_bootstrap_intervals_match_numpy(string name)
    {
        var c = Fixture.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var tasks = c.GetProperty("tasks").EnumerateArray().Select(Doubles).ToArray();
        var boot = new StratifiedBootstrap(c.GetProperty("reps").GetInt32(), 0.95, c.GetProperty("seed").GetInt64());

        Assert.Equal(c.GetProperty("pooled_iqm").GetDouble(), StratifiedBootstrap.PooledIqm(tasks), 9);
        Assert.Equal(c.GetProperty("mean_of_task_means").GetDouble(), StratifiedBootstrap.MeanOfTaskMeans(tasks), 9);
        var pooled = tasks.SelectMany(t => t).ToArray();
        foreach (var p in c.GetProperty("percentiles").EnumerateObject())
            Assert.Equal(p.Value.GetDouble(), ScoreStatistics.Percentile(pooled, double.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)), 9);

        AssertInterval(c.GetProperty("iqm_ci"), boot.Iqm(tasks));
        AssertInterval(c.GetProperty("mean_ci"), boot.Mean(tasks));

        var profile = PerformanceProfile.Compute(tasks, Doubles(c.GetProperty("profile_thresholds")), boot);
        var expected = c.GetProperty("profile").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, profile.Fraction.Length);
        for (int k = 0; k < expected.Length; k++) AssertInterval(expected[k], profile.Fraction[k]);
    }

    [Fact]
    public void Curve_bands_on_the_common_grid_match_numpy()
    {
        var c = Fixture.GetProperty("curve");
        var runs = c.GetProperty("runs").EnumerateArray()
            .Select(r => (Doubles(r.GetProperty("steps")), Doubles(r.GetProperty("values")))).ToList();
        var bands = CurveBands.Compute(runs, new StratifiedBootstrap(c.GetProperty("reps").GetInt32(), 0.95, c.GetProperty("seed").GetInt64()));
        Assert.Equal(Doubles(c.GetProperty("grid")), bands.Steps);
        Assert.Equal(4, bands.Seeds);
        var expected = c.GetProperty("bands").EnumerateArray().ToArray();
        for (int k = 0; k < expected.Length; k++) AssertInterval(expected[k], bands.Mean[k]);
    }

    [Fact]
    public void Stratified_bootstrap_keeps_each_task_apart()
    {
        // Task A is all 0, task B all 10: resampling within tasks keeps the mean of task means at 5
        // in every replicate; pooled resampling would not.
        var tasks = new[] { new double[] { 0, 0, 0 }, new double[] { 10, 10, 10, 10, 10 } };
        var ci = new StratifiedBootstrap(500, 0.95, 1).Mean(tasks);
        Assert.Equal(new ConfidenceInterval(5, 5, 5), ci);
    }

    [Fact]
    public void Bootstrap_interval_contains_the_estimate_narrows_with_more_runs_and_repeats_with_its_seed()
    {
        var gen = new RandomStream(5);
        double[] Sample(int n) => Enumerable.Range(0, n).Select(_ => gen.NextDouble() * 100).ToArray();
        double[] small = Sample(5), large = Sample(80);
        var boot = new StratifiedBootstrap(4000, 0.95, 9);
        var a = boot.Iqm([small]);
        var b = boot.Iqm([large]);
        Assert.InRange(a.Estimate, a.Low, a.High);
        Assert.InRange(b.Estimate, b.Low, b.High);
        Assert.True(b.High - b.Low < a.High - a.Low, $"80 runs [{b.Low}, {b.High}] should be narrower than 5 runs [{a.Low}, {a.High}]");
        Assert.Equal(a, boot.Iqm([small]));
        // 80 runs give near-continuous replicates, so another seed moves the bounds a little.
        Assert.NotEqual(b, new StratifiedBootstrap(4000, 0.95, 10).Iqm([large]));
    }

    [Fact]
    public void Performance_profile_counts_runs_strictly_above_each_threshold_by_hand()
    {
        var out3 = new double[3];
        // Task 1: 2 of 4 above 5 ; task 2: 1 of 2 above 5 -> (0.5 + 0.5) / 2. At 0: (4/4 + 2/2)/2 = 1. At 10: 0 (strictly above).
        PerformanceProfile.Fractions([[1, 4, 6, 10], [5, 8]], [0, 5, 10], out3);
        Assert.Equal([1.0, 0.5, 0.0], out3);
    }

    [Fact]
    public void Curve_value_holds_an_early_stopped_run_at_its_last_point_and_interpolates_inside()
    {
        double[] steps = [1000, 2000, 3000], values = [10, 30, 50];
        Assert.Equal(10, CurveBands.ValueAt(steps, values, 0));
        Assert.Equal(20, CurveBands.ValueAt(steps, values, 1500));
        Assert.Equal(50, CurveBands.ValueAt(steps, values, 9000));
        Assert.Equal(30, CurveBands.ValueAt([1000, 2000, 2000, 3000], [10, 25, 30, 50], 2000));
    }

    [Fact]
    public void Non_finite_or_empty_scores_are_rejected()
    {
        var boot = new StratifiedBootstrap(10);
        Assert.Throws<ArgumentException>(() => boot.Iqm([[1, double.NaN]]));
        Assert.Throws<ArgumentException>(() => boot.Iqm([[]]));
        Assert.Throws<ArgumentException>(() => boot.Iqm([]));
    }

    private static void AssertInterval(JsonElement expected, ConfidenceInterval actual)
    {
        var e = Doubles(expected);
        Assert.Equal(e[0], actual.Estimate, 9);
        Assert.Equal(e[1], actual.Low, 9);
        Assert.Equal(e[2], actual.High, 9);
    }
}
