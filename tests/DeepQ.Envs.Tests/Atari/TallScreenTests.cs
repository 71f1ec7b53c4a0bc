using DeepQ.Envs.Atari;
using DeepQ.TestSupport;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>Games ALE shows 250 (or 230) lines high: observation space, render size and the 84x84 pipelines follow.</summary>
public class TallScreenTests
{
    private static EnvOptions Roms => new() { RomsDir = SharedData.RomsDir };

    [SharedTheory]
    [InlineData("TennisNoFrameskip-v4", 250)]
    [InlineData("JourneyEscapeNoFrameskip-v4", 230)]
    [InlineData("PongNoFrameskip-v4", 210)]
    public void ObservationAndRenderHaveAlesHeight(string id, int height)
    {
        using var env = (AtariEnv)Gym.Make(id, Roms);
        Assert.Equal([height, 160, 3], env.ObservationSpace.Shape);
        Assert.Equal((height, 160), env.RenderSize);
        Assert.Equal(height * 160 * 3, env.Reset(seed: 0).Observation.Length);
        var frame = new byte[height * 160 * 3];
        env.Render(frame);
        Assert.Contains(frame, b => b != 0);
    }

    [SharedTheory]
    [InlineData(AtariPipeline.Sb3)]
    [InlineData(AtariPipeline.Gymnasium)]
    public void PreprocessingResizesA250LineScreenTo84x84(AtariPipeline pipeline)
    {
        using var env = Gym.MakeAtari("TennisNoFrameskip-v4", new AtariWrapperOptions { Pipeline = pipeline }, Roms);
        Assert.Equal([4, 84, 84], env.ObservationSpace.Shape);
        env.Reset(seed: 0);
        byte[] obs = [];
        for (int i = 0; i < 20; i++) obs = env.Step(i % env.ActionSpace.N).Observation.ToArray();
        Assert.Equal(4 * 84 * 84, obs.Length);
        Assert.Contains(obs, b => b != 0);
    }
}
