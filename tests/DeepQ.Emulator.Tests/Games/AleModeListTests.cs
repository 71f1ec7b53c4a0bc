using DeepQ.Emulator.Games;

namespace DeepQ.Emulator.Tests.Games;

/// <summary>
/// Every game offers exactly ALE 0.12.1's modes and difficulties, in ALE's order (the first mode is the
/// default). The lists were printed once by ALE's own getAvailableModes / getAvailableDifficulties for
/// the shared ROMs (Defender's read from ALE's source, since ALE cannot load the shared dump).
/// </summary>
public class AleModeListTests
{
    private static readonly IReadOnlyDictionary<string, (int[] Modes, int[] Difficulties)> Ale = new Dictionary<string, (int[], int[])>
    {
        ["adventure"] = ([0,1,2], [0,1,2,3]),
        ["air_raid"] = ([1,2,3,4,5,6,7,8], [0]),
        ["alien"] = ([0,1,2,3], [0,1,2,3]),
        ["amidar"] = ([0], [0,3]),
        ["assault"] = ([0], [0]),
        ["asterix"] = ([0], [0]),
        ["asteroids"] = ([0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,128], [0,3]),
        ["atlantis"] = ([0,1,2,3], [0]),
        ["bank_heist"] = ([0,4,8,12,16,20,24,28], [0,1,2,3]),
        ["battle_zone"] = ([1,2,3], [0]),
        ["beam_rider"] = ([0], [0,1]),
        ["berzerk"] = ([1,2,3,4,5,6,7,8,9,16,17,18], [0]),
        ["bowling"] = ([0,2,4], [0,1]),
        ["boxing"] = ([0], [0,1,2,3]),
        ["breakout"] = ([0,4,8,12,16,20,24,28,32,36,40,44], [0,1]),
        ["carnival"] = ([0], [0]),
        ["centipede"] = ([22,86], [0]),
        ["chopper_command"] = ([0,2], [0,1]),
        ["crazy_climber"] = ([0,1,2,3], [0,1]),
        ["defender"] = ([1,2,3,4,5,6,7,8,9,16], [0,1]),
        ["demon_attack"] = ([1,3,5,7], [0,1]),
        ["double_dunk"] = ([0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15], [0]),
        ["elevator_action"] = ([0], [0]),
        ["enduro"] = ([0], [0]),
        ["fishing_derby"] = ([0], [0,1,2,3]),
        ["freeway"] = ([0,1,2,3,4,5,6,7], [0,1]),
        ["frostbite"] = ([0,2], [0]),
        ["gopher"] = ([0,2], [0,1]),
        ["gravitar"] = ([0,1,2,3,4], [0]),
        ["hero"] = ([0,1,2,3,4], [0]),
        ["ice_hockey"] = ([0,2], [0,1,2,3]),
        ["jamesbond"] = ([0,1], [0]),
        ["journey_escape"] = ([0], [0,1]),
        ["kaboom"] = ([0], [0]),
        ["kangaroo"] = ([0,1], [0]),
        ["krull"] = ([0], [0]),
        ["kung_fu_master"] = ([0], [0]),
        ["montezuma_revenge"] = ([0], [0]),
        ["ms_pacman"] = ([0,1,2,3], [0]),
        ["name_this_game"] = ([8,24,40], [0,1]),
        ["phoenix"] = ([0], [0]),
        ["pitfall"] = ([0], [0]),
        ["pong"] = ([0,1], [0,1,2,3]),
        ["pooyan"] = ([10,30,50,70], [0]),
        ["private_eye"] = ([0,1,2,3,4], [0,1,2,3]),
        ["qbert"] = ([0], [0,1]),
        ["riverraid"] = ([0], [0,1]),
        ["road_runner"] = ([0], [0]),
        ["robotank"] = ([0], [0]),
        ["seaquest"] = ([0], [0,1]),
        ["skiing"] = ([0], [0]),
        ["solaris"] = ([0], [0]),
        ["space_invaders"] = ([0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15], [0,1]),
        ["star_gunner"] = ([0,1,2,3], [0]),
        ["tennis"] = ([0,2], [0,1,2,3]),
        ["time_pilot"] = ([0], [0,1,2]),
        ["tutankham"] = ([0,4,8,12], [0]),
        ["up_n_down"] = ([0], [0,1,2,3]),
        ["venture"] = ([0], [0,1,2,3]),
        ["video_pinball"] = ([0,2], [0,1]),
        ["wizard_of_wor"] = ([0], [0,1]),
        ["yars_revenge"] = ([0,32,64,96], [0,1]),
        ["zaxxon"] = ([0,8,16,24], [0]),
    };

    [Fact]
    public void EveryGameHasAlesModesAndDifficulties()
    {
        Assert.Equal(63, Ale.Count);
        Assert.Equal(Ale.Keys.Order(), GameCatalog.Names.Order());
        foreach (var (game, (modes, difficulties)) in Ale)
        {
            var rules = GameCatalog.ForName(game)!;
            Assert.True(modes.SequenceEqual(rules.Modes), $"{game}: modes [{string.Join(",", rules.Modes)}], ALE [{string.Join(",", modes)}]");
            Assert.True(difficulties.SequenceEqual(rules.Difficulties), $"{game}: difficulties [{string.Join(",", rules.Difficulties)}], ALE [{string.Join(",", difficulties)}]");
        }
    }
}
