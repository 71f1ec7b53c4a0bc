using System.Globalization;
using System.Text.Json;

namespace DeepQ.Cli.Tests;

public class TrainCommandTests
{
    /// <summary>A CartPole run small enough for a unit test: 200 agent steps, 100 small updates, 2 final evaluation episodes.</summary>
    private static readonly string[] Tiny =
    [
        "--total-steps", "200", "--learning-starts", "100", "--batch-size", "16", "--hidden-sizes", "32",
        "--final-eval-episodes", "2", "--eval-interval", "0", "--log-interval", "100",
    ];

    [Fact]
    public void Train_json_reports_eval_statistics_and_writes_metrics_in_cleanrl_names()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["train", .. Tiny, "--run-dir", dir["run"], "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        var root = doc.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(200, root.GetProperty("steps").GetInt64());
        Assert.Equal(2, root.GetProperty("eval_episodes").GetInt32());
        Assert.True(root.GetProperty("eval_mean").GetDouble() >= 1);
        Assert.True(root.GetProperty("eval_std").GetDouble() >= 0);
        Assert.Equal(Path.GetFullPath(dir["run"]), root.GetProperty("run_dir").GetString());

        var rows = File.ReadAllLines(dir["run/metrics.csv"]).Skip(1).Select(l => l.Split(',')).ToList();
        var tags = rows.Select(c => c[1]).ToHashSet();
        Assert.Contains("charts/episodic_return", tags);
        Assert.Contains("charts/episodic_length", tags);
        Assert.Contains("losses/td_loss", tags);
        Assert.Contains("losses/q_values", tags);
        Assert.Contains("charts/SPS", tags);
        // The training clock goes with every report and never runs backwards.
        var clock = rows.Where(c => c[1] == "charts/training_seconds").Select(c => double.Parse(c[2], CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(clock);
        Assert.Equal(clock.Order(), clock);
        Assert.True(clock[^1] > 0);
        // CartPole pays 1 per step, so each episode's return equals its length.
        var returns = rows.Where(c => c[1] == "charts/episodic_return").Select(c => (c[0], c[2])).ToList();
        var lengths = rows.Where(c => c[1] == "charts/episodic_length").Select(c => (c[0], c[2])).ToList();
        Assert.Equal(returns, lengths);

        var events = Assert.Single(Directory.GetFiles(dir["run"], "events.out.tfevents.*"));
        var records = TfEventWriterTests.ReadRecords(File.ReadAllBytes(events));
        Assert.Equal(rows.Count + 1, records.Count);
    }

    [Fact]
    public void Json_without_a_best_model_has_null_best_step_and_readable_plus_signs()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["train", .. Tiny, "--run-dir", dir["run+1"], "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        string line = Assert.Single(r.OutLines);
        Assert.Contains("run+1", line);
        Assert.DoesNotContain("\\u002B", line);
        using var doc = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("best_score").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("best_step").ValueKind);
    }

    [Fact]
    public void Without_periodic_evaluation_next_line_points_at_the_last_model_that_exists()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["train", .. Tiny, "--run-dir", dir["run"]]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.False(File.Exists(dir["run/best.safetensors"]));
        string model = Path.Combine(Path.GetFullPath(dir["run"]), "model.safetensors");
        Assert.True(File.Exists(model));
        Assert.Contains($"next: deepq eval {model}", r.Out);
        Assert.DoesNotContain("best model", r.Out + r.Err);
        Assert.Contains("final evaluation of the last model", r.Out + r.Err);
    }

    [Fact]
    public void Ctrl_c_stops_with_a_resumable_checkpoint_and_resume_finishes_the_run()
    {
        using var dir = new TempDir();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var stopped = CliRunner.Run(cancelled.Token, ["train", .. Tiny, "--run-dir", dir["run"]]);
        Assert.Equal(130, stopped.ExitCode);
        Assert.Contains($"continue with: deepq train --resume {Path.GetFullPath(dir["run"])}", stopped.Out);

        var resumed = CliRunner.Run("train", "--resume", dir["run"], "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        using var doc = JsonDocument.Parse(Assert.Single(resumed.OutLines));
        Assert.Equal(200, doc.RootElement.GetProperty("steps").GetInt64());
        Assert.Single(File.ReadAllLines(dir["run/metrics.csv"]), l => l.StartsWith("step,", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_env_id_is_a_one_line_error_suggesting_deepq_envs()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("train", "--env", "CartPool-v1", "--run-dir", dir["run"]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("CartPool-v1", line);
        Assert.Contains("CartPole-v1", line);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(dir["run"]), "a failed start must not leave an empty run folder");
    }

    [Fact]
    public void A_run_folder_in_use_by_another_process_is_refused_with_one_line()
    {
        using var dir = new TempDir();
        var first = CliRunner.Run(["train", .. Tiny, "--run-dir", dir["run"], "--checkpoint-interval", "100"]);
        Assert.True(first.ExitCode == 0, first.Err);
        long before = new FileInfo(dir["run/metrics.csv"]).Length;
        using (new Agents.RunFolder(dir["run"]).Lock())
        {
            var second = CliRunner.Run("train", "--resume", dir["run"]);
            Assert.Equal(1, second.ExitCode);
            var line = Assert.Single(second.ErrLines);
            Assert.Contains("in use by another deepq training process", line);
            Assert.Contains(Path.GetFullPath(dir["run"]), line);
            var fresh = CliRunner.Run(["train", .. Tiny, "--run-dir", dir["run"]]);
            Assert.Contains("in use", Assert.Single(fresh.ErrLines));
        }
        Assert.Equal(before, new FileInfo(dir["run/metrics.csv"]).Length);
        Assert.False(File.Exists(dir["run/train.lock"]), "the lock file goes when the lock is released");
    }

    [Fact]
    public void Missing_rom_is_a_one_line_error_pointing_at_import_roms()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["roms"]);
        var r = CliRunner.Run("train", "--env", "PongNoFrameskip-v4", "--roms", dir["roms"], "--run-dir", dir["run"]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("pong", line);
        Assert.Contains("import-roms", line);
        Assert.Contains(dir["roms"], line);
    }

    [Fact]
    public void Out_of_range_setting_is_a_one_line_error_naming_it()
    {
        var r = CliRunner.Run("train", "--gamma", "1.5");
        Assert.Equal(2, r.ExitCode);   // a bad flag value is a usage error, like the parser's own
        var line = Assert.Single(r.ErrLines);
        Assert.StartsWith("deepq: error:", line);
        Assert.Contains("gamma", line);
        Assert.Contains("1.5", line);
    }

    [Fact]
    public void Unknown_preset_and_unknown_flag_are_usage_errors()
    {
        var preset = CliRunner.Run("train", "--preset", "fastest");
        Assert.Equal(2, preset.ExitCode);
        Assert.Contains("fastest", Assert.Single(preset.ErrLines));
        var flag = CliRunner.Run("train", "--learning-rat", "0.1");
        Assert.Equal(2, flag.ExitCode);
        Assert.Contains("'deepq train --help'", Assert.Single(flag.ErrLines));
    }

    [Fact]
    public void Unwritable_run_folder_is_a_one_line_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["file"], "not a folder");
        var r = CliRunner.Run(["train", .. Tiny, "--run-dir", dir["file/run"]]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("file/run", line);
        Assert.Contains("--run-dir", line);
    }

    [Fact]
    public void Diverging_loss_stops_with_one_line_and_keeps_the_last_checkpoint()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("train", "--total-steps", "400", "--learning-starts", "100", "--checkpoint-interval", "50",
            "--learning-rate", "1e30", "--loss", "mse", "--max-grad-norm", "0", "--batch-size", "16", "--run-dir", dir["run"]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("diverged", line);
        Assert.True(File.Exists(dir["run/checkpoint.bin"]));
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Resume_refuses_settings_that_would_change_the_run()
    {
        var r = CliRunner.Run("train", "--resume", "somewhere", "--seed", "3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("drop --seed", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void Default_run_folder_follows_cleanrls_run_name_so_plot_groups_seeds()
    {
        var dir = Commands.TrainCommand.DefaultRunDirectory(new Agents.Config.DqnConfig { Env = "ALE/Pong-v5", Seed = 7, Preset = "nature" });
        string name = Path.GetFileName(dir);
        Assert.StartsWith("ALE-Pong-v5__nature__7__", name);
        Assert.Equal("ALE-Pong-v5__nature", Plotting.SeedAggregate.GroupName(name));
    }
}
