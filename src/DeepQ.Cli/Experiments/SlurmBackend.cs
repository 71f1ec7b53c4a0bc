using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepQ.Agents;

namespace DeepQ.Cli.Experiments;

/// <summary>What the Slurm job asks for: sbatch's partition, time limit, memory and CPUs per task, throttle, extra flags.</summary>
internal sealed record SlurmSettings(string? Partition, string? TimeLimit, long MemoryMiBPerTask, int CpusPerTask, int MaxParallel, IReadOnlyList<string> ExtraArguments, bool Detach);

/// <summary>The --partition, --time, --mem-per-task, --cpus-per-task, --max-parallel, --sbatch-arg and --detach options of 'deepq experiment'.</summary>
internal sealed class SlurmOptions
{
    private readonly Option<string?> _partition = new("--partition") { Description = "Slurm partition for the array job [default: the cluster's default]", HelpName = "NAME" };
    private readonly Option<string?> _time = new("--time") { Description = "Slurm time limit per run, e.g. 12:00:00 or 2-00:00:00; runs get SIGTERM 2 minutes before it and save a checkpoint", HelpName = "TIME" };
    private readonly Option<long?> _mem = new("--mem-per-task") { Description = "Memory per run in MiB [default: the largest run's replay buffer plus 300 MiB, rounded up]", HelpName = "MIB" };
    private readonly Option<int> _cpus = new("--cpus-per-task") { Description = "CPU cores per run on Slurm", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _maxParallel = new("--max-parallel") { Description = "At most this many runs of the array at once on Slurm (0 = no limit)", DefaultValueFactory = _ => 0 };
    private readonly Option<string[]> _extra = new("--sbatch-arg") { Description = "Extra sbatch option for the array job (repeatable), e.g. --sbatch-arg=--account=proj", HelpName = "ARG", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _detach = new("--detach") { Description = "Submit to Slurm and return; run the same command again to watch, resume and report" };

    public static SlurmOptions Create() => new();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _partition, _time, _mem, _cpus, _maxParallel, _extra, _detach }) command.Add(o);
    }

    public SlurmSettings Read(ParseResult parse, ExperimentPlan plan)
    {
        long mem = parse.GetValue(_mem) ?? (plan.Runs.Max(r => ExperimentPlan.BytesPerRun(r.Config)) + (1L << 20) - 1 >> 20);
        if (mem < 1) throw new CliUsageException($"--mem-per-task must be at least 1 MiB, got {mem}.");
        int cpus = parse.GetValue(_cpus);
        if (cpus < 1) throw new CliUsageException($"--cpus-per-task must be at least 1, got {cpus}.");
        return new SlurmSettings(parse.GetValue(_partition), parse.GetValue(_time), mem, cpus, Math.Max(0, parse.GetValue(_maxParallel)),
            parse.GetValue(_extra) ?? [], parse.GetValue(_detach));
    }
}

/// <summary>
/// Runs a grid on a Slurm cluster as one job array: one array task per unfinished run, each a
/// plain 'deepq train' (fresh, or --resume when its folder holds a checkpoint) into the shared
/// experiment folder. The grid watches the job with squeue and the runs' own folders, stops it
/// on Ctrl-C (pending tasks cancelled, running ones sent SIGTERM so they save), and on the next
/// invocation either attaches to a job still in the queue or resubmits only the unfinished runs.
/// The folder must be on a file system every node sees.
/// </summary>
internal sealed class SlurmBackend(SlurmSettings settings, TimeSpan pollInterval, string? searchPath = null) : IGridBackend
{
    public const string FolderName = "slurm";

    public void CheckReady() => Tools();

    /// <summary>The runs of the last job while squeue still lists it: a task that has not reached its first checkpoint looks unstarted but is not.</summary>
    public IReadOnlySet<string> BusyRuns(ExperimentFolder folder) =>
        ActiveJob(Path.Combine(folder.Path, FolderName), Tools().Squeue) is { } job ? job.Runs.ToHashSet() : new HashSet<string>();

    private (string Sbatch, string Squeue) Tools()
    {
        string sbatch = FindTool("sbatch", searchPath) ?? throw new CliUserException(
            "sbatch not found on PATH: --backend slurm needs the Slurm client tools (sbatch, squeue, scancel) on this machine; install them or use --backend local.");
        string squeue = FindTool("squeue", searchPath) ?? throw new CliUserException("squeue not found on PATH beside sbatch; install the full Slurm client tools.");
        return (sbatch, squeue);
    }

    public void Run(ExperimentFolder folder, IReadOnlyList<RunStatus> runs, GridDisplay display, CancellationToken cancellation)
    {
        var (sbatch, squeue) = Tools();
        string dir = Path.Combine(folder.Path, FolderName);
        Directory.CreateDirectory(dir);

        var active = ActiveJob(dir, squeue);
        List<RunStatus> tasks;
        string job;
        if (active is { } a)
        {
            job = a.Job;
            tasks = a.Runs.Select(path => runs.First(r => folder.RunPath(r.Run) == path)).ToList();
            display.Event($"attached to Slurm job {job} ({tasks.Count} tasks), still in the queue");
        }
        else
        {
            tasks = runs.Where(r => r.Phase == RunPhase.Waiting).ToList();
            job = Submit(folder, dir, sbatch, tasks);
            display.Event($"submitted Slurm job {job}: {tasks.Count} array tasks");
        }
        if (settings.Detach)
        {
            foreach (var t in tasks) t.Phase = RunPhase.Interrupted;
            display.Event($"detached; run the same command again to watch job {job}, resume and report");
            return;
        }
        Watch(folder, job, tasks, runs, display, squeue, cancellation);
    }

    private string Submit(ExperimentFolder folder, string dir, string sbatch, List<RunStatus> tasks)
    {
        int submission = Directory.GetFiles(dir, "tasks-*.txt").Length + 1;
        string tasksFile = Path.Combine(dir, $"tasks-{submission}.txt");
        File.WriteAllText(tasksFile, string.Concat(tasks.Select(t => folder.RunPath(t.Run) + "\n")));
        string script = Path.Combine(dir, $"array-{submission}.sh");
        File.WriteAllText(script, Script(folder, tasksFile, tasks.Count, dir));
        var (code, stdout, stderr) = Exec(sbatch, ["--parsable", .. settings.ExtraArguments, script]);
        if (code != 0)
            throw new CliUserException($"sbatch refused the job ({ErrorReporter.OneLine(stderr)}); check --partition, --time and --mem-per-task against the cluster's limits (the script is {script}).");
        string job = stdout.Trim().Split(';')[0];
        File.AppendAllText(Path.Combine(dir, "jobs.txt"), $"{job} {tasksFile}\n");
        return job;
    }

    /// <summary>The batch script: the task's run folder is line SLURM_ARRAY_TASK_ID+1 of the tasks file.</summary>
    internal string Script(ExperimentFolder folder, string tasksFile, int count, string logDir)
    {
        string Q(string s) => TrainProcess.ShellQuote(s);
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.Append($"#SBATCH --job-name=deepq-{Path.GetFileName(folder.Path)}\n");
        sb.Append($"#SBATCH --array=0-{count - 1}{(settings.MaxParallel > 0 ? "%" + settings.MaxParallel.ToString(CultureInfo.InvariantCulture) : "")}\n");
        sb.Append($"#SBATCH --output={logDir}/%A_%a.log\n");
        sb.Append($"#SBATCH --mem={settings.MemoryMiBPerTask}M\n");
        sb.Append($"#SBATCH --cpus-per-task={settings.CpusPerTask}\n");
        sb.Append("#SBATCH --ntasks=1\n");
        if (settings.Partition is { } p) sb.Append($"#SBATCH --partition={p}\n");
        if (settings.TimeLimit is { } t) sb.Append($"#SBATCH --time={t}\n#SBATCH --signal=B:TERM@120\n");
        sb.Append("# One deepq run per array task; generated by 'deepq experiment --backend slurm'.\n");
        sb.Append("set -u\n");
        sb.Append($"run=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" {Q(tasksFile)})\n");
        sb.Append("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        sb.Append("exec >>\"$run/train.log\" 2>&1\n");
        sb.Append("echo \"# $(date -u) slurm job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname)\"\n");
        string deepq = TrainProcess.ShellCommand();
        sb.Append("if [ -f \"$run/checkpoint.bin\" ] && [ -f \"$run/config.json\" ]; then\n");
        sb.Append($"  exec {deepq} train --resume \"$run\" --json\n");
        sb.Append("else\n");
        sb.Append($"  exec {deepq} train --config \"$run/{ExperimentFolder.RunSettingsFileName}\" --run-dir \"$run\" --json\n");
        sb.Append("fi\n");
        return sb.ToString();
    }

    private void Watch(ExperimentFolder folder, string job, List<RunStatus> tasks, IReadOnlyList<RunStatus> all, GridDisplay display, string squeue, CancellationToken cancellation)
    {
        bool stopped = false;
        while (true)
        {
            if (cancellation.IsCancellationRequested && !stopped)
            {
                Stop(job);
                stopped = true;
            }
            var queue = QueueStates(squeue, job);
            for (int i = 0; i < tasks.Count; i++)
            {
                var t = tasks[i];
                if (t.Phase is RunPhase.Finished or RunPhase.Failed or RunPhase.Interrupted) continue;
                t.Step = RunProgressReader.LastStep(folder.RunPath(t.Run));
                if (queue is not null && queue.TryGetValue(i, out var state)) t.Phase = state == "RUNNING" ? RunPhase.Running : RunPhase.Waiting;
                else if (queue is not null && !queue.ContainsKey(-1)) Settle(folder, job, i, t, display, stopped); // this task left the queue
            }
            display.Update(all);
            if (queue is null || queue.Count == 0)
            {
                for (int i = 0; i < tasks.Count; i++)
                    if (tasks[i].Phase is not (RunPhase.Finished or RunPhase.Failed or RunPhase.Interrupted)) Settle(folder, job, i, tasks[i], display, stopped);
                display.Update(all);
                return;
            }
            cancellation.WaitHandle.WaitOne(pollInterval);
        }
    }

    /// <summary>
    /// A task that left the queue: finished when its folder says so; else interrupted when the grid
    /// stopped the job (a checkpoint is kept, or it never started) or when it saved a checkpoint on
    /// SIGTERM (time limit); else failed.
    /// </summary>
    private static void Settle(ExperimentFolder folder, string job, int index, RunStatus t, GridDisplay display, bool stopping)
    {
        var state = folder.StateOf(t.Run);
        if (state == RunState.Finished)
        {
            t.Phase = RunPhase.Finished;
            display.Event($"finished {t.Run.Label}");
            return;
        }
        string? error = LastError(folder.RunLogFile(t.Run));
        if (stopping && (state == RunState.Resumable || error is null))
        {
            t.Phase = RunPhase.Interrupted;
            display.Event(state == RunState.Resumable ? $"stopped {t.Run.Label} (checkpoint saved)" : $"cancelled {t.Run.Label} before it started");
            return;
        }
        if (state == RunState.Resumable && (error is null || error.StartsWith("deepq: interrupted", StringComparison.Ordinal)))
        {
            t.Phase = RunPhase.Interrupted;
            display.Event($"stopped {t.Run.Label} (checkpoint saved)");
            return;
        }
        t.Phase = RunPhase.Failed;
        t.Message = (error ?? $"Slurm task {job}_{index} ended without a result") + $"; see {folder.RunLogFile(t.Run)}";
        display.Event($"failed {t.Run.Label}: {t.Message}");
    }

    /// <summary>
    /// Array task index to Slurm state for the job's tasks still queued; an entry -1 stands for
    /// pending tasks squeue shows as a range; null when squeue does not know the job any more.
    /// </summary>
    private static Dictionary<int, string>? QueueStates(string squeue, string job)
    {
        var (code, stdout, _) = Exec(squeue, ["-h", "-r", "-j", job, "-o", "%K %T"]);
        if (code != 0) return null;
        var states = new Dictionary<int, string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)) states[index] = parts[1];
            else if (parts.Length == 2) states[-1] = parts[1];
        }
        return states;
    }

    /// <summary>The job of the last submission when squeue still lists it, with its tasks' run folders.</summary>
    private static (string Job, string[] Runs)? ActiveJob(string dir, string squeue)
    {
        string jobs = Path.Combine(dir, "jobs.txt");
        if (!File.Exists(jobs)) return null;
        var last = File.ReadAllLines(jobs).LastOrDefault(l => l.Length > 0);
        if (last is null) return null;
        var parts = last.Split(' ', 2);
        if (parts.Length != 2 || !File.Exists(parts[1])) return null;
        var queue = QueueStates(squeue, parts[0]);
        if (queue is null || queue.Count == 0) return null;
        return (parts[0], File.ReadAllLines(parts[1]).Where(l => l.Length > 0).ToArray());
    }

    /// <summary>Cancels the tasks not yet started and asks the running ones to save and stop (SIGTERM, like Ctrl-C).</summary>
    private static void Stop(string job)
    {
        if (FindTool("scancel") is not { } scancel) return;
        Exec(scancel, ["--state=PENDING", job]);
        Exec(scancel, ["--full", "--signal=TERM", job]);
    }

    private static string? LastError(string log)
    {
        try
        {
            return File.ReadLines(log).LastOrDefault(l => l.StartsWith("deepq: ", StringComparison.Ordinal) && !l.StartsWith("deepq: stopping", StringComparison.Ordinal));
        }
        catch (IOException) { return null; }
    }

    /// <summary>The tool's path on PATH, or null.</summary>
    public static string? FindTool(string name, string? searchPath = null)
    {
        foreach (var dir in (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static (int Code, string Stdout, string Stderr) Exec(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
