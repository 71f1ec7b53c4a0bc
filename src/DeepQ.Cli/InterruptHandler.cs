using System.Runtime.InteropServices;

namespace DeepQ.Cli;

/// <summary>
/// Ctrl-C policy: the first press cancels <see cref="Token"/> so a running command (training)
/// stops at a safe point, saves and exits cleanly; a second press kills the process at once.
/// SIGTERM (a job scheduler or <c>kill</c>) counts as a first press, so a stopped job can resume.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly TextWriter _err;
    private readonly PosixSignalRegistration? _sigterm;
    private int _presses;

    public InterruptHandler(TextWriter err)
    {
        _err = err;
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows())
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => ctx.Cancel = Press());
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>Handles one press; returns true when the process should keep running (first press).</summary>
    internal bool Press()
    {
        if (Interlocked.Increment(ref _presses) == 1)
        {
            _err.WriteLine("deepq: stopping after the current step and saving (press Ctrl-C again to quit now)");
            _cts.Cancel();
            return true;
        }
        _err.WriteLine("deepq: quitting without saving");
        return false;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // Keeping the process alive on the first press lets the trainer write its checkpoint.
        e.Cancel = Press();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm?.Dispose();
        _cts.Dispose();
    }
}
