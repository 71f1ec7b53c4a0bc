using System.Globalization;

namespace DeepQ.Cli.Metrics;

/// <summary>
/// Writes training scalars as a long-format CSV, one row per logged value:
/// <c>step,tag,value,wall_time</c>, where tag is a CleanRL scalar name (see <see cref="MetricNames"/>),
/// step counts agent steps and wall_time is seconds since the Unix epoch. Long format keeps
/// rows whole when scalars are logged at different rates, and appending on resume stays valid.
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

    /// <summary>Opens <c>metrics.csv</c> in a run folder, appending (without a new header) when it exists.</summary>
    public static CsvMetricsWriter OpenIn(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new CsvMetricsWriter(new StreamWriter(stream) { NewLine = "\n" }, writeHeader: !exists);
    }

    public void Add(string tag, double value, long step)
    {
        if (tag.Contains(',') || tag.Contains('"') || tag.Contains('\n'))
            throw new ArgumentException($"metric tag '{tag}' must not contain commas, quotes or newlines", nameof(tag));
        _writer.Write(step.ToString(CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(tag);
        _writer.Write(',');
        _writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(_wallTime().ToString("F3", CultureInfo.InvariantCulture));
        _writer.Write('\n');
    }

    public void Flush() => _writer.Flush();

    public void Dispose()
    {
        _writer.Flush();
        _writer.Dispose();
    }
}
