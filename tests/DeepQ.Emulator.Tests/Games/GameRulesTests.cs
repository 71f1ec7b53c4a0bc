using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Games;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Games;

/// <summary>
/// Every game's rules against the facts ALE 0.12's RomSettings give for it, and a short
/// fixed-seed random game per ROM (frames are emulator frames, frame skip 1, no sticky actions).
/// </summary>
public class GameRulesTests
{
    /// <summary>Random-play frames per game: enough to see rewards and lives change, small enough for CI.</summary>
    private const int RandomFrames = 150;

    /// <summary>Frames replayed after restoring the state saved halfway through <see cref="RandomFrames"/>.</summary>
    private const int ReplayFrames = 30;

    /// <param name="StartLives">Lives right after <c>reset_game</c>; the rules also step on the reset frames, as in ALE, so this is what the RAM shows then.</param>
    /// <param name="ActionCount">Size of ALE's minimal action set.</param>
    /// <param name="MinReward">Lowest plausible reward of one frame: 0 where the score only grows, so a misread BCD carry shows up as a negative reward.</param>
    /// <param name="MaxReward">Highest plausible reward of one frame.</param>
    /// <param name="GameOverWithin">Frames within which the fixed-seed random play below ends the game; 0 when it takes too long for a test.</param>
    public sealed record Facts(int StartLives, int ActionCount, int MinReward = 0, int MaxReward = 10000, int GameOverWithin = 0);

    /// <summary>Keyed by ALE's game name, which is also the ROM's file name.</summary>
    public static readonly IReadOnlyDictionary<string, Facts> Expected = new Dictionary<string, Facts>
    {
        // ALE reports 1 life for Adventure always, and its default of 1 (0 once over) for Air Raid and Kaboom.
        ["adventure"] = new(1, 18, MaxReward: 1),
        ["air_raid"] = new(1, 6),
        ["alien"] = new(3, 18),
        // This (PAL) Amidar dump keeps a count in the low nibble of $D6 that reads 11 at reset (ALE's trace agrees).
        ["amidar"] = new(11, 10),
        ["assault"] = new(4, 7),
        ["asterix"] = new(3, 9),
        ["asteroids"] = new(4, 14),
        ["atlantis"] = new(6, 4),
        ["bank_heist"] = new(4, 18),
        ["battle_zone"] = new(5, 18),
        ["beam_rider"] = new(3, 9),
        ["berzerk"] = new(3, 18, GameOverWithin: 900),
        ["bowling"] = new(0, 6, MaxReward: 30),
        ["boxing"] = new(0, 18, MinReward: -100, MaxReward: 100),
        ["breakout"] = new(5, 4, MaxReward: 7, GameOverWithin: 700),
        ["carnival"] = new(0, 6),
        ["centipede"] = new(3, 18),
        ["chopper_command"] = new(3, 18),
        ["crazy_climber"] = new(5, 9),
        // The spare-bunker display reads 0 until the first wave is drawn (ALE resets lives to 4).
        ["demon_attack"] = new(1, 6),
        ["double_dunk"] = new(0, 18, MinReward: -3, MaxReward: 3),
        ["elevator_action"] = new(4, 18),
        ["enduro"] = new(0, 9, MaxReward: 1),
        ["fishing_derby"] = new(0, 18, MinReward: -6, MaxReward: 6),
        ["freeway"] = new(0, 3, MaxReward: 1),
        ["frostbite"] = new(4, 18),
        ["gopher"] = new(3, 8),
        ["gravitar"] = new(6, 18),
        ["hero"] = new(4, 18),
        ["ice_hockey"] = new(0, 18, MinReward: -1, MaxReward: 1),
        ["jamesbond"] = new(6, 18),
        ["journey_escape"] = new(0, 16, MinReward: -10000),
        ["kaboom"] = new(1, 4, MaxReward: 100, GameOverWithin: 700),
        ["kangaroo"] = new(3, 18),
        ["krull"] = new(3, 18),
        ["kung_fu_master"] = new(4, 14),
        ["montezuma_revenge"] = new(6, 18),
        ["ms_pacman"] = new(3, 9),
        ["name_this_game"] = new(3, 6),
        ["phoenix"] = new(5, 8),
        ["pitfall"] = new(3, 18, MinReward: -1000, MaxReward: 5000),
        ["pong"] = new(0, 6, MinReward: -1, MaxReward: 1),
        ["pooyan"] = new(3, 6),
        ["private_eye"] = new(0, 18, MinReward: -1000, MaxReward: 5000),
        ["qbert"] = new(4, 6),
        ["riverraid"] = new(4, 18),
        ["road_runner"] = new(3, 18, GameOverWithin: 700),
        ["robotank"] = new(4, 18, MaxReward: 12),
        ["seaquest"] = new(4, 18),
        ["skiing"] = new(0, 3, MinReward: -100000, MaxReward: 0),
        ["solaris"] = new(3, 18),
        ["space_invaders"] = new(3, 6, MaxReward: 300),
        ["star_gunner"] = new(5, 18),
        ["tennis"] = new(0, 18, MinReward: -1, MaxReward: 1),
        ["time_pilot"] = new(5, 10),
        ["tutankham"] = new(3, 8),
        ["up_n_down"] = new(5, 6),
        ["venture"] = new(4, 18),
        ["video_pinball"] = new(3, 9),
        ["wizard_of_wor"] = new(3, 10),
        ["yars_revenge"] = new(4, 18),
        ["zaxxon"] = new(5, 18),
    };

    /// <summary>
    /// ROMs in ../shared/roms without rules yet, each with the reason. Keeping this list explicit
    /// makes a new ROM without rules, or rules for a listed ROM, a test failure.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotYetSupported = new Dictionary<string, string>
    {
        ["defender"] = "this dump (md5 e1029676..., not ALE's Defender 0f643c34...) never finishes loading in ALE; DeepQ has ALE's Defender rules for ALE's image and refuses this one",
    };

    public static TheoryData<string> Games() => new(Expected.Keys.Order());

    [SharedTheory]
    [MemberData(nameof(Games))]
    public void RomMd5MapsToItsRules(string game)
    {
        var rom = RomImage.Load(SharedData.Rom(game));
        var rules = GameCatalog.Create(rom.Md5);
        Assert.NotNull(rules);
        Assert.Equal(game, rules.Name);
        Assert.Equal(rom.Md5, rules.Md5, ignoreCase: true);
    }

    [SharedTheory]
    [MemberData(nameof(Games))]
    public void ResetFactsAndRandomPlayMatchAle(string game)
    {
        var facts = Expected[game];
        var ale = Open(game);
        Assert.False(ale.GameOver);
        Assert.Equal(facts.StartLives, ale.Lives);
        Assert.Equal(facts.ActionCount, ale.MinimalActions.Count);
        // ALE lists the minimal set in action-id order, so ids strictly increase.
        for (int i = 1; i < ale.MinimalActions.Count; i++)
            Assert.True(ale.MinimalActions[i - 1] < ale.MinimalActions[i], $"{game}: {ale.MinimalActions[i - 1]} listed before {ale.MinimalActions[i]}");
        Assert.Contains(ale.Game.DefaultMode, ale.Game.Modes);
        Assert.Contains(0, ale.Game.Difficulties);

        var rng = new Random(12345);
        int frames = Math.Max(RandomFrames, facts.GameOverWithin);
        AleState? saved = null;
        var afterSave = new List<(AleAction Action, int Reward, int Lives)>();
        for (int f = 0; f < frames && !ale.GameOver; f++)
        {
            if (f == RandomFrames / 2) saved = ale.CloneState();
            var action = ale.MinimalActions[rng.Next(ale.MinimalActions.Count)];
            int reward = ale.Act(action);
            Assert.InRange(reward, facts.MinReward, facts.MaxReward);
            // Every game keeps its lives in at most a nibble of RAM.
            Assert.InRange(ale.Lives, 0, 15);
            if (saved is not null && afterSave.Count < ReplayFrames) afterSave.Add((action, reward, ale.Lives));
        }

        if (facts.GameOverWithin > 0)
        {
            Assert.True(ale.GameOver, $"{game}: random play did not end the game within {facts.GameOverWithin} frames");
            Assert.Equal(0, ale.Lives);
            Assert.Equal(0, ale.Act(AleAction.Fire));
            ale.ResetGame();
            Assert.False(ale.GameOver);
            Assert.Equal(facts.StartLives, ale.Lives);
            for (int f = 0; f < 50; f++) Assert.InRange(ale.Act(ale.MinimalActions[rng.Next(ale.MinimalActions.Count)]), facts.MinReward, facts.MaxReward);
        }

        // The rules' own state (score, lives bookkeeping, extras) survives save/restore: replaying
        // the same actions from the saved state gives the same rewards and lives.
        if (saved is not null)
        {
            ale.RestoreState(saved);
            foreach (var (action, reward, lives) in afterSave)
            {
                Assert.Equal(reward, ale.Act(action));
                Assert.Equal(lives, ale.Lives);
            }
        }
    }

    /// <summary>Games whose non-default modes are known not to work yet, with what goes wrong.</summary>
    public static readonly IReadOnlyDictionary<string, string> ModeIssues = new Dictionary<string, string>
    {
        ["demon_attack"] = "after SELECT reaches mode 3, 5 or 7 the soft reset leaves the select screen up (no bunkers shown, $F1 = $BD), which reads as game over right after reset",
    };

    /// <summary>Games with more than one mode (and no known mode issue), each with its first non-default mode.</summary>
    public static TheoryData<string, int> GamesWithModes()
    {
        var data = new TheoryData<string, int>();
        foreach (var md5 in GameCatalog.Md5s)
        {
            var rules = GameCatalog.Create(md5)!;
            // Only games whose rules image is in the shared ROM set (not Defender's: ALE cannot load the shared dump).
            if (rules.Modes.Count > 1 && !ModeIssues.ContainsKey(rules.Name) && !NotYetSupported.ContainsKey(rules.Name)) data.Add(rules.Name, rules.Modes[1]);
        }
        return data;
    }

    // SetMode presses SELECT until the game's mode byte shows the mode and throws after 256
    // presses, so a wrong mode address or mode list fails here.
    [SharedTheory]
    [MemberData(nameof(GamesWithModes))]
    public void NonDefaultModeCanBeSelected(string game, int mode)
    {
        var ale = new AleInterface(RomImage.Load(SharedData.Rom(game)), new AleSettings { RepeatActionProbability = 0, Mode = mode });
        Assert.False(ale.GameOver);
        for (int f = 0; f < 5; f++) ale.Act(AleAction.Noop);
        Assert.False(ale.GameOver);
    }

    [SharedFact]
    public void EveryRomHasRulesOrIsListedAsNotYetSupported()
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.RomsDir, "MD5SUMS.csv")).Skip(1).Where(l => l.Length > 0);
        var missing = new List<string>();
        var listedButSupported = new List<string>();
        int roms = 0;
        foreach (var line in lines)
        {
            var fields = line.Split(',');
            string game = Path.GetFileNameWithoutExtension(fields[0]), md5 = fields[2];
            roms++;
            bool hasRules = GameCatalog.Create(md5) is not null;
            if (!hasRules && !NotYetSupported.ContainsKey(game)) missing.Add(game);
            if (hasRules && NotYetSupported.ContainsKey(game)) listedButSupported.Add(game);
            if (hasRules) Assert.True(Expected.ContainsKey(game), $"{game} has rules but no expected facts in this test");
        }
        Assert.Equal(63, roms);
        Assert.True(missing.Count == 0, $"ROMs with neither rules nor a NotYetSupported entry: {string.Join(", ", missing)}");
        Assert.True(listedButSupported.Count == 0, $"ROMs listed as not yet supported that have rules: {string.Join(", ", listedButSupported)}");
        // Defender's rules are for ALE's image, which the shared set does not hold.
        Assert.Equal(Expected.Count + 1, GameCatalog.Md5s.Count);
        Assert.Equal(63, GameCatalog.Names.Count);
    }

    private static AleInterface Open(string game) =>
        new(RomImage.Load(SharedData.Rom(game)), new AleSettings { RepeatActionProbability = 0, RandomSeed = 0 });
}
