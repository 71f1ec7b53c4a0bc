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
    public void BadValuesGiveOneLineErrorsNamingTheSetting(string key, string value, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Resolve(flags: [new(key, value)]));
        Assert.Contains(expected, e.Message);
        Assert.Contains(key, e.Message);
        Assert.DoesNotContain('\n', e.Message);
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
