using System.Globalization;

namespace DeepQ.Cli.Plotting;

/// <summary>One scalar of one run: values at increasing agent steps, read from the run's metrics.csv.</summary>
internal sealed record MetricSeries(string Run, string Tag, double[] Steps, double[] Values)
{
    /// <summary>
    /// Reads <paramref name="tag"/> from a run folder's <c>metrics.csv</c> (or a CSV path given directly),
    /// in the <c>step,tag,value,wall_time</c> layout the trainer writes. Rows are sorted by step
    /// (stable, so a resumed run's repeated steps keep file order); non-finite values are skipped.
    /// </summary>
    public static MetricSeries Read(string runOrCsv, string tag)
    {
        string csv = Directory.Exists(runOrCsv) ? Path.Combine(runOrCsv, Metrics.CsvMetricsWriter.FileName) : runOrCsv;
        if (!File.Exists(csv))
            throw new CliUserException(Directory.Exists(runOrCsv)
                ? $"run folder '{runOrCsv}' has no {Metrics.CsvMetricsWriter.FileName}; give a folder written by 'deepq train'."
                : $"'{runOrCsv}' does not exist; give a run folder written by 'deepq train' or its metrics.csv.");

        var rows = new List<(double Step, double Value)>();
        // A run may still be training and appending: share the file with its writer.
        using var reader = new StreamReader(new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        string? header = reader.ReadLine();
        if (header is null || !header.StartsWith("step,tag,value", StringComparison.Ordinal))
            throw new CliUserException($"'{csv}' is not a deepq metrics file (its first line should be '{Metrics.CsvMetricsWriter.Header}').");
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length < 3
                || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double step)
                || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new CliUserException($"'{csv}' line {lineNumber} is malformed: '{line}'. Expected step,tag,value,wall_time.");
            if (cells[1] == tag && double.IsFinite(value)) rows.Add((step, value));
        }
        if (rows.Count == 0)
            throw new CliUserException($"'{csv}' has no '{tag}' values yet; train longer, or choose another --metric.");

        var ordered = rows.Select((r, i) => (r, i)).OrderBy(p => p.r.Step).ThenBy(p => p.i).Select(p => p.r).ToArray();
        string run = Directory.Exists(runOrCsv) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runOrCsv))) : Path.GetFileNameWithoutExtension(csv);
        return new MetricSeries(run, tag, ordered.Select(r => r.Step).ToArray(), ordered.Select(r => r.Value).ToArray());
    }
}
