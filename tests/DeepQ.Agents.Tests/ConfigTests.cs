using DeepQ.Agents.Config;

namespace DeepQ.Agents.Tests;

public class ConfigTests
{
    private static string TempFile(string name, string text)
    {
        var dir = Directory.CreateTempSubdirectory("deepq-config-");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void DefaultIsCartPoleFastAndAtariIdsPickTheNaturePreset()
    {
        var c = ConfigLoader.Resolve();
        Assert.Equal(Presets.CartPoleFast, c.Preset);
        Assert.Equal("CartPole-v1", c.Env);
        var pong = ConfigLoader.Resolve(flags: [new("env", "PongNoFrameskip-v4")]);
        Assert.Equal(Presets.Nature, pong.Preset);
        Assert.Equal(NetworkKind.NatureCnn, pong.Network);
    }

    [Theory]
    [InlineData(Presets.Nature, 1_000_000, 32, 10_000L, 2.5e-4, OptimizerKind.NatureRmsProp, 0.1, 1_000_000L, 50_000L)]
    [InlineData(Presets.CleanRlDqnAtari, 1_000_000, 32, 1_000L, 1e-4, OptimizerKind.Adam, 0.01, 1_000_000L, 80_000L)]
    [InlineData(Presets.Sb3ZooAtari, 100_000, 32, 1_000L, 1e-4, OptimizerKind.Adam, 0.01, 1_000_000L, 100_000L)]
    [InlineData(Presets.CleanRlDqn, 10_000, 128, 500L, 2.5e-4, OptimizerKind.Adam, 0.05, 250_000L, 10_000L)]
    public void PresetsCarryTheirSourcesValues(string name, int buffer, int batch, long target, double lr,
        OptimizerKind opt, double epsEnd, long explorationSteps, long learningStarts)
    {
        var c = ConfigLoader.Resolve(preset: name);
        Assert.Equal(name, c.Preset);
        Assert.Equal(buffer, c.BufferSize);
        Assert.Equal(batch, c.BatchSize);
        Assert.Equal(target, c.TargetUpdateInterval);
        Assert.Equal(lr, c.LearningRate);
        Assert.Equal(opt, c.Optimizer);
        Assert.Equal(epsEnd, c.EpsilonEnd);
        Assert.Equal(explorationSteps, c.ResolvedExplorationSteps);
        Assert.Equal(learningStarts, c.LearningStarts);
        Assert.Equal(0.99, c.Gamma);
    }

    [Fact]
    public void FileOverridesPresetAndFlagsOverrideFile()
    {
        var yaml = TempFile("c.yaml", "preset: cleanrl-dqn\nlearning_rate: 0.003\nhidden-sizes: [32, 16]\ntotal_timesteps: !!float 2e5\nstop-reward: none\n");
        var c = ConfigLoader.Resolve(configFile: yaml, flags: [new("learning-rate", "5e-4")]);
        Assert.Equal(Presets.CleanRlDqn, c.Preset);
        Assert.Equal(5e-4, c.LearningRate);
        Assert.Equal([32, 16], c.HiddenSizes);
        Assert.Equal(200_000, c.TotalSteps);
        Assert.Equal(128, c.BatchSize);     // untouched preset value
        Assert.True(double.IsNaN(c.StopReward));

        var json = TempFile("c.json", "{ \"batch-size\": 16, \"loss\": \"mse\", \"double_dqn\": false }");
        var j = ConfigLoader.Resolve(configFile: json);
        Assert.Equal(16, j.BatchSize);
        Assert.Equal(LossKind.Mse, j.Loss);
        Assert.False(j.DoubleDqn);
    }

    [Fact]
    public void ResolvedConfigRoundTripsExactly()
    {
        var c = ConfigLoader.Resolve(preset: Presets.Nature, flags: [new("learning-rate", "0.000123456789"), new("seed", "7")]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("deepq-config-").FullName, ConfigLoader.ResolvedFileName);
        ConfigLoader.WriteResolved(c, path);
        var back = ConfigLoader.LoadResolved(path);
        Assert.True(c.SameAs(back));
        Assert.Contains("\"learning-rate\": 0.000123456789", File.ReadAllText(path));
    }

    [Fact]
    public void A_run_config_without_a_newer_setting_keeps_its_built_in_default_not_the_presets()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("deepq-config-").FullName, ConfigLoader.ResolvedFileName);
        ConfigLoader.WriteResolved(ConfigLoader.Resolve(preset: Presets.PongFast), path);
        // As if "tau" had been added after this run began: the run kept the behaviour of its day.
        var lines = File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith("\"tau\"", StringComparison.Ordinal));
        File.WriteAllLines(path, lines);
        var loaded = ConfigLoader.LoadResolved(path);
        Assert.Equal(new DqnConfig().Tau, loaded.Tau);
        Assert.Equal(Presets.Get(Presets.PongFast).TargetUpdateInterval, loaded.TargetUpdateInterval); // named settings as written
    }

    [Fact]
    public void A_checkpoint_older_than_a_setting_resumes_only_with_that_settings_built_in_default()
    {
        var run = ConfigLoader.Resolve(preset: Presets.PongFast);
        string ours = ConfigLoader.ToJson(run);
        string older = string.Join("\n", ours.Split('\n').Where(l => !l.Contains("\"overlap-learning\"", StringComparison.Ordinal)));
        Assert.Null(RunCheckpoint.Difference(older, ConfigLoader.ToJson(run with { OverlapLearning = false })));
        Assert.Contains("predates", RunCheckpoint.Difference(older, ConfigLoader.ToJson(run with { OverlapLearning = true })));
        Assert.Contains("batch-size: checkpoint 32, config 64", RunCheckpoint.Difference(ours, ConfigLoader.ToJson(run with { BatchSize = 64 })));
    }

    [Fact]
    public void Pong_fast_averages_its_target_after_every_update()
    {
        var c = ConfigLoader.Resolve(preset: Presets.PongFast);
        Assert.Equal(0.01, c.Tau);
        Assert.Equal(c.TrainFrequency * c.GradientSteps, c.TargetUpdateInterval); // one soft update per gradient step
        Assert.True(c.UseTargetNetwork && c.DoubleDqn);
        Assert.True(c.OverlapLearning); // an actor and a learner side by side
    }

    [Fact]
    public void The_2013_network_is_a_setting_value_that_round_trips()
    {
        var c = ConfigLoader.Resolve(preset: Presets.PongFast);
        Assert.Equal(NetworkKind.Nips2013Cnn, c.Network);   // pong-fast's network
        Assert.Equal(NetworkKind.NatureCnn, ConfigLoader.Resolve(preset: Presets.PongFast, flags: [new("network", "nature-cnn")]).Network);
        var path = Path.Combine(Directory.CreateTempSubdirectory("deepq-config-").FullName, ConfigLoader.ResolvedFileName);
        ConfigLoader.WriteResolved(c, path);
        Assert.Contains("\"network\": \"nips2013-cnn\"", File.ReadAllText(path));
        Assert.True(c.SameAs(ConfigLoader.LoadResolved(path)));
        Assert.Equal(NetworkKind.Nips2013Cnn, ConfigLoader.Resolve(flags: [new("network", "nips2013_cnn")]).Network);
    }

    [Fact]
    public void UnknownKeysSuggestTheClosestSetting()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(flags: [new("lerning-rate", "0.1")]));
        Assert.Contains("unknown setting 'lerning-rate'", e.Message);
        Assert.Contains("did you mean 'learning-rate'", e.Message);
        var file = TempFile("bad.yaml", "bogus_key_entirely: 3\n");
        var f = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: file));
        Assert.Contains(file, f.Message);
    }

    [Theory]
    [InlineData("learning-rate", "-1", "out of range")]
    [InlineData("gamma", "1.5", "out of range")]
    [InlineData("batch-size", "abc", "not a valid value")]
    [InlineData("loss", "l1", "huber, mse")]
    [InlineData("hidden-sizes", "64,0", "positive layer widths")]
    [InlineData("learning-starts", "999999999", "must be below total-steps")]
    [InlineData("double-dqn", "maybe", "true or false")]
    [InlineData("total-steps", "99999999999", "out of range")]
    [InlineData("batch-size", "99999999999", "batch-size = 99999999999 is out of range; it must be >= 1 and <= 65536")]
    [InlineData("batch-size", "100000000", "out of range; it must be >= 1 and <= 65536")]
    [InlineData("gradient-steps", "5000", "out of range; it must be >= 1 and <= 1000")]
    [InlineData("seed", "99999999999", "seed = 99999999999 is out of range; it must be >= 0 and <= 2147483647")]
    [InlineData("frame-skip", "2", "applies to Atari envs only")]
    public void BadValuesGiveOneLineErrorsNamingTheSetting(string key, string value, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(flags: [new(key, value)]));
        Assert.Contains(expected, e.Message);
        Assert.Contains(key, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_setting_named_twice_in_a_file_is_an_error_not_a_silent_win()
    {
        var aliases = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: TempFile("d.json", "{\"lr\": 0.1, \"learning-rate\": 0.2}")));
        Assert.Contains("'lr' and 'learning-rate' both set learning-rate", aliases.Message);
        var same = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: TempFile("s.json", "{\"seed\": 1, \"seed\": 2}")));
        Assert.Contains("'seed' is set twice", same.Message);
        // A flag over the file is the documented order, not a duplicate.
        Assert.Equal(3, ConfigLoader.Resolve(configFile: TempFile("f.json", "{\"seed\": 1}"), flags: [new("seed", "3")]).Seed);
    }

    [Fact]
    public void Atari_only_settings_for_a_vector_env_are_refused_and_allowed_for_atari()
    {
        var file = TempFile("a.yaml", "noop-max: 5\n");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: file));
        Assert.Contains(file, e.Message);
        Assert.Contains("noop-max applies to Atari envs only", e.Message);
        Assert.Equal(2, ConfigLoader.Resolve(flags: [new("env", "PongNoFrameskip-v4"), new("frame-skip", "2")]).FrameSkip);
    }

    [Fact]
    public void A_clash_between_settings_names_where_each_value_came_from()
    {
        var file = TempFile("short.yaml", "total-steps: 1000\n");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: file));
        Assert.Contains("learning-starts (1000, from preset cartpole-fast)", e.Message);
        Assert.Contains($"total-steps (1000, from config file {file}", e.Message);
    }

    [Fact]
    public void Paths_of_the_wrong_kind_say_what_they_are()
    {
        Assert.Contains("is a folder, not a file", Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: Path.GetTempPath())).Message);
        string file = TempFile("not-a-run.json", "{}");
        Assert.Contains("is a file, not a run folder", Assert.Throws<CheckpointException>(() => new RunFolder(file).EnsureResumable()).Message);
    }

    [Fact]
    public void BadFilesAndPresetsAreReported()
    {
        Assert.Contains("does not exist", Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: "/nonexistent/x.yaml")).Message);
        Assert.Contains("not valid JSON", Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: TempFile("x.json", "{ \"seed\": "))).Message);
        Assert.Contains("not valid YAML", Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: TempFile("x.yaml", "seed: [1,\n"))).Message);
        Assert.Contains(".json, .yaml", Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(configFile: TempFile("x.toml", "seed = 1"))).Message);
        Assert.Contains("cartpole-fast", Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(preset: "dopamine")).Message);
    }

    [Fact]
    public void EverySettingHasHelpWithItsDefault()
    {
        Assert.True(ConfigSchema.Settings.Count > 40);
        foreach (var s in ConfigSchema.Settings)
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Help));
            Assert.Contains("[default: ", s.HelpText());
            // Each setting's formatted default parses back to the same value.
            var d = new DqnConfig();
            Assert.Equal(s.Format(d), ConfigSchema.FormatValue(s.Parse(s.Format(d), "test")));
        }
        Assert.Contains("[agent steps]", ConfigSchema.Find("target-update-interval")!.HelpText());
        Assert.Same(ConfigSchema.Find("learning-rate"), ConfigSchema.Find("learning_rate"));
        Assert.Same(ConfigSchema.Find("total-steps"), ConfigSchema.Find("total_timesteps"));
    }
}
