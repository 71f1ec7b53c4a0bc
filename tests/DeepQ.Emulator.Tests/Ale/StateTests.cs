using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Ale;

public class StateTests
{
    // Clone, play on recording every frame, restore, replay the same actions: byte-identical frames,
    // RAM, rewards and counters, with sticky actions on (the generator is part of the state).
    [SharedTheory]
    [InlineData("pong")]
    [InlineData("breakout")]
    [InlineData("freeway")]
    public void RestoreThenReplayGivesIdenticalFrames(string game)
    {
        var ale = new AleInterface(RomImage.Load(SharedData.Rom(game)), new AleSettings { RepeatActionProbability = 0.25, RandomSeed = 9 });
        var rnd = new Random(1);
        for (int i = 0; i < 100; i++) ale.Act(ale.MinimalActions[rnd.Next(ale.MinimalActions.Count)]);
        var state = ale.CloneState();
        var actions = Enumerable.Range(0, 150).Select(_ => ale.MinimalActions[rnd.Next(ale.MinimalActions.Count)]).ToArray();

        List<byte[]> Play()
        {
            var frames = new List<byte[]>();
            foreach (var a in actions)
            {
                int r = ale.Act(a);
                frames.Add([.. ale.Screen, .. ale.Ram, (byte)r, (byte)ale.Lives, (byte)(ale.GameOver ? 1 : 0), .. BitConverter.GetBytes(ale.FrameNumber), .. BitConverter.GetBytes(ale.EpisodeFrameNumber)]);
            }
            return frames;
        }

        var first = Play();
        ale.RestoreState(state);
        var second = Play();
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++) Assert.True(first[i].AsSpan().SequenceEqual(second[i]), $"frame {i} differs after restore");
        Assert.NotEqual(first[0], first[^1]);
    }

    [SharedFact]
    public void StateOfAnotherRomIsRefused()
    {
        var pong = new AleInterface(RomImage.Load(SharedData.Rom("pong")), new AleSettings());
        var breakout = new AleInterface(RomImage.Load(SharedData.Rom("breakout")), new AleSettings());
        Assert.Throws<RomException>(() => breakout.RestoreState(pong.CloneState()));
    }
}
