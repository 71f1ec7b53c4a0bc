using System.Globalization;

namespace DeepQ.Cli.Metrics;

/// <summary>
/// Writes training scalars as a long-format CSV, one row per logged value:
/// <c>step,tag,value,wall_time</c>, where tag is a CleanRL scalar name (see <see cref="MetricNames"/>),
/// step counts agent steps and wall_time is seconds since the Unix epoch. Long format keeps
/// rows whole when scalars are logged at different rates. Every row is flushed as it is written, so
/// a killed process leaves all rows up to its last checkpoint on disk; a resumed run first cuts the
/// file back to the checkpoint's step (<see cref="OpenIn"/>) and then replays the rest bit-identically,
/// so the file ends up with exactly the rows of an uninterrupted run.
/// Numbers use the invariant culture and round-trip formatting.
/// </summary>
internal sealed class CsvMetricsWriter : IScalarSink
{
    public const string Header = "step,tag,value,wall_time";
    public const string FileName = "metrics.csv";

    private readonly TextWriter _writer;
    private readonly Func<double> _wallTime;

    /// <param name="writer">Receives the rows; owned and disposed by this writer.</param>
    /// <param name="writeHeader">False when appending to an existing file (resume).</param>
    public CsvMetricsWriter(TextWriter writer, bool writeHeader = true, Func<double>? wallTime = null)
    {
        _writer = writer;
        _wallTime = wallTime ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        if (writeHeader) _writer.WriteLine(Header);
    }

    /// <summary>
    /// Opens <c>metrics.csv</c> in a run folder for a run that continues after agent step
    /// <paramref name="keepThroughStep"/> (0 for a fresh run): rows logged after that step, which a
    /// killed or stopped process wrote past its checkpoint and the resumed run will log again, are
    /// removed first (atomically, through a temporary file), as is a torn last line.
    /// </summary>
    public static CsvMetricsWriter OpenIn(string directory, long keepThroughStep)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        var kept = File.Exists(path) ? RowsThrough(File.ReadAllText(path), keepThroughStep) : [];
        string tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp, append: false) { NewLine = "\n" })
        {
            w.Write(Header + "\n");
            foreach (var row in kept) w.Write(row + "\n");
        }
        File.Move(tmp, path, overwrite: true);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new CsvMetricsWriter(new StreamWriter(stream) { NewLine = "\n" }, writeHeader: false);
    }

    /// <summary>The whole data rows of <paramref name="text"/> logged at or before <paramref name="lastStep"/>, in file order.</summary>
    internal static List<string> RowsThrough(string text, long lastStep)
    {
        var rows = new List<string>();
        // Only newline-terminated lines are whole: a process killed mid-write can leave a torn last one.
        int end = text.LastIndexOf('\n');
        if (end < 0) return rows;
        foreach (var line in text[..end].Split('\n'))
        {
            if (line.Length == 0 || line == Header) continue;
            var fields = line.Split(',');
            if (fields.Length != 4 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long step)) continue;
            // Rows are written in step order, so the first later row ends what the checkpoint covers.
            if (step > lastStep) break;
            rows.Add(line);
        }
        return rows;
    }

    public void Add(string tag, double value, long step)
    {
        if (tag.Contains(',') || tag.Contains('"') || tag.Contains('\n'))
            throw new ArgumentException($"metric tag '{tag}' must not contain commas, quotes or newlines", nameof(tag));
        // One write per row, pushed to the OS at once: a kill -9 loses no row logged before it.
        _writer.Write(string.Create(CultureInfo.InvariantCulture, $"{step},{tag},{value:R},{_wallTime():F3}\n"));
        _writer.Flush();
    }

    public void Flush() => _writer.Flush();

    public void Dispose()
    {
        _writer.Flush();
        _writer.Dispose();
    }
}
