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
    public void Seeds_average_on_the_common_step_range_with_standard_error()
    {
        double[] stepsA = [0, 100, 200], valuesA = [0, 10, 20];
        double[] stepsB = [50, 150, 250], valuesB = [10, 20, 30];
        var agg = SeedAggregate.Combine("cfg", [(stepsA, valuesA), (stepsB, valuesB)]);
        Assert.Equal(2, agg.Seeds);
        Assert.Equal(SeedAggregate.GridPoints, agg.Steps.Length);
        Assert.Equal(50, agg.Steps[0]);
        Assert.Equal(200, agg.Steps[^1]);
        // At step 50: A = 5, B = 10 -> mean 7.5, sd = sqrt(12.5), se = sd / sqrt(2) = 2.5.
        Assert.Equal(7.5, agg.Mean[0], 12);
        Assert.Equal(2.5, agg.StdErr[0], 12);
        // At step 200: A = 20, B = 25.
        Assert.Equal(22.5, agg.Mean[^1], 12);
        Assert.Equal(2.5, agg.StdErr[^1], 12);
    }

    [Fact]
    public void One_seed_keeps_its_points_and_has_no_band()
    {
        var agg = SeedAggregate.Combine("x", [([1.0, 2.0], [3.0, 4.0])]);
        Assert.Equal([1.0, 2.0], agg.Steps);
        Assert.Equal([3.0, 4.0], agg.Mean);
        Assert.All(agg.StdErr, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Runs_that_do_not_overlap_cannot_be_averaged()
    {
        var e = Assert.Throws<CliUserException>(() => SeedAggregate.Combine("x", [([0.0, 1.0], [0.0, 0.0]), ([5.0, 6.0], [0.0, 0.0])]));
        Assert.Contains("no common range", e.Message);
    }

    [Theory]
    [InlineData("CartPole-v1__dqn__1__1700000000", "CartPole-v1__dqn")]
    [InlineData("CartPole-v1__dqn__42__1700000099", "CartPole-v1__dqn")]
    [InlineData("my-run", "my-run")]
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
        var flat = NiceTicks.For(4, 4);
        Assert.True(flat.Length >= 2 && flat[0] < 4 && flat[^1] > 4);
    }

    [Fact]
    public void Svg_and_png_show_the_same_band_and_line()
    {
        var chart = new ChartData("title", "agent steps", "return",
            [new SeedAggregate("cfg", 2, [0.0, 100.0], [0.0, 10.0], [2.0, 2.0])]);
        string svg = LearningCurvePlot.ToSvg(chart, 400, 300);
        Assert.Contains("<polygon fill=\"#1f77b4\" fill-opacity=\"0.25\"", svg);
        Assert.Contains("<polyline fill=\"none\" stroke=\"#1f77b4\"", svg);
        Assert.Contains(">cfg (2 seeds, mean ± s.e.)</text>", svg);
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
        foreach (char c in "charts/episodic_return, EMA smoothing 0.9 agent steps 1.5M 250K -21 (3 seeds, mean ± s.e.)")
            Assert.True(BitmapFont.Has(c), $"no glyph for '{c}'");
        Assert.False(BitmapFont.Has('~'));
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
