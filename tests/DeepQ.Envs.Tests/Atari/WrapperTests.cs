using DeepQ.Envs.Atari;
using DeepQ.Envs.Imaging;
using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs.Tests.Atari;

public class WrapperTests
{
    private const int Px = 210 * 160;

    private static byte[] Gray(long frame)
    {
        var g = new byte[Px];
        for (int i = 0; i < Px; i++) g[i] = FakeRig.Pixel(frame, i);
        return g;
    }

    [Fact]
    public void NoopReset_takes_the_overridden_number_of_noops()
    {
        var rig = new FakeRig();
        var env = new NoopReset(rig.Env(), 30) { OverrideNumNoops = 3 };
        var r = env.Reset(seed: 0);
        Assert.Equal([0, 0, 0], rig.Current.Actions);
        Assert.Equal(3, r.Info.EpisodeFrameNumber);
        Assert.Equal(FakeRig.Pixel(3, 0), r.Observation[0]);
    }

    [Fact]
    public void NoopReset_draws_counts_uniformly_in_1_to_noop_max_reproducibly()
    {
        static List<int> Counts(int seed)
        {
            var rig = new FakeRig { Height = 2, Width = 2 }; // tiny screens keep 300 resets fast
            var env = new NoopReset(rig.Env(), 30);
            var counts = new List<int>();
            env.Reset(seed);
            counts.Add(rig.Current.Actions.Count);
            for (int i = 0; i < 300; i++)
            {
                int before = rig.Current.Actions.Count;
                env.Reset();
                counts.Add(rig.Current.Actions.Count - before);
            }
            return counts;
        }
        var a = Counts(5);
        Assert.All(a, c => Assert.InRange(c, 1, 30));
        Assert.Contains(1, a);
        Assert.Contains(30, a);
        Assert.Equal(a, Counts(5));
        Assert.NotEqual(a, Counts(6));
    }

    [Fact]
    public void NoopReset_resets_again_when_the_game_ends_during_noops()
    {
        var rig = new FakeRig { GameOverAt = 2 };
        var env = new NoopReset(rig.Env(), 30) { OverrideNumNoops = 5 };
        env.Reset(seed: 0);
        // Frames 1,2 -> game over -> reset; frames 1,2 -> reset; frame 1 -> 3 ResetGame calls beyond the first.
        Assert.Equal(1 + 2, rig.Current.Resets);
        Assert.Equal(1, rig.Current.EpisodeFrameNumber);
    }

    [Fact]
    public void MaxAndSkip_pools_the_last_two_of_four_frames_and_sums_rewards()
    {
        var rig = new FakeRig { RewardAt = f => (int)f };
        var env = new MaxAndSkip(rig.Env(obs: AtariObsType.Grayscale), 4);
        var reset = env.Reset(seed: 0).Observation.ToArray();
        Assert.Equal(Gray(0), reset); // reset observation passes through unpooled
        var r = env.Step(0);
        Assert.Equal(1 + 2 + 3 + 4, r.Reward);
        byte[] f3 = Gray(3), f4 = Gray(4);
        var expected = f3.Zip(f4, Math.Max).ToArray();
        Assert.Equal(expected, r.Observation.ToArray());
        Assert.NotEqual(f4, expected); // the max really differs from the last frame
    }

    [Fact]
    public void MaxAndSkip_stops_at_game_over_and_keeps_sb3_stale_buffers()
    {
        var rig = new FakeRig { RewardAt = _ => 1, GameOverAt = 6 };
        var env = new MaxAndSkip(rig.Env(obs: AtariObsType.Grayscale), 4);
        env.Reset(seed: 0);
        env.Step(0); // frames 1..4: buffers hold frames 3 and 4
        var r = env.Step(0); // frames 5, 6 -> game over after 2 of 4
        Assert.True(r.Terminated);
        Assert.Equal(2.0, r.Reward);
        Assert.Equal(6, rig.Current.Actions.Count);
        // i == skip-2 (2) was never reached: SB3 pools the frames 3 and 4 still in its buffer.
        Assert.Equal(Gray(3).Zip(Gray(4), Math.Max).ToArray(), r.Observation.ToArray());
    }

    [Fact]
    public void EpisodicLife_ends_episodes_on_life_loss_without_restarting_the_game()
    {
        var rig = new FakeRig { LivesAt = f => f < 3 ? 3 : f < 6 ? 2 : f < 9 ? 1 : 0, GameOverAt = 9 };
        var env = new EpisodicLife(rig.Env());
        env.Reset(seed: 0);
        Assert.False(env.Step(0).Terminated);
        Assert.False(env.Step(0).Terminated);
        Assert.True(env.Step(0).Terminated); // lives 3 -> 2 at frame 3
        Assert.False(env.WasRealDone);
        env.Reset();
        Assert.Equal(1, rig.Current.Resets); // only the first reset restarted the game
        Assert.Equal(4, rig.Current.EpisodeFrameNumber); // the reset took one NOOP step
        env.Step(0);
        Assert.True(env.Step(0).Terminated); // lives 2 -> 1 at frame 6
        env.Reset(); // frame 7
        env.Step(0);
        var end = env.Step(0); // frame 9: lives 0 and game over
        Assert.True(end.Terminated);
        Assert.True(env.WasRealDone);
        env.Reset();
        Assert.Equal(2, rig.Current.Resets);
    }

    [Fact]
    public void FireReset_presses_fire_then_action_two_after_reset()
    {
        var rig = new FakeRig();
        var env = new FireReset(rig.Env());
        env.Reset(seed: 0);
        Assert.Equal([1, 3], rig.Current.Actions); // FIRE, then index 2 = ALE RIGHT in Pong's set
        Assert.Equal(2, env.Info.EpisodeFrameNumber);
        var noFire = new FakeRig { Minimal = [0, 2, 5] }; // Freeway-like: no FIRE
        Assert.False(FireReset.Applies(noFire.Env()));
        Assert.Throws<EnvException>(() => new FireReset(noFire.Env()));
    }

    [Fact]
    public void WarpFrame_is_opencv_gray_then_area_resize()
    {
        var rig = new FakeRig();
        var raw = rig.Env();
        var env = new WarpFrame(raw);
        var obs = env.Reset(seed: 0).Observation.ToArray();
        Assert.Equal([84, 84], env.ObservationSpace.Shape);
        var rgb = new byte[Px * 3];
        rig.Current.GetScreenRgb(rgb);
        var gray = new byte[Px];
        var expected = new byte[84 * 84];
        // Gray by the BT.601 fixed-point formula, written out here independently of GrayConversion.
        for (int i = 0; i < Px; i++) gray[i] = (byte)((rgb[i * 3] * 9798 + rgb[i * 3 + 1] * 19235 + rgb[i * 3 + 2] * 3735 + 16384) >> 15);
        new AreaResize(210, 160, 84, 84).Resize(gray, expected);
        Assert.Equal(expected, obs);
    }

    [Fact]
    public void ClipReward_keeps_only_the_sign()
    {
        var rig = new FakeRig { RewardAt = f => f == 1 ? 7 : f == 2 ? -3 : 0 };
        var env = new ClipReward<byte>(rig.Env());
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(0).Reward);
        Assert.Equal(-1.0, env.Step(0).Reward);
        Assert.Equal(0.0, env.Step(0).Reward);
    }

    [Fact]
    public void FrameStack_keeps_the_last_four_frames_oldest_first()
    {
        var rig = new FakeRig { Height = 4, Width = 5 };
        var stack = new FrameStack(rig.Env(obs: AtariObsType.Grayscale), 4);
        Assert.Equal([4, 4, 5], stack.ObservationSpace.Shape);
        var first = stack.Reset(seed: 0).Observation.ToArray();
        for (int k = 0; k < 4; k++) Assert.Equal(FakeRig.Pixel(0, 3), first[k * 20 + 3]); // repeated reset frame
        for (int t = 1; t <= 6; t++)
        {
            var obs = stack.Step(0).Observation;
            for (int k = 0; k < 4; k++)
            {
                long frame = Math.Max(0, t - 3 + k);
                for (int i = 0; i < 20; i++) Assert.Equal(FakeRig.Pixel(frame, i), obs[k * 20 + i]);
            }
            Assert.True(stack.NewestFrame.SequenceEqual(obs[60..]));
            Assert.True(stack.Frame(0).SequenceEqual(obs[..20]));
        }
    }

    [Fact]
    public void FrameStack_zero_padding_is_sb3s()
    {
        var rig = new FakeRig { Height = 2, Width = 2 };
        var stack = new FrameStack(rig.Env(obs: AtariObsType.Grayscale), 3, FrameStackPadding.Zeros);
        var obs = stack.Reset(seed: 0).Observation.ToArray();
        Assert.Equal(new byte[8], obs[..8]);
        Assert.Equal(FakeRig.Pixel(0, 1), obs[9]);
        obs = stack.Step(0).Observation.ToArray();
        Assert.Equal(new byte[4], obs[..4]);
        Assert.Equal(FakeRig.Pixel(1, 1), obs[9]);
    }

    [Fact]
    public void Episode_statistics_report_the_whole_game_under_episodic_life_and_clipping()
    {
        var rig = new FakeRig { RewardAt = f => f % 2 == 0 ? 3 : 0, LivesAt = f => f < 4 ? 2 : 1, GameOverAt = 8 };
        IEnv<byte> env = new ClipReward<byte>(new EpisodicLife(new RecordEpisodeStatistics<byte>(rig.Env())));
        env.Reset(seed: 0);
        double clipped = 0;
        EpisodeStatistics? stats = null;
        int trainingEpisodes = 0;
        for (int i = 0; i < 20 && stats is null; i++)
        {
            var r = env.Step(0);
            clipped += r.Reward;
            stats = r.Info.Episode;
            if (r.Done) { trainingEpisodes++; if (stats is null) env.Reset(); }
        }
        Assert.Equal(2, trainingEpisodes);
        // Frames 1..8, reward 3 at each even frame: 12; 8 raw steps (the reset NOOP counts as one).
        Assert.Equal(new EpisodeStatistics(12, 8), stats);
        Assert.Equal(4, clipped);
    }

    [Fact]
    public void Gymnasium_preprocessing_pools_gray_screens_of_the_last_two_frames()
    {
        var rig = new FakeRig();
        var env = new AtariPreprocessing(rig.Env(), noopMax: 0, frameSkip: 4);
        var reset = env.Reset(seed: 0).Observation.ToArray();
        var expected = new byte[84 * 84];
        var resize = new AreaResize(210, 160, 84, 84);
        resize.Resize(Gray(0), expected); // reset: buffer 0 = screen, buffer 1 = zeros; max = screen
        Assert.Equal(expected, reset);
        var obs = env.Step(0).Observation.ToArray();
        resize.Resize(Gray(3).Zip(Gray(4), Math.Max).ToArray(), expected);
        Assert.Equal(expected, obs);
    }

    [Fact]
    public void Gymnasium_preprocessing_terminal_on_life_loss_and_frameskip_check()
    {
        var rig = new FakeRig { LivesAt = f => f < 6 ? 3 : 2 };
        var env = new AtariPreprocessing(rig.Env(), noopMax: 0, terminalOnLifeLoss: true);
        env.Reset(seed: 0);
        Assert.False(env.Step(0).Terminated);
        Assert.True(env.Step(0).Terminated);
        Assert.Equal(6, rig.Current.EpisodeFrameNumber); // stopped at the life loss, mid-skip
        Assert.Throws<EnvException>(() => new AtariPreprocessing(rig.Env(frameSkip: 4)));
    }

    [Fact]
    public void Dqn_stack_defaults_give_four_stacked_84x84_frames()
    {
        var rig = new FakeRig { LivesAt = _ => 3 };
        var env = AtariStack.Wrap(rig.Env(), new AtariWrapperOptions());
        Assert.Equal([4, 84, 84], env.ObservationSpace.Shape);
        Assert.Equal(DType.UInt8, env.ObservationSpace.DType);
        var obs = env.Reset(seed: 1).Observation;
        Assert.Equal(4 * 84 * 84, obs.Length);
        Assert.NotNull(EnvChain.Find<FireReset>(env));
        Assert.NotNull(EnvChain.Find<NoopReset>(env));
        var r = env.Step(1);
        Assert.Equal(4 * 84 * 84, r.Observation.Length);

        var bare = AtariStack.Wrap(new FakeRig().Env(), new AtariWrapperOptions
        {
            NoopMax = 0, FrameSkip = 1, EpisodicLife = false, FireReset = false, ScreenSize = 0, ClipReward = false, FrameStack = 1,
            RecordEpisodeStatistics = false,
        });
        Assert.IsType<AtariEnv>(bare);
        Assert.Throws<EnvException>(() => AtariStack.Wrap(new FakeRig().Env(frameSkip: 4), new AtariWrapperOptions()));
    }

    [Fact]
    public void Same_seed_same_dqn_stack_trajectory()
    {
        static byte[] Run(int seed)
        {
            var rig = new FakeRig { RewardAt = f => f % 5 == 0 ? 1 : 0, LivesAt = f => 3 - (int)Math.Min(3, f / 50), GameOverAt = 150 };
            var env = AtariStack.Wrap(rig.Env(), new AtariWrapperOptions());
            var bytes = new List<byte>();
            env.Reset(seed);
            for (int t = 0; t < 100; t++)
            {
                var r = env.Step(t % 6);
                bytes.Add(r.Observation[4 * 84 * 84 - 1]);
                bytes.Add((byte)r.Reward);
                if (r.Done) env.Reset();
            }
            return bytes.ToArray();
        }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4)); // different no-op counts shift the frames
    }
}

public class GymnasiumPipelineStatisticsTests
{
    [Fact]
    public void Gymnasium_pipeline_with_life_loss_reports_each_restarted_game()
    {
        var rig = new FakeRig { RewardAt = f => f == 5 ? 2 : 0, LivesAt = f => f < 10 ? 3 : 2, RecordActions = false };
        var env = AtariStack.Wrap(rig.Env(), new AtariWrapperOptions { Pipeline = AtariPipeline.Gymnasium, NoopMax = 0, ClipReward = false });
        env.Reset(seed: 0);
        EpisodeStatistics? stats = null;
        for (int t = 0; t < 10 && stats is null; t++) stats = env.Step(0).Info.Episode;
        // Statistics sit between AtariPreprocessing and FireReset, so FireReset's FIRE (frames 1-4) and
        // action-2 (frames 5-8, reward 2 at frame 5) steps count; the first agent step (frames 9-12)
        // loses a life at frame 10, which ends this game: 3 steps, return 2.
        Assert.Equal(new EpisodeStatistics(2, 3), stats);
    }
}
