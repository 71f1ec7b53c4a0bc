using DeepQ.Cli.Metrics;
using DeepQ.Cli.Plotting;

namespace DeepQ.Cli.Tests;

public class CsvMetricsTests
{
    [Fact]
    public void Writes_one_invariant_culture_row_per_scalar()
    {
        var text = new StringWriter { NewLine = "\n" };
        using (var csv = new CsvMetricsWriter(text, wallTime: () => 12.5))
        {
            csv.Add(MetricNames.EpisodicReturn, -21, 1000);
            csv.Add(MetricNames.QValues, 0.1, 1004);
        }
        Assert.Equal("step,tag,value,wall_time\n1000,charts/episodic_return,-21,12.500\n1004,losses/q_values,0.1,12.500\n", text.ToString());
    }

    [Fact]
    public void Reopening_a_run_appends_without_a_second_header_and_the_plot_reader_reads_it_back()
    {
        using var dir = new TempDir();
        using (var csv = CsvMetricsWriter.OpenIn(dir.Path)) { csv.Add(MetricNames.EpisodicReturn, 1.5, 10); csv.Add(MetricNames.TdLoss, 9, 10); }
        using (var csv = CsvMetricsWriter.OpenIn(dir.Path)) { csv.Add(MetricNames.EpisodicReturn, double.NaN, 15); csv.Add(MetricNames.EpisodicReturn, 2.5, 20); }

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv"));
        Assert.Single(lines, l => l.StartsWith("step,", StringComparison.Ordinal));
        var series = MetricSeries.Read(dir.Path, MetricNames.EpisodicReturn);
        Assert.Equal([10.0, 20.0], series.Steps);
        Assert.Equal([1.5, 2.5], series.Values);
    }

    [Fact]
    public void Rejects_tags_that_would_break_the_csv()
    {
        using var csv = new CsvMetricsWriter(new StringWriter());
        Assert.Throws<ArgumentException>(() => csv.Add("a,b", 1, 1));
    }
}
