using System.Diagnostics;

namespace DeepQ.Cli.Experiments;

/// <summary>Runs a grid's unfinished runs somewhere and reports back through their <see cref="RunStatus"/>.</summary>
internal interface IGridBackend
{
    /// <summary>Throws a one-line user error when this backend cannot work here (a missing tool), before anything is written.</summary>
    void CheckReady();

    /// <summary>Run folders (full paths) that a job still queued or running may be writing: the folder must not clear them.</summary>
    IReadOnlySet<string> BusyRuns(ExperimentFolder folder);

    /// <summary>Runs every <see cref="RunPhase.Waiting"/> run; returns when all ended or, after cancellation, all stopped.</summary>
    void Run(ExperimentFolder folder, IReadOnlyList<RunStatus> runs, GridDisplay display, CancellationToken cancellation);
}

/// <summary>
/// Runs a grid on this machine: up to <c>workers</c> child 'deepq train' processes at once, each
/// capped at <c>threadsPerRun</c> compute threads, its stderr kept in the run's train.log. Ctrl-C
/// stops every running run once (each saves a checkpoint) and starts no more.
/// </summary>
internal sealed class LocalBackend(int workers, int threadsPerRun, TimeSpan? pollInterval = null) : IGridBackend
{
    /// <summary>A started run: its status, process, train.log writer, stdout (the --json result) and last error line.</summary>
    private sealed record Child(RunStatus Status, Process Process, StreamWriter Log, Task<string> Stdout)
    {
        public string? LastError;
    }

    public void CheckReady() { }

    /// <summary>None: a local grid's runs end with it (Ctrl-C stops them; a second grid on the same folder is refused by its lock).</summary>
    public IReadOnlySet<string> BusyRuns(ExperimentFolder folder) => new HashSet<string>();

    public void Run(ExperimentFolder folder, IReadOnlyList<RunStatus> runs, GridDisplay display, CancellationToken cancellation)
    {
        var waiting = new Queue<RunStatus>(runs.Where(r => r.Phase == RunPhase.Waiting));
        var running = new List<Child>();
        bool stopSent = false;
        TimeSpan poll = pollInterval ?? TimeSpan.FromMilliseconds(500);
        try
        {
            while (true)
            {
                while (!cancellation.IsCancellationRequested && running.Count < workers && waiting.Count > 0)
                    running.Add(Start(folder, waiting.Dequeue()));
                if (cancellation.IsCancellationRequested && !stopSent)
                {
                    foreach (var c in running) TrainProcess.RequestStop(c.Process);
                    stopSent = true;
                }
                foreach (var c in running.ToList())
                {
                    if (c.Process.HasExited)
                    {
                        Finish(folder, c, display);
                        running.Remove(c);
                    }
                    else c.Status.Step = RunProgressReader.LastStep(folder.RunPath(c.Status.Run));
                }
                display.Update(runs);
                if (running.Count == 0 && (waiting.Count == 0 || cancellation.IsCancellationRequested)) break;
                // Wake early on Ctrl-C so the runs are told to stop at once.
                cancellation.WaitHandle.WaitOne(poll);
            }
        }
        finally
        {
            // Only on a bug: never leave children behind.
            foreach (var c in running)
            {
                TrainProcess.RequestStop(c.Process);
                c.Process.WaitForExit(30_000);
                c.Log.Dispose();
            }
        }
    }

    private Child Start(ExperimentFolder folder, RunStatus status)
    {
        var state = folder.StateOf(status.Run);
        var args = TrainProcess.TrainArguments(folder, status.Run, state);
        var log = new StreamWriter(folder.RunLogFile(status.Run), append: true) { AutoFlush = true, NewLine = "\n" };
        log.WriteLine($"# {DateTime.UtcNow:u} deepq {string.Join(' ', args)}");
        var process = TrainProcess.Start(args, threadsPerRun);
        var child = new Child(status, process, log, process.StandardOutput.ReadToEndAsync());
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.WriteLine(e.Data);
            if (e.Data.StartsWith("deepq: ", StringComparison.Ordinal) && !e.Data.StartsWith("deepq: stopping", StringComparison.Ordinal)) child.LastError = e.Data;
        };
        process.BeginErrorReadLine();
        status.Phase = RunPhase.Running;
        status.Step = state == RunState.Resumable ? RunProgressReader.LastStep(folder.RunPath(status.Run)) : 0;
        return child;
    }

    private static void Finish(ExperimentFolder folder, Child c, GridDisplay display)
    {
        c.Process.WaitForExit(); // drains the stderr reader
        lock (c.Log) c.Log.Dispose();
        int code = c.Process.ExitCode;
        c.Process.Dispose();
        var status = c.Status;
        status.Step = RunProgressReader.LastStep(folder.RunPath(status.Run));
        if (code == ExitCodes.Ok && folder.StateOf(status.Run) == RunState.Finished)
        {
            status.Phase = RunPhase.Finished;
            display.Event($"finished {status.Run.Label}");
        }
        else if (code == ExitCodes.Interrupted)
        {
            status.Phase = RunPhase.Interrupted;
            display.Event($"stopped {status.Run.Label} (checkpoint saved)");
        }
        else
        {
            status.Phase = RunPhase.Failed;
            status.Message = c.LastError ?? $"exit code {code}; see {folder.RunLogFile(status.Run)}";
            display.Event($"failed {status.Run.Label}: {status.Message}");
        }
    }
}
