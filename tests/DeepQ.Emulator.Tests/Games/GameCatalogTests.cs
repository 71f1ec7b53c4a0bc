using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Games;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Games;

public class GameCatalogTests
{
    public static TheoryData<string> GamesWithRules()
    {
        var data = new TheoryData<string>();
        // Rules checked on an image the shared ROM set holds (all but Defender, whose shared dump ALE cannot load).
        foreach (var md5 in GameCatalog.Md5s.Order())
            if (KnownRoms.ByMd5(md5)?.Name != "defender") data.Add(md5);
        return data;
    }

    [Fact]
    public void EveryRulesClassNamesAKnownRomConsistently()
    {
        Assert.True(GameCatalog.Md5s.Count >= 3);
        foreach (var md5 in GameCatalog.Md5s)
        {
            var rules = GameCatalog.Create(md5)!;
            var known = KnownRoms.ByMd5(md5);
            Assert.NotNull(known);
            Assert.Equal(known.Name, rules.Name);
            Assert.Equal(rules.MinimalActions.Distinct().Order(), rules.MinimalActions);
            Assert.Contains(rules.DefaultMode, rules.Modes);
            Assert.Contains(0, rules.Difficulties);
        }
        Assert.Null(GameCatalog.Create("00000000000000000000000000000000"));
    }

    // Each game loads through ALE's reset sequence (mode selection included), plays 400 random
    // frames and keeps its rules sane; reset_game afterwards starts a fresh episode.
    [SharedTheory]
    [MemberData(nameof(GamesWithRules))]
    public void GameLoadsPlaysAndResets(string md5)
    {
        var known = KnownRoms.ByMd5(md5)!;
        var ale = new AleInterface(RomImage.Load(SharedData.Rom(known.Name)), new AleSettings { RandomSeed = 1 });
        Assert.False(ale.GameOver, $"{known.Name} is over right after loading");
        int startLives = ale.Lives;
        Assert.Equal(ale.FrameNumber, ale.EpisodeFrameNumber);
        var rnd = new Random(4);
        for (int i = 0; i < 400 && !ale.GameOver; i++)
        {
            int r = ale.Act(ale.MinimalActions[rnd.Next(ale.MinimalActions.Count)]);
            Assert.InRange(r, -1000, 100000);
            // Lives live in at most a nibble of RAM (this Amidar dump counts 11).
            Assert.InRange(ale.Lives, 0, Math.Max(startLives, 15));
        }
        int framesBefore = ale.FrameNumber;
        ale.ResetGame();
        // Reset frames are not counted, except one per SELECT press of a mode selection (as in ALE).
        Assert.Equal(framesBefore + ale.EpisodeFrameNumber, ale.FrameNumber);
        Assert.False(ale.GameOver);
    }
}
