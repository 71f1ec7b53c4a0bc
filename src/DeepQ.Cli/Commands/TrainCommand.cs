using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using DeepQ.Agents.Config;
using DeepQ.Agents.Training;
using DeepQ.Cli.Progress;

namespace DeepQ.Cli.Commands;

/// <summary>
/// <c>deepq train</c>: resolves the config (preset, then --config file, then one flag per
/// setting), trains with a live progress display, writes metrics.csv and TensorBoard events
/// into the run folder next to the trainer's checkpoints, and ends with a summary.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Plain progress lines (no terminal, or --json) at most this often.</summary>
    public static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(10);

    /// <summary>The config setting the global <c>--roms</c> option sets.</summary>
    private const string RomsSetting = "roms";

    public static Command Create(CliRuntime rt)
    {
        var preset = new Option<string?>("--preset")
        {
            Description = "Hyperparameter preset [default: nature for Atari ids, else cartpole-fast]:\n"
                          + string.Join("\n", Presets.All.Select(p => $"{p.Name}: {p.Description}")),
            HelpName = "NAME",
        };
        preset.AcceptOnlyFromAmong(Presets.All.Select(p => p.Name).ToArray());
        var configFile = new Option<string?>("--config") { Description = "JSON or YAML file of settings (applied over the preset, under flags)", HelpName = "FILE" };
        var runDir = new Option<string?>("--run-dir") { Description = "Run folder for config, checkpoints, best model and metrics [default: runs/ENV__PRESET__SEED__UNIXTIME]", HelpName = "DIR" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in RUN_DIR from its checkpoint, with its own config", HelpName = "RUN_DIR" };

        var command = new Command("train", "Train a DQN agent on CartPole-v1, or on --env (PongNoFrameskip-v4 for the DQN-paper Atari setup).\n"
            + $"The [default: ...] values below are the {Presets.CartPoleFast} preset's; an Atari id defaults to --preset {Presets.DefaultFor("PongNoFrameskip-v4")}, "
            + "whose values differ (each run writes its resolved settings to RUN_DIR/config.json).")
        {
            preset, configFile, runDir, resume, rt.Roms,
        };
        var settings = new List<(SettingInfo Setting, Option<string?> Option)>();
        foreach (var s in ConfigSchema.Settings)
        {
            if (s.Name == RomsSetting) continue; // the global --roms fills it

            var option = new Option<string?>("--" + s.Name)
            {
                Description = s.HelpText(),
                HelpName = s.IsFlagLike ? "true|false" : "VALUE",
                Arity = s.IsFlagLike ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
            };
            settings.Add((s, option));
            command.Add(option);
        }

        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var flags = new List<KeyValuePair<string, string>>();
            foreach (var (s, option) in settings)
            {
                if (parse.GetResult(option) is not OptionResult { Implicit: false } given) continue;
                // A bare boolean flag (--double-dqn) means true.
                string value = given.Tokens.Count == 0 ? "true" : parse.GetValue(option)!;
                flags.Add(new(s.Name, value));
            }
            if (parse.GetValue(rt.Roms) is { } roms) flags.Add(new(RomsSetting, Path.GetFullPath(roms)));
            string? resumeDir = parse.GetValue(resume);
            var display = TrainingDisplay.For(console, PlainProgressInterval);
            using var observer = new CliTrainingObserver(display);

            TrainingResult result;
            if (resumeDir is not null)
            {
                var extra = flags.Select(f => "--" + f.Key)
                    .Concat(new (Option Option, string Name)[] { (preset, "--preset"), (configFile, "--config"), (runDir, "--run-dir") }
                        .Where(o => parse.GetResult(o.Option) is OptionResult { Implicit: false }).Select(o => o.Name))
                    .ToList();
                if (extra.Count > 0)
                    throw new CliUsageException($"--resume continues a run with the settings in its config.json; drop {string.Join(", ", extra)}, or start a new run without --resume.");
                // A missing folder is the trainer's to report; locking would create it.
                using var held = Directory.Exists(resumeDir) ? new Agents.RunFolder(resumeDir).Lock() : null;
                result = display.Run(() => DqnTrainer.Resume(resumeDir, observer, console.Cancellation));
            }
            else
            {
                DqnConfig config;
                try { config = ConfigLoader.Resolve(parse.GetValue(preset), parse.GetValue(configFile), flags); }
                catch (Agents.ConfigException e) when (LibraryTerms.ToCli(e.Message).StartsWith("flag --", StringComparison.Ordinal))
                {
                    // A bad flag value is a malformed command line: exit 2, as the parser's own errors.
                    throw new CliUsageException(LibraryTerms.ToCli(e.Message));
                }
                string dir = parse.GetValue(runDir) ?? DefaultRunDirectory(config);
                bool existed = Directory.Exists(dir);
                var folder = new Agents.RunFolder(dir);
                using var held = folder.Lock();
                try { result = display.Run(() => DqnTrainer.Train(config, dir, observer, console.Cancellation)); }
                catch when (!existed)
                {
                    // A start that failed (unknown env, too little memory) leaves no empty run folder behind.
                    held.Dispose();
                    RemoveIfEmpty(folder.Path);
                    throw;
                }
            }
            observer.Dispose();
            return Report(console, result, observer.RunDirectory ?? result.RunDirectory);
        });
        return command;
    }

    /// <summary>runs/ENV__PRESET__SEED__UNIXTIME, CleanRL's run-name shape, so 'deepq plot' groups seeds of one setup.</summary>
    public static string DefaultRunDirectory(DqnConfig config)
    {
        string env = config.Env.Replace('/', '-');
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string dir = Path.Combine("runs", $"{env}__{config.Preset}__{config.Seed}__{now}");
        for (int n = 1; Directory.Exists(dir); n++)
            dir = Path.Combine("runs", $"{env}__{config.Preset}__{config.Seed}__{now + n}");
        return dir;
    }

    private static void RemoveIfEmpty(string dir)
    {
        try
        {
            if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The model file 'deepq eval' should load: best.safetensors when an evaluation kept one, else model.safetensors.</summary>
    internal static string NextModel(string runDir)
    {
        string best = Path.Combine(runDir, "best.safetensors");
        return File.Exists(best) ? best : Path.Combine(runDir, "model.safetensors");
    }

    private static int Report(Output.CliConsole console, TrainingResult r, string? runDir)
    {
        var eval = r.FinalEvaluation;
        var json = new JsonObject
        {
            ["status"] = r.Status.ToString().ToLowerInvariant(),
            ["steps"] = r.Steps,
            ["episodes"] = r.Episodes,
            ["updates"] = r.Updates,
            ["eval_mean"] = Output.Json.Number(eval?.Mean ?? double.NaN),
            ["eval_std"] = Output.Json.Number(eval?.Std ?? double.NaN),
            ["eval_episodes"] = eval?.Episodes ?? 0,
            ["best_score"] = Output.Json.Number(r.BestScore),
            ["best_step"] = double.IsFinite(r.BestScore) ? r.BestStep : null,
            ["run_dir"] = runDir,
            ["elapsed_s"] = Math.Round(r.Elapsed.TotalSeconds, 3),
            ["steps_per_s"] = Output.Json.Number(Math.Round(r.StepsPerSecond, 1)),
        };
        console.WriteResult(json, o =>
        {
            string sps = r.StepsPerSecond.ToString("0", CultureInfo.InvariantCulture);
            string how = r.Status switch
            {
                TrainingStatus.Solved => "solved",
                TrainingStatus.Cancelled => "interrupted (Ctrl-C or SIGTERM), checkpoint saved",
                _ => "finished",
            };
            o.WriteLine($"{how}: {ProgressFormat.Steps(r.Steps)} steps, {r.Episodes} episodes in {ProgressFormat.Duration(r.Elapsed)} ({sps} steps/s)");
            if (eval is not null)
                o.WriteLine(r.BestStep is { } bestStep
                    ? $"final evaluation of the best model (step {ProgressFormat.Steps(bestStep)}): {eval}"
                    : $"final evaluation of the last model: {eval}");
            if (runDir is not null)
            {
                o.WriteLine($"run folder: {runDir}");
                o.WriteLine(r.Status == TrainingStatus.Cancelled
                    ? $"continue with: deepq train --resume {runDir}"
                    : $"next: deepq eval {NextModel(runDir)} · deepq plot {runDir}");
            }
        });
        return r.Status == TrainingStatus.Cancelled ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
