using DeepQ.Envs.Atari;
using DeepQ.Envs.Imaging;
using DeepQ.Envs.Tests.Imaging;
using DeepQ.TestSupport;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>The Atari env over the real emulator, on Pong from ../shared/roms, checked against ALE's trace.</summary>
public class RealPongTests
{
    private static EnvOptions Roms(EnvOptions? o = null) => (o ?? new EnvOptions()) with { RomsDir = SharedData.RomsDir };

    /// <summary>Trace records as (action, reward, screen), read once for all tests.</summary>
    private static readonly Lazy<(int[] Actions, int[] Rewards, Dictionary<int, byte[]> Screens)> s_trace = new(() =>
    {
        const int records = 802;
        var screens = TraceScreens.Read(Path.Combine(SharedData.TracesDir, "pong_fs1_seed0.trace.gz"),
            new HashSet<int>(Enumerable.Range(0, records)), out var actions, out var rewards);
        return (actions, rewards, screens);
    });

    [SharedFact]
    public void NoFrameskip_env_replays_ale_trace_screens_and_rewards()
    {
        using var env = (AtariEnv)Gym.Make("PongNoFrameskip-v4", Roms());
        Assert.Equal(["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"], env.ActionMeanings);
        var (actions, rewards, screens) = s_trace.Value;
        var (palRgb, _) = TraceScreens.Palette(SharedData.TracesDir);
        var obs = env.Reset(seed: 0).Observation;
        AssertScreen(screens[0], obs, palRgb, 0);
        for (int rec = 1; rec < 400; rec++)
        {
            var r = env.Step(env.ActionSet.ToList().IndexOf(actions[rec]));
            Assert.Equal(rewards[rec], r.Reward);
            Assert.False(r.Done);
            if (rec % 50 == 0) AssertScreen(screens[rec], r.Observation, palRgb, rec);
        }
    }

    [SharedFact]
    public void Deterministic_v4_frame_skip_matches_ales_own_frame_skip_trace()
    {
        // pong_fs4_seed1 was recorded with ALE's internal frame_skip 4; the env repeats actions itself.
        using var env = (AtariEnv)Gym.Make("PongDeterministic-v4", Roms());
        var screens = TraceScreens.Read(Path.Combine(SharedData.TracesDir, "pong_fs4_seed1.trace.gz"),
            new HashSet<int>(Enumerable.Range(0, 301)), out var actions, out var rewards);
        var (palRgb, _) = TraceScreens.Palette(SharedData.TracesDir);
        env.Reset(seed: 1);
        int nonZero = 0;
        for (int rec = 1; rec <= 300; rec++)
        {
            var r = env.Step(env.ActionSet.ToList().IndexOf(actions[rec]));
            Assert.Equal(rewards[rec], r.Reward);
            Assert.Equal(4L * rec, r.Info.EpisodeFrameNumber);
            if (r.Reward != 0) nonZero++;
            if (rec % 100 == 0) AssertScreen(screens[rec], r.Observation, palRgb, rec);
        }
        Assert.True(nonZero > 0, "the replay should include points scored");
    }

    [SharedFact]
    public void Both_pipelines_on_env_frames_match_opencv()
    {
        var fixture = Fixtures.Load("pong_pipelines.json");
        var pairs = fixture.GetProperty("pairs").EnumerateArray().Where(p => p.GetProperty("record_b").GetInt32() < 802).ToList();
        using var env = (AtariEnv)Gym.Make("PongNoFrameskip-v4", Roms());
        var (actions, _, _) = s_trace.Value;
        const int px = 210 * 160;
        var rgb = new Dictionary<int, byte[]>();
        var gray = new Dictionary<int, byte[]>();
        void Capture(int rec, ReadOnlySpan<byte> obs)
        {
            rgb[rec] = obs.ToArray();
            gray[rec] = new byte[px];
            env.Emulator.GetScreenGrayscale(gray[rec]);
        }
        Capture(0, env.Reset(seed: 0).Observation);
        int last = pairs.Max(p => p.GetProperty("record_b").GetInt32());
        for (int rec = 1; rec <= last; rec++)
            Capture(rec, env.Step(env.ActionSet.ToList().IndexOf(actions[rec])).Observation);

        var resize = new AreaResize(210, 160, 84, 84);
        var g = new byte[px];
        var outp = new byte[84 * 84];
        foreach (var p in pairs)
        {
            int a = p.GetProperty("record_a").GetInt32(), b = p.GetProperty("record_b").GetInt32();
            var m = new byte[px * 3];
            PixelMax.Max(rgb[a], rgb[b], m);
            GrayConversion.RgbToGray(m, g);
            resize.Resize(g, outp);
            Assert.Equal(Convert.FromBase64String(p.GetProperty("sb3").GetString()!), outp);
            PixelMax.Max(gray[a], gray[b], g);
            resize.Resize(g, outp);
            Assert.Equal(Convert.FromBase64String(p.GetProperty("gym").GetString()!), outp);
        }
    }

    [SharedFact]
    public void Dqn_stack_on_pong_is_byte_observations_4x84x84_and_seed_deterministic()
    {
        static (byte[] Obs, double Reward) Run(int seed)
        {
            using var env = Gym.MakeAtari("PongNoFrameskip-v4", options: Roms());
            Assert.Equal([4, 84, 84], env.ObservationSpace.Shape);
            Assert.Equal(6, env.ActionSpace.N);
            env.Reset(seed);
            var rng = new EnvRng(99);
            double total = 0;
            for (int t = 0; t < 60; t++) total += env.Step(rng.NextInt(6)).Reward;
            return (env.Observation.ToArray(), total);
        }
        var a = Run(1);
        Assert.Equal(a.Obs, Run(1).Obs);
        Assert.Contains(a.Obs, v => v != a.Obs[0]); // a real picture, not a blank
    }

    [SharedFact]
    public void V5_sticky_actions_depend_on_the_seed_only()
    {
        static long Run(int seed)
        {
            using var env = Gym.Make<byte>("ALE/Pong-v5", Roms(new EnvOptions { AtariObsType = AtariObsType.Ram }));
            env.Reset(seed);
            long hash = 17;
            for (int t = 0; t < 80; t++)
            {
                var r = env.Step(t / 10 % 2 == 0 ? 2 : 3); // hold RIGHT, then LEFT: sticky actions delay the switches
                foreach (byte v in r.Observation) hash = hash * 31 + v;
            }
            return hash;
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [SharedFact]
    public void Breakout_life_loss_ends_the_training_episode_but_not_the_game()
    {
        using var env = Gym.MakeAtari("BreakoutNoFrameskip-v4", options: Roms());
        var atari = (AtariEnv)env.Unwrapped;
        Assert.NotNull(EnvChain.Find<FireReset>(env));
        env.Reset(seed: 3);
        Assert.Equal(5, atari.Lives);
        var rng = new EnvRng(1);
        for (int t = 0; t < 2000; t++)
        {
            var r = env.Step(rng.NextInt(env.ActionSpace.N));
            if (!r.Terminated) continue;
            Assert.Equal(4, atari.Lives);
            Assert.Null(r.Info.Episode); // the game goes on: no episode statistics yet
            long frame = r.Info.EpisodeFrameNumber;
            env.Reset();
            // Same game, no reset_game: EpisodicLife's NOOP step, then FireReset's FIRE and action 2, 4 frames each.
            Assert.Equal(frame + 12, atari.Info.EpisodeFrameNumber);
            return;
        }
        Assert.Fail("no life was lost in 2000 steps");
    }

    [SharedFact]
    public void Render_is_the_rgb_screen()
    {
        using var env = Gym.Make<byte>("PongNoFrameskip-v4", Roms());
        var obs = env.Reset(seed: 0).Observation.ToArray();
        var (h, w) = env.RenderSize;
        var rgb = new byte[h * w * 3];
        env.Render(rgb);
        Assert.Equal(obs, rgb);
    }

    private static void AssertScreen(byte[] palette, ReadOnlySpan<byte> rgbObs, byte[] palRgb, int rec)
    {
        for (int i = 0; i < palette.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                if (rgbObs[i * 3 + c] != palRgb[palette[i] * 3 + c])
                    Assert.Fail($"record {rec}: pixel {i} channel {c} is {rgbObs[i * 3 + c]}, ALE shows {palRgb[palette[i] * 3 + c]}");
            }
        }
    }
}

public class RealVectorTests
{
    [SharedFact]
    public void Vector_of_dqn_pong_envs_is_independent_of_thread_count()
    {
        var roms = new EnvOptions { RomsDir = SharedData.RomsDir };
        static byte[] Run(EnvOptions roms, int threads)
        {
            using var vec = VectorEnv<byte>.Make(_ => Gym.MakeAtari("PongNoFrameskip-v4", options: roms), 2, threads);
            vec.Reset(seed: 11);
            int[] actions = [2, 3];
            for (int t = 0; t < 15; t++) vec.Step(actions);
            Assert.Equal(2 * 4 * 84 * 84, vec.Observations.Length);
            return vec.Observations.ToArray();
        }
        var one = Run(roms, 1);
        Assert.Equal(one, Run(roms, 2));
        Assert.False(one.AsSpan(0, 4 * 84 * 84).SequenceEqual(one.AsSpan(4 * 84 * 84)), "env 1 gets seed 12, so other no-ops");
    }
}
