using DeepQ.Envs.Atari;

namespace DeepQ.Envs.Tests.Atari;

public class AtariEnvTests
{
    [Fact]
    public void Step_repeats_action_for_frameskip_frames_and_sums_rewards()
    {
        var rig = new FakeRig { RewardAt = f => f == 2 ? 1 : f == 4 ? -1 : f == 7 ? 5 : 0 };
        var env = rig.Env(frameSkip: 4);
        env.Reset(seed: 0);
        var r = env.Step(4); // index 4 of Pong's set [0,1,3,4,11,12] is ALE 11 (RIGHTFIRE)
        Assert.Equal(0.0, r.Reward); // +1 at frame 2, -1 at frame 4
        Assert.Equal([11, 11, 11, 11], rig.Current.Actions);
        Assert.Equal(5.0, env.Step(0).Reward);
        Assert.Equal(8, r.Info.EpisodeFrameNumber);
        Assert.Equal(["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"], env.ActionMeanings);
    }

    [Fact]
    public void Game_over_terminates_and_frame_limit_truncates()
    {
        var rig = new FakeRig { GameOverAt = 10 };
        var env = rig.Env(frameSkip: 4);
        env.Reset(seed: 0);
        Assert.False(env.Step(0).Terminated);
        Assert.False(env.Step(0).Terminated);
        var r = env.Step(0);
        Assert.True(r.Terminated);
        Assert.False(r.Truncated);
        Assert.Equal(12, rig.Current.Actions.Count); // ale-py does not stop the frame loop at game over

        var rig2 = new FakeRig();
        var env2 = rig2.Env(frameSkip: 1, maxFrames: 5);
        env2.Reset(seed: 0);
        for (int i = 1; i <= 5; i++) Assert.Equal(i == 5, env2.Step(0).Truncated);
    }

    [Fact]
    public void Observation_types_and_spaces()
    {
        var rig = new FakeRig();
        var rgb = rig.Env();
        Assert.Equal([210, 160, 3], rgb.ObservationSpace.Shape);
        var obs = rgb.Reset(seed: 1).Observation;
        Assert.Equal(FakeRig.Pixel(0, 5), obs[15]);
        Assert.Equal((byte)(FakeRig.Pixel(0, 5) * 3), obs[16]);
        Assert.Equal([210, 160], rig.Env(obs: AtariObsType.Grayscale).ObservationSpace.Shape);
        var ram = rig.Env(obs: AtariObsType.Ram);
        ram.Reset(seed: 0);
        Assert.Equal(1, ram.Step(0).Observation[0]);
        Assert.Equal(6, rgb.ActionSpace.N);
        Assert.Equal(18, rig.Env(fullActionSpace: true).ActionSpace.N);
    }

    [Fact]
    public void Seeded_reset_reloads_the_emulator_with_a_derived_seed()
    {
        var rig = new FakeRig();
        var env = rig.Env();
        env.Reset(seed: 7);
        ulong first = rig.Current.Seed;
        int created = rig.Created.Count;
        env.Reset();
        Assert.Equal(created, rig.Created.Count); // unseeded reset keeps the emulator (ALE reset_game)
        env.Reset(seed: 7);
        Assert.Equal(first, rig.Current.Seed);
        env.Reset(seed: 8);
        Assert.NotEqual(first, rig.Current.Seed);
    }

    [Fact]
    public void Info_carries_lives_and_frame_counters()
    {
        var rig = new FakeRig { LivesAt = f => f < 3 ? 5 : 4 };
        var env = rig.Env();
        var info = env.Reset(seed: 0).Info;
        Assert.Equal(5, info.Lives);
        env.Step(0); env.Step(0);
        info = env.Step(0).Info;
        Assert.Equal(4, info.Lives);
        Assert.Equal(3, info.EpisodeFrameNumber);
        Assert.Equal(3, info.FrameNumber);
    }

    [Fact]
    public void Bad_action_is_a_user_error()
    {
        var env = new FakeRig().Env();
        env.Reset(seed: 0);
        Assert.Contains("0..5", Assert.Throws<EnvException>(() => env.Step(6)).Message);
    }
}
