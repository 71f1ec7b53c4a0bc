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
        foreach (var md5 in GameCatalog.Md5s.Order()) data.Add(md5);
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
        var rnd = new Random(4);
        for (int i = 0; i < 400 && !ale.GameOver; i++)
        {
            int r = ale.Act(ale.MinimalActions[rnd.Next(ale.MinimalActions.Count)]);
            Assert.InRange(r, -1000, 100000);
            // Lives live in at most a nibble of RAM (this Amidar dump counts 11).
            Assert.InRange(ale.Lives, 0, Math.Max(startLives, 15));
        }
        ale.ResetGame();
        // As in ALE, only the SELECT presses of the mode selection count as frames of a reset
        // (Name This Game and Yars' Revenge need some on every reset).
        Assert.InRange(ale.EpisodeFrameNumber, 0, 300);
        Assert.False(ale.GameOver);
    }
}
