using System.Runtime.ExceptionServices;

namespace DeepQ.Agents.Training;

/// <summary>
/// The learner on a thread of its own (overlap-learning): <see cref="Start"/> hands it one piece of
/// work (the update due at an agent step) and returns at once, <see cref="Join"/> waits until it is
/// done and rethrows what it threw. Between the two calls the training loop keeps to its own side
/// (acting, the environment, reports) and touches nothing the work uses, so which thread runs
/// what, and when, never changes a result.
/// </summary>
internal sealed class LearnerThread : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _go = new(0), _done = new(0);
    [NotResumable("a thread handshake: a checkpoint joins the learner first")]
    private Action? _work;
    [NotResumable("a thread handshake: a checkpoint joins the learner first")]
    private Exception? _error;
    [NotResumable("set when the run is disposed")]
    private volatile bool _stop;

    public LearnerThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "DeepQ learner" };
        _thread.Start();
    }

    /// <summary>True from <see cref="Start"/> until <see cref="Join"/> returns.</summary>
    [field: NotResumable("a thread handshake: a checkpoint joins the learner first")]
    public bool Busy { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the learner thread; one piece at a time.</summary>
    public void Start(Action work)
    {
        if (Busy) throw new InvalidOperationException("The learner is still busy; join it first.");
        ObjectDisposedException.ThrowIf(_stop, this);
        _work = work;
        Busy = true;
        _go.Release();
    }

    /// <summary>Waits for the work started last (nothing when idle) and rethrows its exception, if any.</summary>
    public void Join()
    {
        if (!Busy) return;
        _done.Wait();
        Busy = false;
        if (_error is { } e)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(e);
        }
    }

    private void Loop()
    {
        while (true)
        {
            _go.Wait();
            if (_stop) return;
            try { _work!(); }
            catch (Exception e) { _error = e; }
            _done.Release();
        }
    }

    public void Dispose()
    {
        if (_stop) return;
        if (Busy) _done.Wait();
        Busy = false;
        _stop = true;
        _go.Release();
        _thread.Join();
        _go.Dispose();
        _done.Dispose();
    }
}
