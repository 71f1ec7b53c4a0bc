using System.Text.Json;
using DeepQ.Cli.Commands;
using DeepQ.Cli.Experiments;

namespace DeepQ.Cli.Tests;

/// <summary>
/// 'deepq experiment' end to end on tiny CartPole grids (each run a child 'deepq train' of a few
/// hundred steps), its resume and its one-line errors.
/// </summary>
public class ExperimentCommandTests
{
    /// <summary>Settings that make every run a second or so: 300 steps, evaluations every 100.</summary>
    private static readonly string[] Tiny =
    [
        "--set", "total-steps=300", "--set", "learning-starts=100", "--set", "batch-size=16", "--set", "hidden-sizes=16",
        "--set", "eval-interval=100", "--set", "eval-episodes=2", "--set", "final-eval-episodes=2", "--set", "log-interval=100",
        "--set", "stop-reward=none",
    ];


    [Fact]
    public void A_grid_file_runs_every_configuration_and_seed_reports_them_and_a_second_call_keeps_finished_runs()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["grid.yaml"], """
            name: tiny
            settings: { total-steps: 300, learning-starts: 100, batch-size: 16, hidden-sizes: [16], eval-interval: 100, eval-episodes: 2, final-eval-episodes: 2, log-interval: 100, stop-reward: none }
            seeds: 2
            configurations:
              - name: plain
                settings: { double-dqn: false }
              - name: double
                settings: { double-dqn: true }
            """);
        var r = CliRunner.Run("experiment", dir["grid.yaml"], "--out", dir["exp"], "--workers", "2", "--bootstrap-reps", "200", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using (var doc = JsonDocument.Parse(Assert.Single(r.OutLines)))
        {
            Assert.Equal(4, doc.RootElement.GetProperty("finished").GetInt32());
            var summary = doc.RootElement.GetProperty("summary").EnumerateArray().ToList();
            Assert.Equal(["plain", "double"], summary.Select(s => s.GetProperty("configuration").GetString()));
            Assert.All(summary, s => Assert.Equal(2, s.GetProperty("runs").GetInt32()));
        }
        foreach (var cfg in new[] { "plain", "double" })
            foreach (var seed in new[] { 1, 2 })
            {
                string run = dir[$"exp/runs/CartPole-v1/{cfg}/seed-{seed}"];
                using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
                Assert.Equal(seed, config.RootElement.GetProperty("seed").GetInt32());
                Assert.Equal(cfg == "double", config.RootElement.GetProperty("double-dqn").GetBoolean());
                Assert.Equal(300, config.RootElement.GetProperty("total-steps").GetInt64());
            }
        var scores = File.ReadAllLines(dir["exp/scores.csv"]);
        Assert.Equal(5, scores.Length);
        var summaryCsv = File.ReadAllLines(dir["exp/summary.csv"]);
        Assert.Equal(3, summaryCsv.Length);
        Assert.StartsWith("CartPole-v1,plain,2,2,eval/episodic_return,", summaryCsv[1]);
        // The best model's final evaluation (result.json) is reported beside the last evaluation.
        Assert.All(summaryCsv.Skip(1), row => Assert.NotEqual("", row.Split(',')[12]));
        Assert.Contains("| plain | 2/2 |", File.ReadAllText(dir["exp/report.md"]));
        foreach (var plot in new[] { "curves-CartPole-v1.svg", "curves-CartPole-v1.png", "profile-CartPole-v1.svg", "profile-CartPole-v1.png" })
            Assert.True(new FileInfo(dir["exp/" + plot]).Length > 1000, plot);

        // Again: nothing reruns, the report is rebuilt from the same runs.
        var metricsBefore = File.ReadAllText(dir["exp/runs/CartPole-v1/plain/seed-1/metrics.csv"]);
        var again = CliRunner.Run("experiment", dir["grid.yaml"], "--out", dir["exp"], "--bootstrap-reps", "200");
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("4 finished already, 0 to run", again.Err);
        Assert.Equal(metricsBefore, File.ReadAllText(dir["exp/runs/CartPole-v1/plain/seed-1/metrics.csv"]));
        Assert.Equal(scores, File.ReadAllLines(dir["exp/scores.csv"]));
    }

    [Fact]
    public void An_interrupted_run_is_resumed_from_its_checkpoint_and_a_run_killed_before_one_starts_afresh()
    {
        using var dir = new TempDir();
        string[] grid = ["experiment", "--out", dir["exp"], "-c", "plain:double-dqn=false", "--seeds", "1,2", .. Tiny, "--bootstrap-reps", "200"];
        // Lay out the folder without running, then stop seed 1 at once (checkpoint at step 0) and leave seed 2 as a crash left it.
        Assert.Equal(0, CliRunner.Run([.. grid, "--report-only"]).ExitCode);
        string seed1 = dir["exp/runs/CartPole-v1/plain/seed-1"], seed2 = dir["exp/runs/CartPole-v1/plain/seed-2"];
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            var stopped = CliRunner.Run(cancelled.Token, "train", "--config", Path.Combine(seed1, "grid-run.json"), "--run-dir", seed1);
            Assert.Equal(130, stopped.ExitCode);
        }
        File.WriteAllText(Path.Combine(seed2, "metrics.csv"), "step,tag,value,wall_time\n100,charts/episodic_return,5,0\n");

        var r = CliRunner.Run(grid);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("0 finished already, 2 to run", r.Err);
        Assert.Contains("train --resume " + seed1, File.ReadAllText(Path.Combine(seed1, "train.log")));
        Assert.DoesNotContain("--resume", File.ReadAllText(Path.Combine(seed2, "train.log")));
        foreach (var run in new[] { seed1, seed2 })
        {
            using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json")));
            Assert.Equal(300, result.RootElement.GetProperty("steps").GetInt64());
            // The stale row of the crashed attempt is gone: step 100 is logged once.
            Assert.Single(File.ReadAllLines(Path.Combine(run, "metrics.csv")), l => l.StartsWith("100,charts/SPS", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_run_folder_made_by_another_grid_is_refused_in_one_line()
    {
        using var dir = new TempDir();
        var first = CliRunner.Run(["experiment", "--out", dir["exp"], "-c", "plain:double-dqn=false", "--seeds", "1", .. Tiny, "--bootstrap-reps", "200"]);
        Assert.True(first.ExitCode == 0, first.Err);
        var other = CliRunner.Run(["experiment", "--out", dir["exp"], "-c", "plain:double-dqn=false", "--seeds", "1", .. Tiny, "--set", "gamma=0.9"]);
        Assert.Equal(1, other.ExitCode);
        var line = Assert.Single(other.ErrLines);
        Assert.Contains("belongs to a different grid", line);
        Assert.Contains("gamma", line);
    }

    [Fact]
    public void A_malformed_set_is_a_usage_error_in_every_command_that_takes_one()
    {
        using var dir = new TempDir();
        string[][] cases =
        [
            ["bench", "learner", "--set", "gamma"],
            ["experiment", "--out", dir["e"], "-c", "plain", "--seeds", "1", "--set", "gamma"],
            ["sweep", "--out", dir["s"], "--param", "gamma=0.9,0.99", "--set", "=0.9"],
            ["experiment", "--out", dir["c"], "-c", "plain:gamma", "--seeds", "1"],
        ];
        foreach (var args in cases)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode}");
            Assert.Contains("is not KEY=VALUE", Assert.Single(r.ErrLines));
        }
        Assert.False(Directory.Exists(dir["e"]));
    }

    [Fact]
    public void Bad_grids_get_one_clear_line_each_before_anything_runs()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["typo.yaml"], "seeds: 2\nconfigurations:\n  fast: { learning-rat: 0.01 }\n");
        File.WriteAllText(dir["key.yaml"], "seeds: 2\nconfigs: [dqn]\n");
        var cases = new (string[] Args, string Expected)[]
        {
            (["experiment", dir["typo.yaml"], "--out", dir["a"]], "unknown setting 'learning-rat'; did you mean 'learning-rate'?"),
            (["experiment", dir["key.yaml"], "--out", dir["b"]], "unknown key 'configs'"),
            (["experiment", "--out", dir["c"], "--seeds", "3"], "the grid is empty: it has no configurations"),
            (["experiment", "--out", dir["d"], "-c", "plain:gamma=0.9", "--seeds", "1-0"], "is not a seed"),
            (["experiment", "--out", dir["e"], "-c", "plain:seed=4", "--seeds", "2"], "seeds come from the grid"),
            (["experiment", "--out", dir["f"], "-c", "plain:gamma=2", "--seeds", "1"], "gamma"),
            (["experiment", "--out", dir["g"], "-c", "big:buffer-size=2000000000", "--seeds", "1-4", "--workers", "4", "--set", "total-steps=3000000000"], "of memory"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode is 1 or 2, $"{string.Join(' ', args)}: exit {r.ExitCode}");
            var line = Assert.Single(r.ErrLines);
            Assert.StartsWith("deepq: error: ", line);
            Assert.Contains(expected, line);
        }
        Assert.False(Directory.Exists(dir["a"]));
        Assert.False(Directory.Exists(dir["g"]));
    }

    [Fact]
    public void Grid_memory_is_checked_against_workers_times_the_largest_run()
    {
        var plan = ExperimentPlan.Create(ExperimentCommand.BuildSpec(null, ["plain"], "1-4", null, ["buffer-size=1000000"], null));
        long perRun = ExperimentPlan.BytesPerRun(plan.Runs[0].Config);
        // CartPole: 1M transitions of 4 floats plus per-transition records, plus the process overhead.
        Assert.Equal(1_000_001L * 4 * 4 + 17L * 1_000_000 + ExperimentPlan.ProcessOverheadBytes, perRun);
        plan.CheckMemory(2, (long)(perRun * 2 / 0.9) + 1);
        var e = Assert.Throws<CliUserException>(() => plan.CheckMemory(3, (long)(perRun * 2 / 0.9) + 1));
        Assert.Contains("use --workers 2 or fewer", e.Message);
    }

    [Fact]
    public void Seeds_and_configuration_sets_expand_as_documented()
    {
        Assert.Equal([1, 2, 3], ExperimentSpec.ParseSeeds("3", "x"));
        Assert.Equal([4, 5, 6], ExperimentSpec.ParseSeeds("4-6", "x"));
        Assert.Equal([1, 7, 9, 10], ExperimentSpec.ParseSeeds("1,7,9-10", "x"));
        Assert.Throws<CliUserException>(() => ExperimentSpec.ParseSeeds("1,1", "x"));
        Assert.Equal(BuiltInConfigurations.Ablations, ExperimentSpec.ParseFlag("ablations").Select(c => c.Name));
        var custom = Assert.Single(ExperimentSpec.ParseFlag("fast:learning-rate=0.01,batch-size=32"));
        Assert.Equal("fast", custom.Name);
        Assert.Equal([new("learning-rate", "0.01"), new("batch-size", "32")], custom.Settings);
        // A built-in with overrides keeps its own settings first, so the overrides win.
        var tuned = Assert.Single(ExperimentSpec.ParseFlag("dqn:gamma=0.9"));
        Assert.Equal(new KeyValuePair<string, string>("gamma", "0.9"), tuned.Settings[^1]);
        Assert.Contains(new KeyValuePair<string, string>("use-replay", "true"), tuned.Settings);
    }

    [Fact]
    public void Every_built_in_ablation_resolves_to_what_its_name_says()
    {
        var plan = ExperimentPlan.Create(ExperimentCommand.BuildSpec(null, ["ablations", "target-periods"], "1", null, [], null));
        var byName = plan.Runs.ToDictionary(r => r.Configuration, r => r.Config);
        Assert.Equal(BuiltInConfigurations.All.Select(c => c.Name), plan.Configurations);
        Assert.Equal((true, true, false), (byName["dqn"].UseReplay, byName["dqn"].UseTargetNetwork, byName["dqn"].DoubleDqn));
        Assert.Equal((false, true, false), (byName["no-replay"].UseReplay, byName["no-replay"].UseTargetNetwork, byName["no-replay"].DoubleDqn));
        Assert.Equal((true, false, false), (byName["no-target"].UseReplay, byName["no-target"].UseTargetNetwork, byName["no-target"].DoubleDqn));
        Assert.Equal((false, false, false), (byName["no-replay-no-target"].UseReplay, byName["no-replay-no-target"].UseTargetNetwork, byName["no-replay-no-target"].DoubleDqn));
        Assert.Equal((true, true, true), (byName["double-dqn"].UseReplay, byName["double-dqn"].UseTargetNetwork, byName["double-dqn"].DoubleDqn));
        Assert.Equal([10L, 100, 1000, 5000], BuiltInConfigurations.TargetPeriods.Select(n => byName[n].TargetUpdateInterval));
        // Everything else is the grid's: the preset's values stay.
        Assert.All(byName.Values, c => Assert.Equal(byName["dqn"].LearningRate, c.LearningRate));
    }

    [Fact]
    public void A_second_grid_on_a_folder_in_use_is_refused_and_busy_runs_are_not_cleared()
    {
        using var dir = new TempDir();
        string[] grid = ["experiment", "--out", dir["exp"], "-c", "plain:double-dqn=false", "--seeds", "2", .. Tiny];
        Assert.Equal(0, CliRunner.Run([.. grid, "--report-only"]).ExitCode);
        using (new FileStream(dir["exp/experiment.lock"], FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = CliRunner.Run([.. grid, "--report-only"]);
            Assert.Equal(1, busy.ExitCode);
            Assert.Contains("is in use by another 'deepq experiment'", Assert.Single(busy.ErrLines));
        }

        // A Slurm task that has not reached its first checkpoint looks unstarted: Prepare must leave it alone when told it is busy.
        var plan = ExperimentPlan.Create(ExperimentCommand.BuildSpec(null, ["plain:double-dqn=false"], "2", null, Tiny.Where((_, k) => k % 2 == 1).ToArray(), null));
        var folder = new ExperimentFolder(dir["exp"]);
        foreach (var run in plan.Runs) File.WriteAllText(Path.Combine(folder.RunPath(run), "metrics.csv"), "step,tag,value,wall_time\n");
        using (folder.Prepare(plan, new HashSet<string> { folder.RunPath(plan.Runs[0]) }))
        {
            Assert.True(File.Exists(Path.Combine(folder.RunPath(plan.Runs[0]), "metrics.csv")));
            Assert.False(File.Exists(Path.Combine(folder.RunPath(plan.Runs[1]), "metrics.csv")));
        }
        // Nor a run whose training process holds its train.lock (it is running, just not checkpointed yet).
        File.WriteAllText(Path.Combine(folder.RunPath(plan.Runs[1]), "metrics.csv"), "step,tag,value,wall_time\n");
        using (new Agents.RunFolder(folder.RunPath(plan.Runs[1])).Lock())
        using (folder.Prepare(plan))
            Assert.True(File.Exists(Path.Combine(folder.RunPath(plan.Runs[1]), "metrics.csv")));
    }

    [Fact]
    public void Several_envs_are_reported_apart_each_with_its_own_table_and_plots()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["experiment", "--out", dir["exp"], "-c", "plain:double-dqn=false", "--seeds", "1", "--envs", "CartPole-v1,Acrobot-v1", .. Tiny, "--bootstrap-reps", "200", "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = File.ReadAllLines(dir["exp/summary.csv"]).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["CartPole-v1", "Acrobot-v1"], rows.Select(c => c[0]));
        // Acrobot pays -1 per step, CartPole +1: pooling them would be meaningless, so each keeps its own sign.
        Assert.True(double.Parse(rows[0][5], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(rows[1][5], System.Globalization.CultureInfo.InvariantCulture) < 0);
        string report = File.ReadAllText(dir["exp/report.md"]);
        Assert.Contains("## CartPole-v1", report);
        Assert.Contains("## Acrobot-v1", report);
        Assert.True(File.Exists(dir["exp/curves-Acrobot-v1.png"]));
        Assert.True(File.Exists(dir["exp/profile-CartPole-v1.svg"]));
    }
}
