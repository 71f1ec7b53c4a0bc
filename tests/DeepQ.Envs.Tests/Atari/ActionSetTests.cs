using DeepQ.Envs.Atari;
using DeepQ.TestSupport;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>full_action_space is ALE's legal action set (getLegalActionSet), and modes are set as ale-py sets them.</summary>
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

    // ale-py: loadROM (default mode), setMode(3), reset_game. ALE 0.12.1's C++ core printed frame 49,
    // episode frame 29 and RAM $80 = 3 for that sequence on Berzerk (ALE frame skip 1, as ale-py runs it).
    [SharedFact]
    public void ModeIsAppliedByTheResetAfterTheLoadAsInAlePy()
    {
        using var env = (AtariEnv)Gym.Make("ALE/Berzerk-v5", new EnvOptions { RomsDir = SharedData.RomsDir, Mode = 3 });
        var info = env.Reset(seed: 0).Info;
        Assert.Equal((49L, 29L), (info.FrameNumber, info.EpisodeFrameNumber));
        Assert.Equal(3, env.Emulator.Ram[0]);
    }
}
