using DeepQ.TestSupport;

namespace DeepQ.Envs.Tests;

public class AtariRegistryTests
{
    [Fact]
    public void Ids_are_spelled_as_ale_py_registers_them()
    {
        var ids = Gym.Ids.ToHashSet();
        Assert.Contains("PongNoFrameskip-v4", ids);
        Assert.Contains("ALE/Pong-v5", ids);
        Assert.Contains("Pong-v4", ids);
        Assert.Contains("PongDeterministic-v4", ids);
        Assert.Contains("BreakoutNoFrameskip-v4", ids);
        Assert.Contains("CartPole-v1", ids);
        Assert.Equal(ids.Count, Gym.Ids.Count());
    }

    [Fact]
    public void List_describes_every_id()
    {
        var list = Gym.List().ToList();
        Assert.Equal(Gym.Ids.ToList(), list.Select(e => e.Id).ToList());
        Assert.Contains("frame skip 1, no sticky actions", list.Single(e => e.Id == "PongNoFrameskip-v4").Description);
        Assert.Contains("sticky actions 0.25", list.Single(e => e.Id == "ALE/Pong-v5").Description);
        Assert.EndsWith("byte[210,160,3]", list.Single(e => e.Id == "PongNoFrameskip-v4").Description);
        Assert.EndsWith("byte[250,160,3]", list.Single(e => e.Id == "ALE/Tennis-v5").Description);
    }

    [SharedFact]
    public void Screen_heights_in_the_list_are_the_heights_ale_recorded()
    {
        var traces = Directory.GetFiles(Path.Combine(SharedData.TracesDir, "games"), "*.trace.gz");
        Assert.NotEmpty(traces);
        foreach (var path in traces.Append(Path.Combine(SharedData.TracesDir, "pong_fs1_seed0.trace.gz")))
        {
            using var trace = new DeepQ.Emulator.Traces.TraceReader(path);
            string game = Path.GetFileNameWithoutExtension(trace.Header.Rom);
            Assert.True(trace.Header.ScreenHeight == Gym.AleScreenHeight(game), $"{game}: ALE shows {trace.Header.ScreenHeight} lines, the list says {Gym.AleScreenHeight(game)}");
        }
    }

    [Fact]
    public void Id_settings_match_ale_py()
    {
        var nf = Gym.AtariSpecs.Single(s => s.Id == "PongNoFrameskip-v4");
        Assert.Equal((1, 0.0, "pong"), (nf.FrameSkip, nf.RepeatActionProbability, nf.Game));
        var v5 = Gym.AtariSpecs.Single(s => s.Id == "ALE/Pong-v5");
        Assert.Equal((4, 0.25), (v5.FrameSkip, v5.RepeatActionProbability));
        var v4 = Gym.AtariSpecs.Single(s => s.Id == "Pong-v4");
        Assert.Equal((2, 5), (v4.FrameSkip, v4.FrameSkipMax));
    }

    [Theory]
    [InlineData("space_invaders", "SpaceInvaders")]
    [InlineData("pong", "Pong")]
    [InlineData("up_n_down", "UpNDown")]
    [InlineData("montezuma_revenge", "MontezumaRevenge")]
    public void Game_names_follow_ale_py(string game, string name) => Assert.Equal(name, Gym.GameIdToName(game));

    [Fact]
    public void Misspelled_atari_id_suggests_the_right_one()
    {
        var ex = Assert.Throws<EnvException>(() => Gym.Make("PongNoFrameSkip-v4"));
        Assert.Contains("PongNoFrameskip-v4", ex.Message);
    }

    [Fact]
    public void Missing_rom_folder_is_a_user_error_naming_the_fix()
    {
        var missing = Path.Combine(Path.GetTempPath(), "deepq-no-such-roms-" + Guid.NewGuid());
        var ex = Assert.Throws<EnvException>(() => Gym.Make("PongNoFrameskip-v4", new EnvOptions { RomsDir = missing }));
        Assert.Contains("PongNoFrameskip-v4", ex.Message);
        Assert.Contains("RomLibrary.Import(DIR)", ex.Message);
    }

    [Fact]
    public void Dqn_stack_needs_an_atari_id()
    {
        Assert.Throws<EnvException>(() => Gym.MakeAtari("CartPole-v1"));
    }
}
