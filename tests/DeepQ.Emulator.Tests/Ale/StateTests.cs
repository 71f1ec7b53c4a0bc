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

    // ALE stops emulating when Pong ends, so its last screen still shows 20 for the winner; a peek
    // runs the frames after it for a video's sake and leaves the emulator exactly as it was.
    [SharedFact]
    public void PeekingPastTheEndShowsTheLaterScreenAndChangesNothing()
    {
        var ale = new AleInterface(RomImage.Load(SharedData.Rom("pong")), new AleSettings { RepeatActionProbability = 0 });
        int frames = 0;
        while (!ale.GameOver && frames++ < 20_000) ale.Act(AleAction.Noop);
        Assert.True(ale.GameOver, "a game of Pong with no paddle moves ends");
        var before = ale.CloneState().Bytes.ToArray();
        var screen = new byte[ale.ScreenHeight * AleInterface.ScreenWidth * 3];
        ale.GetScreenRgb(screen);
        var peek = new byte[screen.Length];
        ale.PeekScreenRgb(4, peek);
        Assert.False(peek.AsSpan().SequenceEqual(screen), "four frames on, the final point is on the screen");
        var now = new byte[screen.Length];
        ale.GetScreenRgb(now);
        Assert.Equal(screen, now);
        Assert.Equal(before, ale.CloneState().Bytes.ToArray());
        Assert.Equal(0, ale.Act(AleAction.Noop));   // still over: ALE refuses to go on
        Assert.True(ale.GameOver);
    }

    [SharedFact]
    public void StateOfAnotherRomIsRefused()
    {
        var pong = new AleInterface(RomImage.Load(SharedData.Rom("pong")), new AleSettings());
        var breakout = new AleInterface(RomImage.Load(SharedData.Rom("breakout")), new AleSettings());
        Assert.Throws<RomException>(() => breakout.RestoreState(pong.CloneState()));
    }
}
