using System.Globalization;
using DeepQ.Cli.Plotting;

namespace DeepQ.Cli.Tests;

public class PlottingTests
{
    [Fact]
    public void Ema_is_tensorboards_debiased_average()
    {
        Assert.Equal([3.0, -1.0, 7.0], Smoothing.Ema([3.0, -1.0, 7.0], 0));
        var s = Smoothing.Ema([1.0, 0.0, 0.0], 0.5);
        Assert.Equal(1.0, s[0], 12);
        Assert.Equal(0.25 / 0.75, s[1], 12);
        Assert.Equal(0.125 / 0.875, s[2], 12);
        // A constant stays constant: debiasing removes the pull toward zero.
        Assert.All(Smoothing.Ema([5.0, 5.0, 5.0, 5.0], 0.9), v => Assert.Equal(5.0, v, 12));
    }

    [Fact]
    public void Seeds_average_on_a_common_grid_with_a_bootstrap_band_and_a_count_where_runs_end_apart()
    {
        double[] stepsA = [0, 100, 200], valuesA = [0, 10, 20];
        double[] stepsB = [0, 100, 200, 300], valuesB = [10, 20, 30, 40];
        var agg = SeedAggregate.Combine("cfg", [new RunCurve(stepsA, valuesA), new RunCurve(stepsB, valuesB)]);
        Assert.Equal(2, agg.Seeds);
        Assert.Equal(0, agg.Steps[0]);
        Assert.Equal(300, agg.Steps[^1]);
        Assert.Contains(200.0, agg.Steps);   // where A ends is on the grid
        // At step 0 both seeds: mean 5; the bootstrap means of {0, 10} are 0, 5 or 10, so the band is inside [0, 10] and not a point.
        Assert.Equal(5, agg.Mean[0], 12);
        Assert.Equal(2, agg.Count[0]);
        Assert.InRange(agg.Lower[0], 0, 5);
        Assert.InRange(agg.Upper[0], 5, 10);
        Assert.True(agg.Upper[0] > agg.Lower[0]);
        // Past step 200 only B is left: the mean is B's value, the band has no width, and the count says 1.
        int last = agg.Steps.Length - 1;
        Assert.Equal(40, agg.Mean[last], 12);
        Assert.Equal(1, agg.Count[last]);
        Assert.Equal(agg.Mean[last], agg.Lower[last]);
        Assert.Equal(agg.Mean[last], agg.Upper[last]);
        Assert.Equal(0, agg.SolvedEarly);
        // The same data give the same band.
        var again = SeedAggregate.Combine("cfg", [new RunCurve(stepsA, valuesA), new RunCurve(stepsB, valuesB)]);
        Assert.Equal(agg.Lower, again.Lower);
    }

    [Fact]
    public void A_seed_solved_early_keeps_its_final_score_to_the_end_of_the_grid()
    {
        var agg = SeedAggregate.Combine("cfg", [new RunCurve([0.0, 100], [100, 500], Solved: true), new RunCurve([0.0, 100, 200, 300], [100, 200, 300, 400])]);
        Assert.Equal(1, agg.SolvedEarly);
        Assert.All(agg.Count, k => Assert.Equal(2, k));
        Assert.Equal((500 + 400) / 2.0, agg.Mean[^1], 12);
        // Cut at the shortest run (the old behaviour) the last point would have been (500 + 200) / 2.
        Assert.Contains("solved early", string.Join("\n", ChartRenderer.LegendLines(agg)));
    }

    [Fact]
    public void Bootstrap_percentiles_of_identical_values_have_no_width_and_wider_spread_a_wider_band()
    {
        var draws = SeedAggregate.Draw(5, new Random(1));
        var scratch = new double[SeedAggregate.Resamples];
        Assert.Equal((7.0, 7.0), SeedAggregate.Bootstrap([7, 7, 7, 7, 7], draws, scratch));
        var narrow = SeedAggregate.Bootstrap([9, 10, 10, 10, 11], draws, scratch);
        var wide = SeedAggregate.Bootstrap([0, 10, 10, 10, 20], draws, scratch);
        Assert.True(wide.Upper - wide.Lower > 5 * (narrow.Upper - narrow.Lower) - 1e-9);
        Assert.Equal(2.5, SeedAggregate.Percentile([0, 10], 0.25), 12);
    }

    [Fact]
    public void Runs_that_do_not_overlap_leave_a_gap_instead_of_a_made_up_mean()
    {
        var agg = SeedAggregate.Combine("x", [new RunCurve([0.0, 1.0], [0.0, 0.0]), new RunCurve([5.0, 6.0], [1.0, 1.0])]);
        int gap = Array.FindIndex(agg.Steps, s => s > 1 && s < 5);
        Assert.Equal(0, agg.Count[gap]);
        Assert.True(double.IsNaN(agg.Mean[gap]));
        LearningCurvePlot.ToSvg(new ChartData("t", "x", "y", [agg]));   // draws around the gap
    }

    [Theory]
    [InlineData("CartPole-v1__dqn__1__1700000000", "CartPole-v1__dqn")]
    [InlineData("CartPole-v1__dqn__42__1700000099", "CartPole-v1__dqn")]
    [InlineData("my-run", "my-run")]
    [InlineData("pong-fast__3", "pong-fast")]
    [InlineData("a__b__c", "a__b__c")]
    public void Group_name_drops_seed_and_timestamp(string run, string group) =>
        Assert.Equal(group, SeedAggregate.GroupName(run));

    [Fact]
    public void Nice_ticks_cover_the_range_with_round_steps_and_compact_labels()
    {
        Assert.Equal([-25.0, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25], NiceTicks.For(-21, 21, 10));
        Assert.Equal([-30.0, -20, -10, 0, 10, 20, 30], NiceTicks.For(-21, 21));
        Assert.Equal([0.0, 200_000, 400_000, 600_000, 800_000, 1_000_000], NiceTicks.For(0, 1_000_000));
        Assert.Equal("1M", NiceTicks.Label(1_000_000));
        Assert.Equal("250K", NiceTicks.Label(250_000));
        Assert.Equal("-21", NiceTicks.Label(-21));
        Assert.Equal("0.5", NiceTicks.Label(0.5));
        // One format per axis: never "5000" beside "10K".
        Assert.Equal(["0", "2.5K", "5K", "7.5K", "10K"], NiceTicks.Labels([0, 2500, 5000, 7500, 10000]));
        Assert.Equal(["0", "2000", "4000", "6000"], NiceTicks.Labels([0, 2000, 4000, 6000]));
        Assert.Equal(["0", "0.5M", "1M", "1.5M"], NiceTicks.Labels([0, 500_000, 1_000_000, 1_500_000]));
        var flat = NiceTicks.For(4, 4);
        Assert.True(flat.Length >= 2 && flat[0] < 4 && flat[^1] > 4);
    }

    [Fact]
    public void Svg_and_png_show_the_same_band_and_line()
    {
        var chart = new ChartData("title", "agent steps", "return",
            [new SeedAggregate("cfg", 2, [0.0, 100.0], [0.0, 10.0], [-2.0, 8.0], [2.0, 12.0], [2, 2], 0, [])]);
        string svg = LearningCurvePlot.ToSvg(chart, 400, 300);
        Assert.Contains("<polygon fill=\"#1f77b4\" fill-opacity=\"0.25\"", svg);
        Assert.Contains("<polyline fill=\"none\" stroke=\"#1f77b4\"", svg);
        Assert.Contains(">cfg: mean of 2 seeds, 95% bootstrap band</text>", svg);
        var doc = System.Xml.Linq.XDocument.Parse(svg); // well-formed XML
        Assert.Equal("svg", doc.Root!.Name.LocalName);

        var raster = LearningCurvePlot.ToRaster(chart, 400, 300);
        int blueish = 0, band = 0;
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++)
            {
                var p = raster.GetPixel(x, y);
                if (p == new Rgb(0x1f, 0x77, 0xb4)) blueish++;
                // White blended with 25 % blue: (255 + (31 - 255) * 0.25) = 199 red.
                if (p == new Rgb(199, 221, 236)) band++;
            }
        Assert.True(blueish > 200, $"line pixels: {blueish}");
        Assert.True(band > 1000, $"band pixels: {band}");
    }

    [Fact]
    public void Bitmap_font_has_every_character_the_default_labels_use()
    {
        foreach (char c in "Evaluation return (periodic evaluation games), EMA smoothing 0.9 Agent steps 1.5M 250K -21 n=3: mean of 3 seeds, 95% bootstrap band; QWERTYUIOPASDFGHJKLZXCVBNM qwertyuiopasdfghjklzxcvbnm")
            Assert.True(BitmapFont.Has(c), $"no glyph for '{c}'");
        Assert.False(BitmapFont.Has('~'));
        // Lower case is its own glyph (sentence case), and p descends below the baseline.
        bool Same(char a, char b) => Enumerable.Range(0, 9 * 5).All(i => BitmapFont.IsInked(a, i % 5, i / 5) == BitmapFont.IsInked(b, i % 5, i / 5));
        Assert.False(Same('a', 'A'));
        Assert.Contains(Enumerable.Range(0, 5), col => BitmapFont.IsInked('p', col, BitmapFont.GlyphHeight));
        Assert.DoesNotContain(Enumerable.Range(0, 5), col => BitmapFont.IsInked('P', col, BitmapFont.GlyphHeight));
    }

    internal static void WriteRun(string dir, int seed, Func<int, double> curve, int points = 50)
    {
        Directory.CreateDirectory(dir);
        using var w = new StreamWriter(Path.Combine(dir, "metrics.csv"));
        w.WriteLine("step,tag,value,wall_time");
        for (int i = 0; i < points; i++)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i * 1000 + seed * 13},charts/episodic_return,{curve(i) + seed},0"));
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i * 1000 + seed * 13},losses/td_loss,0.5,0"));
        }
    }
}

public class TrainingClockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepq-clock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(params string[] rows)
    {
        string run = Path.Combine(_dir, $"run{Directory.GetDirectories(_dir).Length}");
        Directory.CreateDirectory(run);
        File.WriteAllLines(Path.Combine(run, "metrics.csv"), ["step,tag,value,wall_time", .. rows]);
        return run;
    }

    [Fact]
    public void Clock_rows_are_interpolated_and_wall_time_between_sessions_is_ignored()
    {
        // Two sessions: the second starts a day later by wall time, but the clock goes on from 120 s.
        string run = Write(
            "100,charts/training_seconds,60,1000",
            "150,charts/episodic_return,-20,1030",
            "200,charts/training_seconds,120,1060",
            "300,charts/training_seconds,200,90000");
        var clock = TrainingClock.Read(run);
        Assert.Equal(60, clock.SecondsAt(100), 9);
        Assert.Equal(90, clock.SecondsAt(150), 9);
        Assert.Equal(160, clock.SecondsAt(250), 9);
        Assert.Equal(200, clock.SecondsAt(400), 9);   // past the last report: its clock
        Assert.Equal(1, clock.MinutesAt(100), 9);
    }

    [Fact]
    public void Runs_logged_before_the_clock_existed_add_up_their_report_intervals_from_steps_per_second()
    {
        // Reports every 1000 steps: 1000/100 + 1000/50 = 30 s at step 2000; then the clock takes over.
        string run = Write(
            "1000,charts/SPS,100,5",
            "1500,charts/episodic_return,-21,7",
            "2000,charts/SPS,50,86400",
            "3000,charts/training_seconds,45,86415",
            "3000,charts/SPS,66.7,86415");
        var clock = TrainingClock.Read(run);
        Assert.Equal(0, clock.SecondsAt(0), 9);
        Assert.Equal(10, clock.SecondsAt(1000), 9);
        Assert.Equal(30, clock.SecondsAt(2000), 9);
        Assert.Equal(45, clock.SecondsAt(3000), 9);
        Assert.Equal(20, clock.SecondsAt(1500), 9);
    }

    [Fact]
    public void A_run_with_nothing_to_time_is_a_clear_error()
    {
        string run = Write("100,charts/episodic_return,-21,5");
        var e = Assert.Throws<CliUserException>(() => TrainingClock.Read(run));
        Assert.Contains("log-interval", e.Message);
    }

    [Fact]
    public void First_reach_needs_a_full_window_of_episodes_at_the_threshold()
    {
        var rows = new List<string>();
        for (int i = 1; i <= 150; i++)
            rows.Add($"{i * 10},charts/episodic_return,{(i <= 50 ? -21 : 21)},{i}");
        rows.Add("1500,charts/training_seconds,600,1500");
        string run = Write([.. rows]);
        // The last 100 episodes average >= 18 once at most 7 of them are -21 (21 * 86 / 100 = 18.06): episode 143 (step 1430).
        var reach = LearningCurvePlot.FirstReach(run, 18);
        Assert.NotNull(reach);
        Assert.Equal(1430, reach.Value.Step);
        Assert.Equal(600 * 1430 / 1500.0 / 60, reach.Value.Minute, 9);
        Assert.Null(LearningCurvePlot.FirstReach(run, 21.5));
        // A window is only counted when full: 99 episodes of 21 would not count.
        Assert.Null(LearningCurvePlot.FirstReach(Write([.. Enumerable.Range(1, 99).Select(i => $"{i},charts/episodic_return,21,{i}")]), 18));
    }

    [Fact]
    public void Plot_against_minutes_puts_each_point_at_its_training_minute()
    {
        string run = Write(
            "0,eval/episodic_return,-21,0",
            "1000,charts/training_seconds,60,10",
            "1000,eval/episodic_return,0,10",
            "2000,charts/training_seconds,180,99999",
            "2000,eval/episodic_return,20,99999");
        var chart = LearningCurvePlot.Build([run], "eval/episodic_return", 0, null, x: LearningCurvePlot.XAxis.Minutes);
        Assert.Equal([0.0, 1.0, 3.0], chart.Curves[0].Steps);
        Assert.Contains("minutes", chart.XLabel);
    }
}
