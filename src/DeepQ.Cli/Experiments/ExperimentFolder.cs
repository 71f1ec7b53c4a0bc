using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepQ.Agents;
using DeepQ.Agents.Config;

namespace DeepQ.Cli.Experiments;

/// <summary>Where a run of a grid stands, read from its folder.</summary>
internal enum RunState
{
    /// <summary>Not started, or stopped before its first checkpoint: starts from scratch.</summary>
    Pending,
    /// <summary>Has a checkpoint but no final result: continues with deepq train --resume.</summary>
    Resumable,
    /// <summary>result.json says completed or solved.</summary>
    Finished,
}

/// <summary>
/// The experiment folder: <c>experiment.json</c> (the grid's runs), <c>runs/ENV/CONFIG/seed-N/</c>
/// (one plain 'deepq train' run folder each, plus <c>grid-run.json</c>, the settings it was started
/// with, and <c>train.log</c>), and the report (<c>report.md</c>, <c>summary.csv</c>, <c>scores.csv</c>,
/// plots). Every run's state is read from its own folder, so a grid resumes however it was stopped
/// and whichever backend ran it.
/// </summary>
internal sealed class ExperimentFolder(string path)
{
    public const string PlanFileName = "experiment.json";
    public const string RunSettingsFileName = "grid-run.json";
    public const string RunLogFileName = "train.log";

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string PlanFile => System.IO.Path.Combine(Path, PlanFileName);

    public string RunPath(PlannedRun run) => System.IO.Path.Combine(Path, run.RelativeFolder);
    public string RunSettingsFile(PlannedRun run) => System.IO.Path.Combine(RunPath(run), RunSettingsFileName);
    public string RunLogFile(PlannedRun run) => System.IO.Path.Combine(RunPath(run), RunLogFileName);

    public RunState StateOf(PlannedRun run)
    {
        var folder = new RunFolder(RunPath(run));
        if (File.Exists(folder.ResultFile))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(folder.ResultFile));
                if (doc.RootElement.TryGetProperty("status", out var s) && s.GetString() is "completed" or "solved") return RunState.Finished;
            }
            catch (JsonException) { }
        }
        return File.Exists(folder.CheckpointFile) && File.Exists(folder.ConfigFile) ? RunState.Resumable : RunState.Pending;
    }

    /// <summary>
    /// Makes the folder ready for <paramref name="plan"/>: refuses a folder that is not an experiment
    /// folder or a run folder made with other settings, clears runs that never reached a checkpoint,
    /// and writes experiment.json and each run's grid-run.json. Runs in <paramref name="busy"/> (a queued
    /// Slurm task may be writing them) are left as they are.
    /// </summary>
    /// <returns>The folder's lock, held until disposed: a second grid on the same folder is refused meanwhile.</returns>
    public IDisposable Prepare(ExperimentPlan plan, IReadOnlySet<string>? busy = null)
    {
        if (Directory.Exists(Path) && !File.Exists(PlanFile) && Directory.EnumerateFileSystemEntries(Path).Any())
            throw new CliUserException($"'{Path}' already exists and is not an experiment folder (it has no {PlanFileName}); give a new or empty folder with --out.");
        foreach (var run in plan.Runs) CheckOwnership(run);
        Directory.CreateDirectory(Path);
        var held = Lock();
        foreach (var run in plan.Runs)
        {
            string dir = RunPath(run);
            if (StateOf(run) == RunState.Pending && Directory.Exists(dir) && busy?.Contains(dir) != true && !InUse(dir))
                Directory.Delete(dir, recursive: true); // stopped before any checkpoint (killed): nothing to keep, and stale metrics would repeat
            Directory.CreateDirectory(dir);
            WriteAtomically(RunSettingsFile(run), SettingsJson(run));
        }
        var runs = new JsonArray(plan.Runs.Select(r => (JsonNode)new JsonObject
        {
            ["configuration"] = r.Configuration,
            ["env"] = r.Env,
            ["seed"] = r.Seed,
            ["folder"] = r.RelativeFolder.Replace('\\', '/'),
        }).ToArray());
        var doc = new JsonObject { ["name"] = plan.Name, ["configurations"] = new JsonArray(plan.Configurations.Select(c => (JsonNode)c!).ToArray()), ["runs"] = runs };
        WriteAtomically(PlanFile, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return held;
    }

    /// <summary>
    /// An exclusive lock on experiment.lock (released by the OS if the process dies), so two grids
    /// never clear or start the same runs.
    /// </summary>
    private FileStream Lock()
    {
        string file = System.IO.Path.Combine(Path, "experiment.lock");
        try { return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException)
        {
            throw new CliUserException($"experiment folder '{Path}' is in use by another 'deepq experiment' or 'deepq sweep'; wait for it to finish or stop it with Ctrl-C, then run this again.");
        }
    }

    /// <summary>True when a training process holds the run folder's lock (train.lock): it is running, not abandoned.</summary>
    private static bool InUse(string runDirectory)
    {
        try
        {
            using (new RunFolder(runDirectory).Lock()) return false;
        }
        catch (CheckpointException) { return true; }
    }

    /// <summary>A run folder that already holds a config must hold this run's config exactly.</summary>
    public void CheckOwnership(PlannedRun run)
    {
        string config = new RunFolder(RunPath(run)).ConfigFile;
        if (!File.Exists(config)) return;
        string? difference;
        try { difference = FirstDifference(File.ReadAllText(config), run.ResolvedJson); }
        catch (JsonException) { difference = "its config.json is not valid JSON"; }
        if (difference is not null)
            throw new CliUserException($"run folder '{RunPath(run)}' belongs to a different grid ({difference}); use a new --out folder for this grid, or the grid that made it.");
    }

    /// <summary>The settings a run starts with, as a config file for 'deepq train --config' (canonical names, last value wins).</summary>
    public static string SettingsJson(PlannedRun run)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in run.Settings)
        {
            string name = ConfigSchema.Find(key)?.Name ?? key.Trim().TrimStart('-').ToLowerInvariant();
            obj.Remove(name);
            obj[name] = value;
        }
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string? FirstDifference(string existingJson, string plannedJson)
    {
        using var a = JsonDocument.Parse(existingJson);
        using var b = JsonDocument.Parse(plannedJson);
        foreach (var p in b.RootElement.EnumerateObject())
        {
            if (!a.RootElement.TryGetProperty(p.Name, out var q)) return $"its config.json has no {p.Name}";
            if (p.Value.GetRawText() != q.GetRawText()) return $"its config.json has {p.Name} {q.GetRawText()}, this grid wants {p.Value.GetRawText()}";
        }
        return null;
    }

    private static void WriteAtomically(string file, string text)
    {
        string tmp = file + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, file, overwrite: true);
    }
}
