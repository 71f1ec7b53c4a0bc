using System.Globalization;
using System.Text.Json;
using DeepQ.Cli.Commands;
using DeepQ.Cli.Experiments;

namespace DeepQ.Cli.Tests;

/// <summary>'deepq sweep': successive halving over tiny CartPole trials, the fresh-seed re-run it reports, and its one-line errors.</summary>
public class SweepCommandTests
{
    private static readonly string[] Tiny =
    [
        "--set", "total-steps=400", "--set", "learning-starts=100", "--set", "batch-size=16", "--set", "hidden-sizes=16",
        "--set", "eval-interval=100", "--set", "eval-episodes=2", "--set", "final-eval-episodes=2", "--set", "stop-reward=none",
        "--bootstrap-reps", "200", "--workers", "2",
    ];

    [Fact]
    public void Halving_keeps_the_best_half_and_the_result_is_the_winner_re_run_on_fresh_seeds_only()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["sweep", "--out", dir["sw"], "--method", "grid", "--param", "gamma=0.5,0.99", "--param", "double-dqn=true",
            "--rungs", "2", "--eta", "2", "--final-seeds", "2", .. Tiny, "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("trials").GetInt32());
        Assert.Equal([200L, 400L], root.GetProperty("budgets").EnumerateArray().Select(b => b.GetInt64()));

        // Rung 0: both trials at 200 steps; rung 1: the better one at 400.
        Assert.Equal(2, Directory.GetDirectories(dir["sw/rung-0/runs/CartPole-v1"]).Length);
        Assert.Single(Directory.GetDirectories(dir["sw/rung-1/runs/CartPole-v1"]));
        var rows = File.ReadAllLines(dir["sw/trials.csv"]).Skip(1).Select(l => l.Split(',')).ToList();
        double Score(string[] row, int rung) => double.Parse(row[3 + rung], CultureInfo.InvariantCulture);
        var advanced = rows.Where(row => row[4] != "").ToList();
        Assert.Single(advanced);
        Assert.True(advanced.Min(row => Score(row, 0)) >= rows.Where(row => row[4] == "").Max(row => Score(row, 0)), "rung 1 must hold the best of rung 0");
        string best = root.GetProperty("best_trial").GetString()!;
        Assert.Equal(advanced.OrderByDescending(row => Score(row, 1)).ThenBy(row => row[0], StringComparer.Ordinal).First()[0], best);

        // The reported numbers are the re-run's: seeds 2 and 3 (the search used seed 1), the full budget.
        Assert.Equal([2, 3], root.GetProperty("final_seeds").EnumerateArray().Select(s => s.GetInt32()));
        foreach (int seed in new[] { 2, 3 })
        {
            using var result = JsonDocument.Parse(File.ReadAllText(dir[$"sw/final/runs/CartPole-v1/{best}/seed-{seed}/result.json"]));
            Assert.Equal(400, result.RootElement.GetProperty("steps").GetInt64());
        }
        var summary = File.ReadAllLines(dir["sw/final/summary.csv"])[1].Split(',');
        Assert.Equal(double.Parse(summary[5], CultureInfo.InvariantCulture), root.GetProperty("iqm").GetDouble(), 9);
        Assert.Contains($"## Result: {best} re-run on 2 fresh seeds (2-3)", File.ReadAllText(dir["sw/sweep.md"]));
    }

    [Fact]
    public void Random_trials_repeat_with_their_seed_and_stay_inside_their_ranges()
    {
        var spec = SweepSpec.Default with
        {
            Trials = 50,
            Parameters = [ParameterSpace.Parse("learning-rate", "log:1e-4:1e-2", "x"), ParameterSpace.Parse("target-update-interval", "int:10:20", "x"), ParameterSpace.Parse("batch-size", "32,64", "x")],
        };
        var a = spec.PlanTrials();
        Assert.Equal(a, spec.PlanTrials(), new TrialComparer());
        Assert.NotEqual(a, (spec with { Seed = 1 }).PlanTrials(), new TrialComparer());
        var lrs = a.Select(t => double.Parse(t[0].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.All(lrs, lr => Assert.InRange(lr, 1e-4, 1e-2));
        // Log-uniform: about as many draws below 1e-3 (the geometric middle) as above.
        Assert.InRange(lrs.Count(lr => lr < 1e-3), 15, 35);
        Assert.Equal(Enumerable.Range(10, 11).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToHashSet(), a.Select(t => t[1].Value).ToHashSet());
        Assert.Equal(["32", "64"], a.Select(t => t[2].Value).Distinct().Order());
        Assert.Equal([4444L, 13333L, 40000L], SweepCommand.Budgets(40000, 3, 3));
    }

    [Fact]
    public void Bad_sweeps_get_one_clear_line()
    {
        using var dir = new TempDir();
        var cases = new (string[] Args, string Expected)[]
        {
            (["sweep", "--out", dir["a"], "--method", "grid", "--param", "learning-rate=log:1e-4:1e-2"], "grid search needs a list of values for 'learning-rate'"),
            (["sweep", "--out", dir["b"], "--param", "learning-rat=0.1,0.2"], "sweep parameter 'learning-rat' is not a setting"),
            (["sweep", "--out", dir["c"], "--param", "gamma=0.9,0.99", "--set", "total-steps=1000", "--set", "learning-starts=500"], "is not above learning-starts"),
            (["sweep", "--out", dir["d"]], "the sweep searches nothing"),
            (["sweep", "--out", dir["e"], "--param", "seed=1,2"], "cannot be searched"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode is 1 or 2, $"{string.Join(' ', args)}: exit {r.ExitCode}");
            var line = Assert.Single(r.ErrLines);
            Assert.Contains(expected, line);
        }
    }

    private sealed class TrialComparer : IEqualityComparer<List<List<KeyValuePair<string, string>>>>
    {
        public bool Equals(List<List<KeyValuePair<string, string>>>? x, List<List<KeyValuePair<string, string>>>? y) =>
            x!.Count == y!.Count && x.Zip(y).All(p => p.First.SequenceEqual(p.Second));

        public int GetHashCode(List<List<KeyValuePair<string, string>>> obj) => obj.Count;
    }
}
