using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DeepQ.Agents;
using DeepQ.Cli.Experiments;

namespace DeepQ.Cli.Commands;

/// <summary>
/// <c>deepq experiment [GRID_FILE]</c>: runs a grid of configurations x seeds (x envs), each run a
/// plain 'deepq train' into its own folder under one experiment folder, on this machine or as a
/// Slurm job array; resumes an interrupted grid; aggregates the finished runs into a report.
/// </summary>
internal static class ExperimentCommand
{
    public static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(10);

    public static Command Create(CliRuntime rt)
    {
        var gridFile = new Argument<string?>("GRID_FILE")
        {
            Description = "YAML or JSON grid: name, settings, envs, seeds, configurations (see docs/experiments.md)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Experiment folder [default: experiments/NAME]; running the same grid again resumes it", HelpName = "DIR" };
        var configs = new Option<string[]>("--configuration", "-c")
        {
            Description = "A configuration (repeatable; replaces the file's list): a built-in (" + string.Join(", ", BuiltInConfigurations.All.Select(c => c.Name))
                          + "), a set (ablations, target-periods), or NAME:key=value,key=value",
            HelpName = "NAME[:k=v,...]",
            AllowMultipleArgumentsPerToken = false,
        };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds: a count (10 = 1..10), a range 1-10 or a list 1,2,7 (replaces the file's)", HelpName = "SEEDS" };
        var envs = new Option<string?>("--envs") { Description = "Environment ids, comma separated (replaces the file's)", HelpName = "IDS" };
        var set = new Option<string[]>("--set") { Description = "A setting for every run, key=value (repeatable; over the file's settings)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var workers = new Option<int>("--workers", "-j")
        {
            Description = "Runs at once on this machine [default: the number of cores]",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        }.AtLeast(1);
        var backend = new Option<string>("--backend") { Description = "Where runs execute: local (child processes) or slurm (one sbatch --array job)", DefaultValueFactory = _ => "local" };
        backend.AcceptOnlyFromAmong("local", "slurm");
        var reportOnly = new Option<bool>("--report-only") { Description = "Aggregate the finished runs without starting any" };
        var reps = new Option<int>("--bootstrap-reps") { Description = "Bootstrap resamples for the score intervals", DefaultValueFactory = _ => Experiments.Statistics.StratifiedBootstrap.DefaultRepetitions }.AtLeast(100);
        var slurm = SlurmOptions.Create();

        var command = new Command("experiment", "Run a grid of configurations x seeds (x envs), resumable, in parallel or on Slurm, and report IQM with bootstrap CIs, curves and performance profiles")
        {
            gridFile, output, configs, seeds, envs, set, workers, backend, reportOnly, reps, rt.Roms,
        };
        slurm.AddTo(command);
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var spec = BuildSpec(parse.GetValue(gridFile), parse.GetValue(configs) ?? [], parse.GetValue(seeds), parse.GetValue(envs),
                parse.GetValue(set) ?? [], parse.GetValue(rt.Roms));
            var plan = ExperimentPlan.Create(spec);
            var folder = new ExperimentFolder(parse.GetValue(output) ?? Path.Combine("experiments", spec.Name));
            IGridBackend? runner = null;
            int workerCount = parse.GetValue(workers);
            if (!parse.GetValue(reportOnly))
                runner = parse.GetValue(backend) == "slurm"
                    ? new SlurmBackend(slurm.Read(parse, plan), TimeSpan.FromSeconds(2))
                    : new LocalBackend(workerCount, Math.Max(1, Environment.ProcessorCount / workerCount));
            return Execute(console, plan, folder, runner, workerCount, parse.GetValue(reps));
        });
        return command;
    }

    /// <summary>Runs what is unfinished with <paramref name="backend"/> (none: report only), then reports.</summary>
    internal static int Execute(Output.CliConsole console, ExperimentPlan plan, ExperimentFolder folder, IGridBackend? backend, int workers, int reps)
    {
        var (statuses, summaries) = RunGrid(console, plan, folder, backend, workers, reps);
        int finished = statuses.Count(s => s.Phase == RunPhase.Finished);
        var failed = statuses.Where(s => s.Phase == RunPhase.Failed).ToList();
        bool interrupted = console.Cancellation.IsCancellationRequested || statuses.Any(s => s.Phase == RunPhase.Interrupted);
        var json = new JsonObject
        {
            ["experiment"] = plan.Name,
            ["folder"] = folder.Path,
            ["runs"] = plan.Runs.Count,
            ["finished"] = finished,
            ["failed"] = failed.Count,
            ["unfinished"] = plan.Runs.Count - finished - failed.Count,
            ["report"] = summaries.Count > 0 ? Path.Combine(folder.Path, "report.md") : null,
            ["summary"] = new JsonArray(summaries.Select(s => (JsonNode)new JsonObject
            {
                ["env"] = s.Env,
                ["configuration"] = s.Configuration,
                ["runs"] = s.Runs,
                ["iqm"] = Output.Json.Number(s.Iqm.Estimate),
                ["iqm_ci"] = new JsonArray(Output.Json.Number(s.Iqm.Low), Output.Json.Number(s.Iqm.High)),
                ["mean"] = Output.Json.Number(s.Mean.Estimate),
                ["mean_ci"] = new JsonArray(Output.Json.Number(s.Mean.Low), Output.Json.Number(s.Mean.High)),
                ["median"] = Output.Json.Number(s.Median),
            }).ToArray()),
        };
        console.WriteResult(json, o =>
        {
            foreach (var s in summaries)
                o.WriteLine($"{s.Env} {s.Configuration}: IQM {ExperimentReport.Format(s.Iqm)}, mean {ExperimentReport.Format(s.Mean)} over {s.Runs}/{s.Planned} runs");
            o.WriteLine($"{finished}/{plan.Runs.Count} runs finished" + (failed.Count > 0 ? $", {failed.Count} failed" : ""));
            foreach (var f in failed) o.WriteLine($"failed: {f.Run.Label}: {f.Message}");
            if (summaries.Count > 0) o.WriteLine($"report: {Path.Combine(folder.Path, "report.md")}");
            if (interrupted || failed.Count > 0 || finished < plan.Runs.Count)
                o.WriteLine($"continue with the same command (unfinished runs resume from their checkpoints; folder {folder.Path})");
        });
        if (interrupted) return ExitCodes.Interrupted;
        return failed.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>
    /// Prepares the folder, runs what is unfinished with <paramref name="backend"/> (none: nothing runs)
    /// under the grid display, and writes the report of the finished runs. Shared by experiment and sweep.
    /// </summary>
    internal static (List<RunStatus> Statuses, IReadOnlyList<ConfigurationSummary> Summaries) RunGrid(Output.CliConsole console, ExperimentPlan plan,
        ExperimentFolder folder, IGridBackend? backend, int workers, int reps)
    {
        backend?.CheckReady();
        int toRun = plan.Runs.Count(r => folder.StateOf(r) != RunState.Finished);
        if (backend is LocalBackend && toRun > 0) plan.CheckMemory(Math.Min(workers, toRun), MemoryCheck.AvailableBytes());
        using var held = folder.Prepare(plan, backend?.BusyRuns(folder));
        var statuses = plan.Runs.Select(r => new RunStatus(r, folder.StateOf(r) == RunState.Finished ? RunPhase.Finished : RunPhase.Waiting)).ToList();
        if (backend is not null)
        {
            int seeds = plan.Runs.Count / Math.Max(1, plan.Configurations.Count * plan.Envs.Count);
            console.Err.WriteLine($"experiment {plan.Name}: {plan.Runs.Count} runs ({plan.Configurations.Count} configurations x {plan.Envs.Count} envs x {seeds} seeds); {statuses.Count - toRun} finished already, {toRun} to run; folder {folder.Path}");
        }
        if (backend is not null && toRun > 0)
        {
            var display = GridDisplay.For(console, PlainProgressInterval);
            display.Run(() => { backend.Run(folder, statuses, display, console.Cancellation); return 0; });
        }
        var summaries = statuses.Any(s => s.Phase == RunPhase.Finished) ? ExperimentReport.Write(folder, plan, reps) : [];
        return (statuses, summaries);
    }

    internal static ExperimentSpec BuildSpec(string? file, string[] configs, string? seeds, string? envs, string[] set, string? roms)
    {
        var spec = file is not null ? ExperimentSpec.Load(file) : new ExperimentSpec("experiment", [], [], [], []);
        var settings = spec.Settings.ToList();
        foreach (var s in set) settings.AddRange(ExperimentSpec.ParseAssignments(s, "--set"));
        if (roms is not null) settings.Add(new("roms", Path.GetFullPath(roms)));
        var configurations = configs.Length > 0 ? configs.SelectMany(ExperimentSpec.ParseFlag).ToList() : spec.Configurations.ToList();
        var seedList = seeds is not null ? ExperimentSpec.ParseSeeds(seeds, "--seeds") : spec.Seeds.ToList();
        var envList = envs is not null ? envs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() : spec.Envs.ToList();
        if (!ExperimentSpec.IsPlainName(spec.Name))
            throw new CliUserException($"experiment name '{spec.Name}' may only hold letters, digits, '-', '_' and '.'; it names the folder.");
        return spec with { Settings = settings, Configurations = configurations, Seeds = seedList, Envs = envList };
    }
}
