using System.Globalization;
using System.Text;

namespace DeepQ.Cli.Experiments;

/// <summary>Where one run of a grid is, as the grid's display shows it.</summary>
internal enum RunPhase { Waiting, Running, Finished, Interrupted, Failed }

/// <summary>One run's line in the grid display: its phase, agent steps done, and why it failed.</summary>
internal sealed class RunStatus(PlannedRun run, RunPhase phase)
{
    public PlannedRun Run { get; } = run;
    public RunPhase Phase { get; set; } = phase;
    public long Step { get; set; }
    public string? Message { get; set; }
}

/// <summary>
/// Reads how far a run is from its own folder (the last step in metrics.csv), which works the
/// same whether the run is a local child process or a Slurm task on another node.
/// </summary>
internal static class RunProgressReader
{
    /// <summary>Agent step of the last complete row of RUN/metrics.csv; 0 when there is none yet.</summary>
    public static long LastStep(string runDirectory)
    {
        string csv = Path.Combine(runDirectory, Metrics.CsvMetricsWriter.FileName);
        try
        {
            using var stream = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long start = Math.Max(0, stream.Length - 4096);
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            var lines = Encoding.UTF8.GetString(buffer).Split('\n');
            // The last element is "" or a row still being written: only rows ending in '\n' count.
            for (int i = lines.Length - 2; i >= 0; i--)
            {
                int comma = lines[i].IndexOf(',', StringComparison.Ordinal);
                if (comma > 0 && long.TryParse(lines[i].AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out long step))
                    return step;
            }
        }
        catch (FileNotFoundException) { }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        return 0;
    }
}
