namespace DeepQ.Envs;

/// <summary>
/// A fixed set of threads that each run one fixed partition of the work when signalled. The
/// caller's thread runs partition 0. Fixed partitions keep every env on one thread for its
/// whole life, so results never depend on scheduling. Signalling allocates nothing.
/// </summary>
internal sealed class PartitionWorkers : IDisposable
{
    private readonly Action<int> _work;
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private readonly Exception?[] _errors;
    private volatile bool _stopping;

    public PartitionWorkers(int partitions, Action<int> work)
    {
        Partitions = partitions;
        _work = work;
        _threads = new Thread[partitions - 1];
        _start = new SemaphoreSlim[partitions - 1];
        _errors = new Exception?[partitions];
        _done = new CountdownEvent(1);
        for (int i = 0; i < _threads.Length; i++)
        {
            int p = i + 1;
            _start[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(p)) { IsBackground = true, Name = $"deepq-vecenv-{p}" };
            _threads[i].Start();
        }
    }

    public int Partitions { get; }

    /// <summary>Runs every partition once and returns when all are done; rethrows the first failure.</summary>
    public void Run()
    {
        if (_threads.Length == 0)
        {
            _work(0);
            return;
        }
        _done.Reset(_threads.Length);
        foreach (var s in _start) s.Release();
        try { _work(0); }
        catch (Exception e) { _errors[0] = e; }
        _done.Wait();
        for (int p = 0; p < _errors.Length; p++)
        {
            if (_errors[p] is { } e)
            {
                Array.Clear(_errors);
                if (e is EnvException) throw new EnvException(e.Message, e);
                throw new InvalidOperationException($"Vector env partition {p} failed: {e.Message}", e);
            }
        }
    }

    private void Loop(int p)
    {
        var start = _start[p - 1];
        while (true)
        {
            start.Wait();
            if (_stopping) return;
            try { _work(p); }
            catch (Exception e) { _errors[p] = e; }
            _done.Signal();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var s in _start) s.Release();
        foreach (var t in _threads) t.Join();
        foreach (var s in _start) s.Dispose();
        _done.Dispose();
    }
}
