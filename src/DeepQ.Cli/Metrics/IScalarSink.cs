namespace DeepQ.Cli.Metrics;

/// <summary>Somewhere training scalars go: a CSV file, a TensorBoard event file, or several at once.</summary>
internal interface IScalarSink : IDisposable
{
    /// <summary>Records <paramref name="value"/> for <paramref name="tag"/> at agent step <paramref name="step"/>.</summary>
    void Add(string tag, double value, long step);

    /// <summary>Pushes buffered records to disk so a crash loses at most what came after.</summary>
    void Flush();
}

/// <summary>Fans every scalar out to several sinks (the run folder's CSV and tfevents files).</summary>
internal sealed class ScalarSinks(params IScalarSink[] sinks) : IScalarSink
{
    public void Add(string tag, double value, long step)
    {
        foreach (var s in sinks) s.Add(tag, value, step);
    }

    public void Flush()
    {
        foreach (var s in sinks) s.Flush();
    }

    public void Dispose()
    {
        foreach (var s in sinks) s.Dispose();
    }
}
