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
        Assert.Contains("import-roms", ex.Message);
    }

    [Fact]
    public void Dqn_stack_needs_an_atari_id()
    {
        Assert.Throws<EnvException>(() => Gym.MakeAtari("CartPole-v1"));
    }
}
