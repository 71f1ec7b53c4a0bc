using DeepQ.Envs.Atari;
using DeepQ.TestSupport;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>full_action_space is ALE's legal action set (getLegalActionSet), as Gymnasium's is.</summary>
public class ActionSetTests
{
    [SharedTheory]
    [InlineData("ALE/Skiing-v5", new[] { 0, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("ALE/Pong-v5", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 })]
    public void FullActionSpaceIsAlesLegalSet(string id, int[] legal)
    {
        using var env = (AtariEnv)Gym.Make(id, new EnvOptions { RomsDir = SharedData.RomsDir, FullActionSpace = true });
        Assert.Equal(legal, env.ActionSet);
        Assert.Equal(legal.Length, env.ActionSpace.N);
    }
}
