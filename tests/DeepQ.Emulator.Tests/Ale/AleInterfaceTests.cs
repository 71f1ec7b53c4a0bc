using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Ale;

public class AleInterfaceTests
{
    private static RomImage Pong => RomImage.Load(SharedData.Rom("pong"));

    [SharedFact]
    public void LoadRomLeavesFrameCountersAtZeroAndActAdvancesByFrameSkip()
    {
        var ale = new AleInterface(Pong, new AleSettings { FrameSkip = 3, RepeatActionProbability = 0 });
        Assert.Equal((0, 0), (ale.FrameNumber, ale.EpisodeFrameNumber));
        ale.Act(AleAction.Noop);
        ale.Act(AleAction.Fire);
        Assert.Equal((6, 6), (ale.FrameNumber, ale.EpisodeFrameNumber));
        ale.ResetGame();
        Assert.Equal((6, 0), (ale.FrameNumber, ale.EpisodeFrameNumber));
    }

    [SharedFact]
    public void SkiingLegalActionsLeaveOutFireAndFireIsPlayedAsNoop()
    {
        var rom = RomImage.Load(SharedData.Rom("skiing"));
        var ale = new AleInterface(rom, new AleSettings { RepeatActionProbability = 0 });
        Assert.Equal([0, 2, 3, 4, 5, 6, 7, 8, 9], ale.LegalActions.Select(a => (int)a));
        var noop = new AleInterface(rom, new AleSettings { RepeatActionProbability = 0 });
        for (int i = 0; i < 60; i++) { ale.Act(AleAction.DownFire); noop.Act(AleAction.Noop); }
        Assert.Equal(noop.Ram.ToArray(), ale.Ram.ToArray());
    }

    // ALE 0.12.1 (random_seed 0, its default sticky 0.25): loadROM, setMode(m), reset_game, then
    // getFrameNumber, getEpisodeFrameNumber and RAM $80, as printed once by ALE's C++ core. The mode
    // setters that act (Berzerk, Double Dunk) or draw random press lengths (Adventure) pin the order.
    [SharedTheory]
    [InlineData("bank_heist", 4, 1, 1, 4)]
    [InlineData("crazy_climber", 1, 16, 16, 1)]
    [InlineData("berzerk", 3, 49, 29, 3)]
    [InlineData("double_dunk", 5, 38, 25, 142)]
    [InlineData("adventure", 2, 8, 8, 227)]
    public void AskedModeIsSetAfterTheLoadAsAlesSetModeAndResetGame(string game, int mode, int frame, int episodeFrame, int ram80)
    {
        var rom = RomImage.Load(SharedData.Rom(game));
        var ale = new AleInterface(rom, new AleSettings { Mode = mode });
        Assert.Equal((frame, episodeFrame, ram80), (ale.FrameNumber, ale.EpisodeFrameNumber, (int)ale.Ram[0]));
        // The same as loading with the default mode, then SetMode and ResetGame.
        var stepwise = new AleInterface(rom, new AleSettings());
        stepwise.SetMode(mode);
        stepwise.ResetGame();
        Assert.Equal(ale.Ram.ToArray(), stepwise.Ram.ToArray());
        Assert.Equal(ale.NextRandom(), stepwise.NextRandom());
    }

    [SharedFact]
    public void MaxFramesPerEpisodeEndsTheEpisodeAndStopsEmulation()
    {
        var ale = new AleInterface(Pong, new AleSettings { MaxNumFramesPerEpisode = 10, RepeatActionProbability = 0 });
        for (int i = 0; i < 9; i++) ale.Act(AleAction.Noop);
        Assert.False(ale.GameOver);
        ale.Act(AleAction.Noop);
        Assert.True(ale.GameOver);
        var screen = ale.Screen.ToArray();
        Assert.Equal(0, ale.Act(AleAction.Fire));
        Assert.Equal(10, ale.EpisodeFrameNumber);
        Assert.Equal(screen, ale.Screen.ToArray());
    }

    [SharedFact]
    public void PongMinimalActionsAndLegalActionsAreAles()
    {
        var ale = new AleInterface(Pong, new AleSettings());
        Assert.Equal(new[] { 0, 1, 3, 4, 11, 12 }, ale.MinimalActions.Select(a => (int)a));
        Assert.Equal(Enumerable.Range(0, 18), ale.LegalActions.Select(a => (int)a));
        Assert.Equal(0, ale.Lives);
    }

    [SharedFact]
    public void UnknownModeAndDifficultyAreClearErrors()
    {
        var e = Assert.Throws<RomException>(() => new AleInterface(Pong, new AleSettings { Mode = 7 }));
        Assert.Contains("modes are 0, 1", e.Message);
        Assert.Throws<RomException>(() => new AleInterface(Pong, new AleSettings { Difficulty = 4 })); // Pong has difficulties 0-3, as ALE 0.12.1 lists them
        Assert.Throws<RomException>(() => new AleInterface(Pong, new AleSettings { RepeatActionProbability = 1.5 }));
    }

    [SharedFact]
    public void SecondModeIsSelectedThroughRamAndCountsSelectFrames()
    {
        var ale = new AleInterface(Pong, new AleSettings { Mode = 1, RepeatActionProbability = 0 });
        Assert.Equal(1, ale.Ram[0x96 - 0x80]);
        Assert.True(ale.FrameNumber > 0, "ALE counts the no-op frame after each SELECT press");
    }

    // ALE 0.12.1 draws twice per emulated frame (player A, then B) from an mt19937 seeded with
    // random_seed at load; reset frames draw nothing and resets do not reseed.
    [SharedTheory]
    [InlineData(0, 1, 0.25)]
    [InlineData(7, 4, 0.0)]
    public void StickyGeneratorIsMt19937DrawingTwicePerFrame(int seed, int frameSkip, double p)
    {
        var ale = new AleInterface(Pong, new AleSettings { RandomSeed = seed, FrameSkip = frameSkip, RepeatActionProbability = p });
        const int acts = 37;
        for (int i = 0; i < acts; i++) ale.Act(AleAction.Fire);
        ale.ResetGame();
        var reference = new DeepQ.Emulator.Machine.MersenneTwister((uint)seed);
        for (int i = 0; i < 2 * acts * frameSkip; i++) reference.Next();
        Assert.Equal(reference.Next(), ale.NextRandom());
    }

    [SharedFact]
    public void SameSeedSameRunAndStickyActionsChangeTheRun()
    {
        static byte[] Run(int seed, double p)
        {
            var ale = new AleInterface(Pong, new AleSettings { RandomSeed = seed, RepeatActionProbability = p });
            var rnd = new Random(5);
            for (int i = 0; i < 150; i++) ale.Act(ale.MinimalActions[rnd.Next(ale.MinimalActions.Count)]);
            return ale.Ram.ToArray().Concat(ale.Screen.ToArray()).ToArray();
        }
        Assert.Equal(Run(3, 0.25), Run(3, 0.25));
        Assert.NotEqual(Run(3, 0.0), Run(3, 0.9));
    }

    [SharedFact]
    public void RgbAndGrayscaleFollowThePalette()
    {
        var ale = new AleInterface(Pong, new AleSettings());
        var rgb = new byte[210 * 160 * 3];
        var gray = new byte[210 * 160];
        ale.GetScreenRgb(rgb);
        ale.GetScreenGrayscale(gray);
        int i = 105 * 160 + 80;
        int c = DeepQ.Emulator.Screens.NtscPalette.Rgb(ale.Screen[i]);
        Assert.Equal(((byte)(c >> 16), (byte)(c >> 8), (byte)c), (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
        Assert.Equal(DeepQ.Emulator.Screens.NtscPalette.Gray(ale.Screen[i]), gray[i]);
    }

    [SharedFact]
    public void ActionsTheGameForbidsArePlayedAsNoop()
    {
        var skiing = RomImage.Load(SharedData.Rom("skiing"));
        var fire = new AleInterface(skiing, new AleSettings { RepeatActionProbability = 0 });
        var noop = new AleInterface(skiing, new AleSettings { RepeatActionProbability = 0 });
        var left = new AleInterface(skiing, new AleSettings { RepeatActionProbability = 0 });
        for (int i = 0; i < 60; i++) { fire.Act(AleAction.LeftFire); noop.Act(AleAction.Noop); left.Act(AleAction.Left); }
        Assert.Equal(noop.Ram.ToArray(), fire.Ram.ToArray());
        Assert.NotEqual(noop.Ram.ToArray(), left.Ram.ToArray());
    }


    [SharedFact]
    public void RomWithoutRulesOrUnknownMd5IsAClearError()
    {
        var seaquestLike = new RomImage(new byte[4096], "blank.bin");
        var e = Assert.Throws<RomException>(() => new AleInterface(seaquestLike, new AleSettings()));
        Assert.Contains("not a ROM ALE supports", e.Message);
    }
}
