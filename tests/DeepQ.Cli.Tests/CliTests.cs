using System.Text.Json;

namespace DeepQ.Cli.Tests;

public class CliTests
{
    private static void AssertOneLineError(CliRunner.Result r, int exitCode, params string[] mentions)
    {
        Assert.Equal(exitCode, r.ExitCode);
        var line = Assert.Single(r.ErrLines);
        Assert.StartsWith("deepq: error: ", line);
        foreach (var m in mentions) Assert.Contains(m, line);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Unknown_flag_is_a_one_line_usage_error_with_a_help_hint()
    {
        var r = CliRunner.Run("plot", "somewhere", "--bogus");
        AssertOneLineError(r, 2, "--bogus", "deepq plot --help");
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var r = CliRunner.Run("fly");
        AssertOneLineError(r, 2, "fly", "deepq --help");
    }

    [Fact]
    public void Out_of_range_value_names_the_flag_the_range_and_the_value()
    {
        var r = CliRunner.Run("plot", "x", "--smooth", "1.5");
        AssertOneLineError(r, 2, "--smooth", "between 0 and 0.999", "1.5");
    }

    [Fact]
    public void Unparsable_value_is_a_usage_error()
    {
        var r = CliRunner.Run("plot", "x", "--smooth", "lots");
        AssertOneLineError(r, 2, "lots");
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var c in new[] { "train", "eval", "record", "plot", "bench", "verify-trace", "import-roms", "envs", "--json", "--roms" })
            Assert.Contains(c, r.Out);
        var bench = CliRunner.Run("bench", "--help");
        foreach (var c in new[] { "emulator", "learner", "train" })
            Assert.Contains(c, bench.Out);
    }

    [Fact]
    public void Roms_is_listed_only_where_roms_are_read()
    {
        Assert.Contains("--roms", CliRunner.Run("train", "--help").Out);
        Assert.Contains("--roms", CliRunner.Run("bench", "emulator", "--help").Out);
        Assert.DoesNotContain("--roms", CliRunner.Run("plot", "--help").Out);
        Assert.DoesNotContain("--roms", CliRunner.Run("envs", "--help").Out);
        Assert.DoesNotContain("--roms", CliRunner.Run("bench", "learner", "--help").Out);
    }

    [Fact]
    public void Train_help_says_whose_defaults_it_shows_and_noop_max_counts_frames()
    {
        var r = CliRunner.Run("train", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("values below are the cartpole-fast preset's", r.Out);
        Assert.Contains("--preset nature", r.Out);
        var noop = Assert.Single(r.OutLines, l => l.TrimStart().StartsWith("--noop-max", StringComparison.Ordinal));
        Assert.Contains("[frames]", noop);
        Assert.DoesNotContain("(default:", r.Out);
    }

    [Fact]
    public void Plot_of_a_missing_run_folder_is_a_one_line_error()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("plot", dir["nope"], "--out", dir["c"]);
        AssertOneLineError(r, 1, "nope", "does not exist");
    }

    [Fact]
    public void Plot_of_a_run_without_the_metric_says_which_metric_is_missing()
    {
        using var dir = new TempDir();
        PlottingTests.WriteRun(dir["run"], 1, i => i);
        var r = CliRunner.Run("plot", dir["run"], "--metric", "eval/episodic_return", "--out", dir["c"]);
        AssertOneLineError(r, 1, "eval/episodic_return", "--metric");
    }

    [Fact]
    public void Plot_writes_svg_and_png_and_json_has_one_object()
    {
        using var dir = new TempDir();
        for (int seed = 1; seed <= 3; seed++)
            PlottingTests.WriteRun(dir[$"CartPole-v1__dqn__{seed}__170000000{seed}"], seed, i => Math.Sqrt(i) * 20);
        PlottingTests.WriteRun(dir["other"], 0, i => i);
        var r = CliRunner.Run("plot", dir["CartPole-v1__dqn__1__1700000001"], dir["CartPole-v1__dqn__2__1700000002"],
            dir["CartPole-v1__dqn__3__1700000003"], dir["other"], "--out", dir["charts/curve"], "--json");
        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(r.OutLines);
        using var json = JsonDocument.Parse(line);
        Assert.Equal(dir["charts/curve"] + ".png", json.RootElement.GetProperty("png").GetString());
        var curves = json.RootElement.GetProperty("curves");
        Assert.Equal(2, curves.GetArrayLength());
        Assert.Equal("CartPole-v1__dqn", curves[0].GetProperty("label").GetString());
        Assert.Equal(3, curves[0].GetProperty("seeds").GetInt32());
        Assert.Equal(1, curves[1].GetProperty("seeds").GetInt32());

        var (w, h, _) = PngOutputTests.Decode(File.ReadAllBytes(dir["charts/curve.png"]));
        Assert.Equal((960, 600), (w, h));
        Assert.Contains("<polygon", File.ReadAllText(dir["charts/curve.svg"]));
    }

    [Fact]
    public void Plot_into_a_folder_writes_named_files_inside_it()
    {
        using var dir = new TempDir();
        PlottingTests.WriteRun(dir["run"], 1, i => i);
        var r = CliRunner.Run("plot", dir["run"], "-o", dir["charts"] + "/");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(File.Exists(dir["charts/learning_curve.png"]));
        Assert.True(File.Exists(dir["charts/learning_curve.svg"]));
        Assert.False(File.Exists(dir["charts/.png"]));
        Directory.CreateDirectory(dir["existing"]);
        Assert.Equal(0, CliRunner.Run("plot", dir["run"], "-o", dir["existing"]).ExitCode);
        Assert.True(File.Exists(dir["existing/learning_curve.svg"]));
    }

    [Fact]
    public void Plot_carries_a_solved_seeds_final_score_to_the_end_and_says_so()
    {
        using var dir = new TempDir();
        string solved = dir["CartPole-v1__dqn__1__1700000001"], longer = dir["CartPole-v1__dqn__2__1700000002"];
        PlottingTests.WriteRun(solved, 1, i => i, points: 10);
        PlottingTests.WriteRun(longer, 2, i => i, points: 40);
        File.WriteAllText(Path.Combine(solved, "result.json"), "{\"status\": \"solved\"}");
        var r = CliRunner.Run("plot", solved, longer, "--smooth", "0", "--out", dir["c"], "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = JsonDocument.Parse(Assert.Single(r.OutLines));
        var curve = json.RootElement.GetProperty("curves")[0];
        Assert.Equal(1, curve.GetProperty("solved_early").GetInt32());
        // Ends where the longer seed ends, averaging its last value (39 + 2) with the solved seed's last (9 + 1).
        Assert.Equal(39 * 1000 + 2 * 13, curve.GetProperty("last_step").GetDouble());
        Assert.Equal((41 + 10) / 2.0, curve.GetProperty("last_mean").GetDouble(), 9);
        Assert.Contains("solved early: final score carried forward", File.ReadAllText(dir["c.svg"]));
    }

    [Fact]
    public void Plot_averages_only_distinct_seeds_and_prefers_the_eval_return()
    {
        using var dir = new TempDir();
        string a = dir["CartPole-v1__dqn__1__1700000001"], b = dir["CartPole-v1__dqn__1__1700000002"], c = dir["CartPole-v1__dqn__2__1700000003"];
        PlottingTests.WriteRun(a, 1, i => i);
        PlottingTests.WriteRun(b, 1, i => i);
        PlottingTests.WriteRun(c, 2, i => i);
        var train = CliRunner.Run("plot", a, b, c, "--out", dir["t"], "--json");
        Assert.True(train.ExitCode == 0, train.Err);
        using (var json = JsonDocument.Parse(Assert.Single(train.OutLines)))
        {
            Assert.Equal("charts/episodic_return", json.RootElement.GetProperty("metric").GetString());
            var curves = json.RootElement.GetProperty("curves");
            Assert.Equal(2, curves.GetArrayLength());
            Assert.Equal(2, curves[0].GetProperty("seeds").GetInt32());       // seeds 1 and 2
            Assert.Equal("CartPole-v1__dqn__1__1700000002", curves[1].GetProperty("label").GetString());
            Assert.Equal(1, curves[1].GetProperty("seeds").GetInt32());       // the repeated seed 1 stands alone
        }

        foreach (var run in new[] { a, b, c })
            File.AppendAllText(Path.Combine(run, "metrics.csv"), "5000,eval/episodic_return,7,0\n6000,eval/episodic_return,9,0\n");
        var eval = CliRunner.Run("plot", a, c, "--out", dir["e"], "--json");
        Assert.True(eval.ExitCode == 0, eval.Err);
        using var doc = JsonDocument.Parse(Assert.Single(eval.OutLines));
        Assert.Equal("eval/episodic_return", doc.RootElement.GetProperty("metric").GetString());
    }

    [Fact]
    public void Plot_without_json_prints_human_lines()
    {
        using var dir = new TempDir();
        PlottingTests.WriteRun(dir["run"], 0, i => 2 * i, points: 3);
        var r = CliRunner.Run("plot", dir["run"], "--out", dir["c"], "--smooth", "0");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"run: 1 seed(s), final charts/episodic_return 4 at step 2000", r.OutLines[0]);
        Assert.Equal($"wrote {dir["c"]}.svg", r.OutLines[1]);
    }
}

public class JsonErrorTests
{
    [Fact]
    public void With_json_a_failure_is_still_one_json_object_on_stdout()
    {
        var r = CliRunner.Run("plot", "/nonexistent/run", "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.Contains("/nonexistent/run", doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("exit_code").GetInt32());
        Assert.StartsWith("deepq: error:", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void With_json_an_unknown_train_env_is_one_readable_json_object()
    {
        var r = CliRunner.Run("train", "--env", "Foo-v1", "--json");
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.OutLines);
        Assert.Contains("'Foo-v1'", line);   // quotes kept readable, not \u0027
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        Assert.Contains("deepq envs", doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void With_json_a_usage_error_is_one_json_object_too()
    {
        var r = CliRunner.Run("plot", "x", "--smooth", "7", "--json");
        Assert.Equal(2, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.Contains("--smooth", doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("exit_code").GetInt32());
    }
}
