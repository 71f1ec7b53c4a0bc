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
        using (var csv = CsvMetricsWriter.OpenIn(dir.Path, 0)) { csv.Add(MetricNames.EpisodicReturn, 1.5, 10); csv.Add(MetricNames.TdLoss, 9, 10); }
        using (var csv = CsvMetricsWriter.OpenIn(dir.Path, 10)) { csv.Add(MetricNames.EpisodicReturn, double.NaN, 15); csv.Add(MetricNames.EpisodicReturn, 2.5, 20); }

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv"));
        Assert.Single(lines, l => l.StartsWith("step,", StringComparison.Ordinal));
        var series = MetricSeries.Read(dir.Path, MetricNames.EpisodicReturn);
        Assert.Equal([10.0, 20.0], series.Steps);
        Assert.Equal([1.5, 2.5], series.Values);
    }

    [Fact]
    public void Every_row_is_on_disk_as_soon_as_it_is_added()
    {
        using var dir = new TempDir();
        using var csv = CsvMetricsWriter.OpenIn(dir.Path, 0);
        csv.Add(MetricNames.EpisodicReturn, 3, 7);
        using var reader = new FileStream(Path.Combine(dir.Path, "metrics.csv"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        string text = new StreamReader(reader).ReadToEnd();
        Assert.StartsWith("step,tag,value,wall_time\n7,charts/episodic_return,3,", text);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void Resuming_cuts_rows_after_the_checkpoint_step_and_a_torn_last_line()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "metrics.csv");
        File.WriteAllText(path, "step,tag,value,wall_time\n5,a,1,0.000\n10,a,2,0.000\n10,b,3,0.000\n11,a,4,0.000\n12,a,5,0.0");
        using (var csv = CsvMetricsWriter.OpenIn(dir.Path, 10)) csv.Add("a", 6, 11);
        Assert.Equal(["step,tag,value,wall_time", "5,a,1,0.000", "10,a,2,0.000", "10,b,3,0.000"], File.ReadAllLines(path).Take(4));
        Assert.StartsWith("11,a,6,", File.ReadAllLines(path)[4]);
        Assert.Equal(5, File.ReadAllLines(path).Length);

        // A fresh run (nothing to keep) starts the file over, and a torn last line without any newline is dropped.
        File.WriteAllText(path, "step,tag,value,wall_time\n5,a,1,0.000\n6,a,");
        using (CsvMetricsWriter.OpenIn(dir.Path, 5)) { }
        Assert.Equal(["step,tag,value,wall_time", "5,a,1,0.000"], File.ReadAllLines(path));
        using (CsvMetricsWriter.OpenIn(dir.Path, 0)) { }
        Assert.Equal(["step,tag,value,wall_time"], File.ReadAllLines(path));
    }

    [Fact]
    public void Rejects_tags_that_would_break_the_csv()
    {
        using var csv = new CsvMetricsWriter(new StringWriter());
        Assert.Throws<ArgumentException>(() => csv.Add("a,b", 1, 1));
    }
}
