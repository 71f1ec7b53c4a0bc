using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DeepQ.Agents;
using DeepQ.Agents.Config;
using DeepQ.Cli.Experiments;

namespace DeepQ.Cli.Commands;

/// <summary>
/// <c>deepq sweep [SWEEP_FILE]</c>: a hyperparameter search (grid or random) run as grids of
/// 'deepq experiment', with successive halving — every trial first gets a short budget, only the
/// best 1/eta go on to eta times more, up to the full total-steps — then the winner re-run on
/// fresh seeds. The result is that re-run only: the search's own scores picked the winner, so
/// they are biased upwards (the winner's curse) and are never reported as its performance.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliRuntime rt)
    {
        var file = new Argument<string?>("SWEEP_FILE") { Description = "YAML or JSON sweep: name, settings, method, trials, search, search-seeds, rungs, eta, final-seeds, seed (see docs/experiments.md)", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Sweep folder [default: experiments/NAME]; running the same sweep again resumes it", HelpName = "DIR" };
        var method = new Option<string?>("--method") { Description = "grid (every combination of listed values) or random [default: the file's, else random]" };
        var trials = new Option<int?>("--trials") { Description = "Random search: trials drawn [default: the file's, else 8]" };
        var param = new Option<string[]>("--param") { Description = "A searched setting (repeatable): key=v1,v2,v3 | key=uniform:LO:HI | key=log:LO:HI | key=int:LO:HI", HelpName = "KEY=SPACE", AllowMultipleArgumentsPerToken = false };
        var set = new Option<string[]>("--set") { Description = "A fixed setting for every run, key=value (repeatable)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var searchSeeds = new Option<int?>("--search-seeds") { Description = "Seeds per trial during the search [default: 1]" };
        var finalSeeds = new Option<int?>("--final-seeds") { Description = "Fresh seeds the best trial is re-run on for the reported result [default: 10]" };
        var rungs = new Option<int?>("--rungs") { Description = "Successive-halving rungs; 1 = every trial gets the full budget [default: 3]" };
        var eta = new Option<int?>("--eta") { Description = "Each rung keeps the best 1/eta of the trials and gives them eta times the steps [default: 3]" };
        var seed = new Option<long?>("--sweep-seed") { Description = "Seed of the random search's draws [default: 0]" };
        var workers = new Option<int>("--workers", "-j") { Description = "Runs at once [default: the number of cores]", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeast(1);
        var reps = new Option<int>("--bootstrap-reps") { Description = "Bootstrap resamples for the final intervals", DefaultValueFactory = _ => Experiments.Statistics.StratifiedBootstrap.DefaultRepetitions }.AtLeast(100);
        var backendName = new Option<string>("--backend") { Description = "Where runs execute: local (child processes) or slurm (one sbatch --array job per rung)", DefaultValueFactory = _ => "local" };
        backendName.AcceptOnlyFromAmong("local", "slurm");
        var slurm = SlurmOptions.Create();

        var command = new Command("sweep", "Search hyperparameters (grid or random, successive halving), then re-run the best on fresh seeds and report only that")
        {
            file, output, method, trials, param, set, searchSeeds, finalSeeds, rungs, eta, seed, workers, reps, backendName, rt.Roms,
        };
        slurm.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = parse.GetValue(file) is { } f ? SweepSpec.Load(f) : SweepSpec.Default;
            var settings = spec.Settings.ToList();
            foreach (var s in parse.GetValue(set) ?? []) settings.AddRange(ExperimentSpec.ParseAssignments(s, "--set"));
            if (parse.GetValue(rt.Roms) is { } roms) settings.Add(new("roms", Path.GetFullPath(roms)));
            var parameters = spec.Parameters.ToList();
            foreach (var p in parse.GetValue(param) ?? [])
            {
                int eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new CliUsageException($"--param '{p}' must be KEY=SPACE, e.g. learning-rate=log:1e-4:3e-3 or batch-size=32,64.");
                parameters.RemoveAll(x => x.Setting == p[..eq]);
                parameters.Add(ParameterSpace.Parse(p[..eq], p[(eq + 1)..], "--param"));
            }
            spec = spec with
            {
                Settings = settings,
                Parameters = parameters,
                Method = parse.GetValue(method) ?? spec.Method,
                Trials = parse.GetValue(trials) ?? spec.Trials,
                SearchSeeds = parse.GetValue(searchSeeds) ?? spec.SearchSeeds,
                FinalSeeds = parse.GetValue(finalSeeds) ?? spec.FinalSeeds,
                Rungs = parse.GetValue(rungs) ?? spec.Rungs,
                Eta = parse.GetValue(eta) ?? spec.Eta,
                Seed = parse.GetValue(seed) ?? spec.Seed,
            };
            int w = parse.GetValue(workers);
            var local = new LocalBackend(w, Math.Max(1, Environment.ProcessorCount / w));
            bool onSlurm = parse.GetValue(backendName) == "slurm";
            // Slurm's memory request depends on the rung's runs, so each rung gets its own backend.
            Func<ExperimentPlan, IGridBackend> backendFor = plan =>
            {
                if (!onSlurm) return local;
                var settings = slurm.Read(parse, plan);
                if (settings.Detach)
                    throw new CliUsageException("--detach does not apply to 'deepq sweep': each rung needs the previous rung's scores; run the sweep inside tmux, screen or a batch job instead.");
                return new SlurmBackend(settings, TimeSpan.FromSeconds(2));
            };
            return Run(rt.ConsoleFor(parse), spec, parse.GetValue(output) ?? Path.Combine("experiments", spec.Name), backendFor, w, parse.GetValue(reps));
        });
        return command;
    }

    internal static int Run(Output.CliConsole console, SweepSpec spec, string outDir, Func<ExperimentPlan, IGridBackend> backendFor, int workers, int reps)
    {
        spec.Validate();
        if (!ExperimentSpec.IsPlainName(spec.Name)) throw new CliUserException($"sweep name '{spec.Name}' may only hold letters, digits, '-', '_' and '.'.");
        DqnConfig baseConfig;
        try { baseConfig = ConfigLoader.Resolve(null, null, spec.Settings); }
        catch (ConfigException e) { throw new CliUserException($"sweep settings: {e.Message}"); }
        long[] budgets = Budgets(baseConfig.TotalSteps, spec.Rungs, spec.Eta);
        if (baseConfig.LearningStarts >= budgets[0])
            throw new CliUserException($"the first rung's budget ({budgets[0]:N0} agent steps = total-steps / eta^(rungs-1)) is not above learning-starts ({baseConfig.LearningStarts:N0}); use fewer --rungs, a smaller --eta or more total-steps.");

        var planned = spec.PlanTrials();
        var trials = planned.Select((s, i) => new ConfigurationSpec($"trial-{i + 1:000}", s)).ToList();
        var scores = trials.ToDictionary(t => t.Name, _ => new List<double>());
        string root = Path.GetFullPath(outDir);
        var survivors = trials;
        var searchSeeds = Enumerable.Range(1, spec.SearchSeeds).ToList();
        for (int rung = 0; rung < budgets.Length; rung++)
        {
            var rungSpec = new ExperimentSpec($"{spec.Name}-rung-{rung}",
                [.. spec.Settings, new("total-steps", budgets[rung].ToString(CultureInfo.InvariantCulture))], [], searchSeeds, survivors);
            var rungPlan = ExperimentPlan.Create(rungSpec);
            var (statuses, summaries) = ExperimentCommand.RunGrid(console, rungPlan, new ExperimentFolder(Path.Combine(root, $"rung-{rung}")), backendFor(rungPlan), workers, 1000);
            if (console.Cancellation.IsCancellationRequested || statuses.Any(s => s.Phase == RunPhase.Interrupted))
                return Interrupted(console, root);
            // A trial with a failed run (diverged, say) scores -infinity: it is clearly bad.
            foreach (var t in survivors)
            {
                var summary = summaries.FirstOrDefault(s => s.Configuration == t.Name);
                bool complete = summary is not null && summary.Runs == summary.Planned;
                scores[t.Name].Add(complete ? summary!.Mean.Estimate : double.NegativeInfinity);
            }
            if (rung == budgets.Length - 1) break;
            int keep = Math.Max(1, (survivors.Count + spec.Eta - 1) / spec.Eta);
            survivors = survivors.OrderByDescending(t => scores[t.Name][rung]).ThenBy(t => t.Name, StringComparer.Ordinal).Take(keep).ToList();
            console.Err.WriteLine($"sweep {spec.Name}: rung {rung} ({budgets[rung]:N0} steps) done; {survivors.Count} of {scores.Count(s => s.Value.Count == rung + 1)} trials go on to {budgets[rung + 1]:N0} steps");
        }
        var best = survivors.OrderByDescending(t => scores[t.Name][^1]).ThenBy(t => t.Name, StringComparer.Ordinal).First();
        if (double.IsNegativeInfinity(scores[best.Name][^1]))
            throw new CliUserException($"every trial of the last rung failed; see the train.log files under {Path.Combine(root, $"rung-{budgets.Length - 1}")}.");

        // The reported result: the winner alone, on seeds the search never saw, at the full budget.
        var freshSeeds = Enumerable.Range(spec.SearchSeeds + 1, spec.FinalSeeds).ToList();
        var finalSpec = new ExperimentSpec($"{spec.Name}-final", spec.Settings, [], freshSeeds, [best]);
        var finalPlan = ExperimentPlan.Create(finalSpec);
        var (finalStatuses, finalSummaries) = ExperimentCommand.RunGrid(console, finalPlan, new ExperimentFolder(Path.Combine(root, "final")), backendFor(finalPlan), workers, reps);
        if (console.Cancellation.IsCancellationRequested || finalStatuses.Any(s => s.Phase == RunPhase.Interrupted)) return Interrupted(console, root);
        var result = finalSummaries.SingleOrDefault();
        WriteReport(root, spec, budgets, trials, scores, best, freshSeeds, result);

        var json = new JsonObject
        {
            ["sweep"] = spec.Name,
            ["folder"] = root,
            ["trials"] = trials.Count,
            ["budgets"] = new JsonArray(budgets.Select(b => (JsonNode)b).ToArray()),
            ["best_trial"] = best.Name,
            ["best_settings"] = new JsonObject(best.Settings.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
            ["final_seeds"] = new JsonArray(freshSeeds.Select(s => (JsonNode)s).ToArray()),
            ["final_runs"] = result?.Runs ?? 0,
            ["iqm"] = Output.Json.Number(result?.Iqm.Estimate ?? double.NaN),
            ["iqm_ci"] = result is null ? null : new JsonArray(Output.Json.Number(result.Iqm.Low), Output.Json.Number(result.Iqm.High)),
            ["mean"] = Output.Json.Number(result?.Mean.Estimate ?? double.NaN),
            ["mean_ci"] = result is null ? null : new JsonArray(Output.Json.Number(result.Mean.Low), Output.Json.Number(result.Mean.High)),
            ["report"] = Path.Combine(root, "sweep.md"),
        };
        console.WriteResult(json, o =>
        {
            o.WriteLine($"best of {trials.Count} trials: {best.Name} ({string.Join(", ", best.Settings.Select(kv => $"{kv.Key}={kv.Value}"))})");
            o.WriteLine(result is null
                ? "its re-run on fresh seeds has no finished runs; see the train.log files under " + Path.Combine(root, "final")
                : $"re-run on {result.Runs} fresh seeds ({freshSeeds[0]}-{freshSeeds[^1]}): IQM {ExperimentReport.Format(result.Iqm)}, mean {ExperimentReport.Format(result.Mean)}");
            o.WriteLine($"report: {Path.Combine(root, "sweep.md")}");
        });
        return result is not null && result.Runs == result.Planned ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Rung budgets total/eta^(R-1), ..., total/eta, total agent steps.</summary>
    internal static long[] Budgets(long total, int rungs, int eta)
    {
        var b = new long[rungs];
        for (int k = 0; k < rungs; k++) b[k] = Math.Max(1, (long)Math.Round(total / Math.Pow(eta, rungs - 1 - k)));
        return b;
    }

    private static int Interrupted(Output.CliConsole console, string root)
    {
        console.WriteResult(new JsonObject { ["status"] = "interrupted", ["folder"] = root }, o =>
            o.WriteLine($"interrupted; run the same command again to continue (finished runs are kept, folder {root})"));
        return ExitCodes.Interrupted;
    }

    private static void WriteReport(string root, SweepSpec spec, long[] budgets, List<ConfigurationSpec> trials, Dictionary<string, List<double>> scores,
        ConfigurationSpec best, List<int> freshSeeds, ConfigurationSummary? result)
    {
        var md = new StringBuilder($"# Sweep {spec.Name}\n\n");
        md.Append($"{spec.Method} search over {string.Join(", ", spec.Parameters.Select(p => $"{p.Setting} {p.Describe()}"))}: {trials.Count} trials, ");
        md.Append($"{spec.SearchSeeds} seed(s) each; successive halving over {budgets.Length} rung(s) of {string.Join(" / ", budgets.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))} agent steps, keeping the best 1/{spec.Eta} after each.\n\n");
        md.Append($"## Result: {best.Name} re-run on {freshSeeds.Count} fresh seeds ({freshSeeds[0]}-{freshSeeds[^1]})\n\n");
        md.Append(string.Join("\n", best.Settings.Select(kv => $"- {kv.Key} = {kv.Value}")) + "\n\n");
        if (result is null) md.Append("No finished runs yet.\n");
        else
            md.Append($"| runs | IQM [95% CI] | mean [95% CI] | median |\n|---|---|---|---|\n| {result.Runs}/{result.Planned} | {ExperimentReport.Format(result.Iqm)} | {ExperimentReport.Format(result.Mean)} | {result.Median.ToString("0.##", CultureInfo.InvariantCulture)} |\n\n"
                      + "These numbers come only from the re-run: the search's scores chose the winner, so they are biased upwards and are not an estimate of its performance. Curves and the performance profile: final/report.md.\n");
        md.Append("\n## Trials (how far each got; search scores are in trials.csv for debugging only)\n\n| trial | settings | reached rung |\n|---|---|---|\n");
        foreach (var t in trials)
            md.Append($"| {t.Name} | {string.Join(", ", t.Settings.Select(kv => $"{kv.Key}={kv.Value}"))} | {scores[t.Name].Count - 1} |\n");
        File.WriteAllText(Path.Combine(root, "sweep.md"), md.ToString());

        var csv = new StringBuilder("trial," + string.Join(",", spec.Parameters.Select(p => p.Setting)) + "," + string.Join(",", budgets.Select((b, k) => $"rung{k}_mean_score")) + "\n");
        foreach (var t in trials)
            csv.Append(t.Name + "," + string.Join(",", t.Settings.Select(kv => kv.Value)) + "," + string.Join(",", Enumerable.Range(0, budgets.Length).Select(k =>
                k < scores[t.Name].Count ? scores[t.Name][k].ToString("R", CultureInfo.InvariantCulture) : "")) + "\n");
        File.WriteAllText(Path.Combine(root, "trials.csv"), csv.ToString());
    }
}
