using DeepQ.Envs.Atari;
using DeepQ.TestSupport;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>The fused palette path must equal SB3's MaxAndSkip + WarpFrame byte for byte.</summary>
public class FusedMaxWarpTests
{
    private static List<string> Trace(IEnv<byte> env, int steps, int seed)
    {
        var log = new List<string>();
        var rng = new EnvRng(42);
        log.Add(Convert.ToHexString(env.Reset(seed).Observation));
        for (int t = 0; t < steps; t++)
        {
            var r = env.Step(rng.NextInt(env.ActionSpace.N));
            log.Add($"{Convert.ToHexString(r.Observation)} {r.Reward} {r.Terminated} {r.Truncated} {r.Info.Episode}");
            if (r.Done) log.Add(Convert.ToHexString(env.Reset().Observation));
        }
        return log;
    }

    [Fact]
    public void Fused_equals_max_and_skip_plus_warp_frame_on_the_fake()
    {
        IEnv<byte> Make(bool fuse)
        {
            // Game over at frame 230 is mid-skip after noops, so early stops with stale buffers happen.
            var rig = new FakeRig { Palette = true, RecordActions = false, RewardAt = f => f % 9 == 0 ? 1 : 0, LivesAt = f => 3 - (int)Math.Min(3, f / 70), GameOverAt = 230 };
            return AtariStack.Wrap(rig.Env(), new AtariWrapperOptions { FuseMaxAndWarp = fuse, FrameStack = 1 });
        }
        var fused = Make(true);
        Assert.NotNull(EnvChain.Find<FusedMaxWarp>(fused));
        var plain = Make(false);
        Assert.Null(EnvChain.Find<FusedMaxWarp>(plain));
        Assert.Equal(Trace(plain, 150, 3), Trace(fused, 150, 3));
    }

    [SharedFact]
    public void Fused_equals_max_and_skip_plus_warp_frame_on_real_breakout()
    {
        var roms = new EnvOptions { RomsDir = SharedData.RomsDir };
        using var fused = Gym.MakeAtari("BreakoutNoFrameskip-v4", new AtariWrapperOptions(), roms);
        using var plain = Gym.MakeAtari("BreakoutNoFrameskip-v4", new AtariWrapperOptions { FuseMaxAndWarp = false }, roms);
        Assert.NotNull(EnvChain.Find<FusedMaxWarp>(fused));
        Assert.Equal(Trace(plain, 300, 1), Trace(fused, 300, 1));
    }
}
