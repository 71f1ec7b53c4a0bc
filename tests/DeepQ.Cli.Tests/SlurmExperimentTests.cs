using System.Text.Json;
using DeepQ.Cli.Commands;
using DeepQ.Cli.Experiments;

namespace DeepQ.Cli.Tests;

/// <summary>
/// A fact that needs a working Slurm (sbatch on PATH, a controller answering squeue): skipped with
/// the reason when either is missing, unless DEEPQ_REQUIRE_SLURM=1 (set by .ci/run, which starts a
/// one-node cluster) makes the absence a failure.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public const string RequireVariable = "DEEPQ_REQUIRE_SLURM";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) is { Length: > 0 } v && v != "0";

    private static readonly Lazy<string?> s_missing = new(Missing);

    public SlurmFactAttribute()
    {
        if (!Required && s_missing.Value is { } reason)
            Skip = $"Needs Slurm: {reason}. 'bash .ci/slurm-up' starts a one-node cluster; DEEPQ_REQUIRE_SLURM=1 makes this a failure instead of a skip.";
    }

    /// <summary>Why Slurm cannot run a job here, or null. A controller that is installed but down makes squeue fail (after ~10 s, so give it 3).</summary>
    private static string? Missing()
    {
        if (SlurmBackend.FindTool("sbatch") is null) return "sbatch is not on PATH";
        if (SlurmBackend.FindTool("squeue") is not { } squeue) return "squeue is not on PATH";
        var info = new System.Diagnostics.ProcessStartInfo(squeue, "-h") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(info)!;
        var drain = Task.WhenAll(p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
        if (!p.WaitForExit(3000))
        {
            p.Kill();
            return "the Slurm controller does not answer (squeue timed out)";
        }
        drain.Wait();
        return p.ExitCode == 0 ? null : "the Slurm controller does not answer (squeue failed)";
    }
}

public class SlurmExperimentTests
{
    private static readonly string[] Tiny =
    [
        "--set", "total-steps=300", "--set", "learning-starts=100", "--set", "batch-size=16", "--set", "hidden-sizes=16",
        "--set", "eval-interval=100", "--set", "eval-episodes=2", "--set", "final-eval-episodes=2", "--set", "stop-reward=none",
        "--bootstrap-reps", "200",
    ];

    [SlurmFact]
    public void A_cartpole_grid_runs_as_a_slurm_job_array_and_a_rerun_resubmits_only_the_unfinished_run()
    {
        Assert.True(SlurmBackend.FindTool("sbatch") is not null, $"{SlurmFactAttribute.RequireVariable} is set but sbatch is not on PATH; run 'bash .ci/slurm-up'.");
        using var dir = new TempDir();
        string[] grid = ["experiment", "--backend", "slurm", "--out", dir["exp"], "-c", "plain:double-dqn=false", "--seeds", "2", .. Tiny];
        var r = CliRunner.Run([.. grid, "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using (var doc = JsonDocument.Parse(Assert.Single(r.OutLines)))
            Assert.Equal(2, doc.RootElement.GetProperty("finished").GetInt32());
        Assert.Contains("submitted Slurm job", r.Err);
        string seed1 = dir["exp/runs/CartPole-v1/plain/seed-1"], seed2 = dir["exp/runs/CartPole-v1/plain/seed-2"];
        foreach (var run in new[] { seed1, seed2 })
        {
            Assert.Contains("slurm job", File.ReadAllText(Path.Combine(run, "train.log")));
            using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json")));
            Assert.Equal(300, result.RootElement.GetProperty("steps").GetInt64());
        }
        Assert.True(File.Exists(dir["exp/report.md"]));
        string seed1Metrics = File.ReadAllText(Path.Combine(seed1, "metrics.csv"));

        // Seed 2 loses its result (as if its task had been stopped after its last checkpoint): only it goes back to Slurm, as a resume.
        File.Delete(Path.Combine(seed2, "result.json"));
        var again = CliRunner.Run(grid);
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("1 finished already, 1 to run", again.Err);
        var jobs = File.ReadAllLines(dir["exp/slurm/jobs.txt"]);
        Assert.Equal(2, jobs.Length);
        Assert.Equal([seed2], File.ReadAllLines(dir["exp/slurm/tasks-2.txt"]));
        Assert.Contains("train --resume", File.ReadAllText(dir["exp/slurm/array-2.sh"]));
        Assert.True(File.Exists(Path.Combine(seed2, "result.json")));
        Assert.Equal(seed1Metrics, File.ReadAllText(Path.Combine(seed1, "metrics.csv")));
    }

    [Fact]
    public void Missing_sbatch_is_one_line_and_leaves_no_folder()
    {
        using var dir = new TempDir();
        var plan = ExperimentPlan.Create(ExperimentCommand.BuildSpec(null, ["plain"], "1", null, [], null));
        var backend = new SlurmBackend(new SlurmSettings(null, null, 400, 1, 0, [], false), TimeSpan.FromSeconds(1), searchPath: dir.Path);
        var console = new Output.CliConsole(TextWriter.Null, TextWriter.Null, false, false, CancellationToken.None);
        var e = Assert.Throws<CliUserException>(() => ExperimentCommand.Execute(console, plan, new ExperimentFolder(dir["exp"]), backend, 1, 100));
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Failure, ErrorReporter.Report(e, err));
        var line = Assert.Single(err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deepq: error: sbatch not found on PATH", line);
        Assert.False(Directory.Exists(dir["exp"]));
    }

    [Fact]
    public void The_batch_script_asks_for_the_memory_time_partition_and_throttle_given_and_picks_each_task_s_folder()
    {
        using var dir = new TempDir();
        var backend = new SlurmBackend(new SlurmSettings("gpu-long", "12:00:00", 2048, 2, 3, [], false), TimeSpan.FromSeconds(1));
        string script = backend.Script(new ExperimentFolder(dir["exp"]), "/shared/exp/slurm/tasks-1.txt", 40, "/shared/exp/slurm");
        Assert.Contains("#SBATCH --array=0-39%3\n", script);
        Assert.Contains("#SBATCH --mem=2048M\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script);
        Assert.Contains("#SBATCH --partition=gpu-long\n", script);
        Assert.Contains("#SBATCH --time=12:00:00\n#SBATCH --signal=B:TERM@120\n", script);
        Assert.Contains("sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" /shared/exp/slurm/tasks-1.txt", script);
        Assert.Contains("train --resume \"$run\"", script);
        Assert.Contains("train --config \"$run/grid-run.json\" --run-dir \"$run\"", script);
    }
}
