using DeepQ.Envs.Atari;
using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>Skipping screen conversions that nobody looks at must not change any result.</summary>
public class ObservationSkipTests
{
    /// <summary>A pass-through wrapper the skip logic does not know, which turns the skipping off.</summary>
    private sealed class Opaque(IEnv<byte> inner) : Wrapper<byte>(inner);

    private static (List<byte> Trace, int Reads) Run(AtariPipeline pipeline, bool opaque)
    {
        var rig = new FakeRig { RewardAt = f => f % 7 == 0 ? 1 : 0, LivesAt = f => 3 - (int)Math.Min(3, f / 40), GameOverAt = 120, RecordActions = false };
        IEnv<byte> raw = rig.Env();
        if (opaque) raw = new Opaque(raw);
        var env = AtariStack.Wrap(raw, new AtariWrapperOptions { Pipeline = pipeline });
        var trace = new List<byte>();
        env.Reset(seed: 2);
        for (int t = 0; t < 70; t++)
        {
            var r = env.Step(t % 6);
            trace.AddRange(r.Observation[(3 * 84 * 84)..].ToArray());
            trace.Add((byte)(r.Reward + 1));
            trace.Add((byte)(r.Terminated ? 1 : 0));
            if (r.Done) trace.AddRange(env.Reset().Observation[..84].ToArray());
        }
        return (trace, rig.Created.Sum(e => e.ScreenReads));
    }

    [Theory]
    [InlineData(AtariPipeline.Sb3)]
    [InlineData(AtariPipeline.Gymnasium)]
    public void Skipping_unused_screens_gives_identical_results_with_fewer_reads(AtariPipeline pipeline)
    {
        var fast = Run(pipeline, opaque: false);
        var plain = Run(pipeline, opaque: true);
        Assert.Equal(plain.Trace, fast.Trace);
        Assert.True(fast.Reads < plain.Reads * 0.7, $"{fast.Reads} screen reads with skipping vs {plain.Reads} without");
    }
}
