using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Games;
using DeepQ.Emulator.Roms;
using DeepQ.Envs.Atari;

namespace DeepQ.Envs;

public static partial class Gym
{
    /// <summary>One Atari id and the ale-py settings it stands for.</summary>
    public sealed record AtariSpec(string Id, string Game, int FrameSkip, int FrameSkipMax, double RepeatActionProbability);

    private static readonly Lazy<AtariSpec[]> s_atari = new(BuildAtariSpecs);

    /// <summary>
    /// Every Atari id, for each game the emulator has rules for, spelled as ale-py registers them:
    /// <c>{Name}-v4</c> (frame skip 2..4), <c>{Name}Deterministic-v4</c> (4), <c>{Name}NoFrameskip-v4</c> (1),
    /// all without sticky actions, and <c>ALE/{Name}-v5</c> (frame skip 4, sticky 0.25). Every one has
    /// the 108,000-frame episode limit and the minimal action set.
    /// </summary>
    public static IReadOnlyList<AtariSpec> AtariSpecs => s_atari.Value;

    /// <summary>ale-py's <c>rom_id_to_name</c>: <c>space_invaders</c> -> <c>SpaceInvaders</c>.</summary>
    public static string GameIdToName(string game) =>
        string.Concat(game.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static AtariSpec[] BuildAtariSpecs()
    {
        var specs = new List<AtariSpec>();
        foreach (var game in KnownRoms.Games.Where(g => GameCatalog.ForName(g) is not null).Order(StringComparer.Ordinal))
        {
            string name = GameIdToName(game);
            specs.Add(new AtariSpec($"{name}-v4", game, 2, 5, 0.0));
            specs.Add(new AtariSpec($"{name}Deterministic-v4", game, 4, 0, 0.0));
            specs.Add(new AtariSpec($"{name}NoFrameskip-v4", game, 1, 0, 0.0));
            specs.Add(new AtariSpec($"ALE/{name}-v5", game, 4, 0, 0.25));
        }
        return specs.ToArray();
    }

    /// <summary>
    /// "The DQN-paper Atari env" in one call: <paramref name="id"/> (normally <c>PongNoFrameskip-v4</c>)
    /// wrapped by <see cref="AtariStack.Wrap"/>; observations byte <c>[4,84,84]</c> with the defaults.
    /// </summary>
    public static IEnv<byte> MakeAtari(string id, AtariWrapperOptions? wrappers = null, EnvOptions? options = null)
    {
        var raw = Make(id, options);
        if (raw is not AtariEnv atari)
        {
            raw.Dispose();
            throw new EnvException($"'{id}' is not an Atari id; the Atari preprocessing needs one such as PongNoFrameskip-v4.");
        }
        try { return AtariStack.Wrap(atari, wrappers ?? new AtariWrapperOptions()); }
        catch { atari.Dispose(); throw; }
    }

    /// <summary>Every id with a one-line description, for <c>deepq envs</c>.</summary>
    public static IEnumerable<(string Id, string Description)> List() =>
        ClassicControlIds.Concat(AtariSpecs.Select(s => (s.Id, DescribeAtari(s))));

    private static string DescribeAtari(AtariSpec s)
    {
        string skip = s.FrameSkipMax > s.FrameSkip ? $"frame skip {s.FrameSkip}..{s.FrameSkipMax - 1}" : $"frame skip {s.FrameSkip}";
        string sticky = s.RepeatActionProbability > 0 ? $"sticky actions {s.RepeatActionProbability}" : "no sticky actions";
        return $"Atari {s.Game}, {skip}, {sticky}, 108,000-frame limit, byte[{AleScreenHeight(s.Game)},160,3]";
    }

    /// <summary>
    /// Lines of the screen ALE 0.12.1 shows for a game's ALE image: 250 where its Stella core
    /// detects PAL-length frames at power-on, 230 for Journey Escape (its Stella properties), else
    /// 210. Read from the reference traces (one per benchmark ROM); the environment itself takes
    /// the height from the emulator, so this only describes ids before any ROM is loaded.
    /// </summary>
    public static int AleScreenHeight(string game) => game switch
    {
        "journey_escape" => 230,
        "adventure" or "air_raid" or "amidar" or "assault" or "bank_heist" or "carnival" or "centipede" or "double_dunk"
            or "gopher" or "pooyan" or "skiing" or "tennis" or "tutankham" or "video_pinball" or "wizard_of_wor" => 250,
        _ => 210,
    };

    private static IEnumerable<string> AtariIds() => AtariSpecs.Select(s => s.Id);

    private static IEnv? TryMakeAtari(string id, EnvOptions o)
    {
        var spec = AtariSpecs.FirstOrDefault(s => s.Id == id);
        if (spec is null) return null;
        var config = new AtariConfig
        {
            Game = spec.Game,
            ObsType = o.AtariObsType,
            FrameSkip = o.FrameSkip ?? spec.FrameSkip,
            FrameSkipMax = o.FrameSkip is null ? spec.FrameSkipMax : 0,
            RepeatActionProbability = o.RepeatActionProbability ?? spec.RepeatActionProbability,
            FullActionSpace = o.FullActionSpace,
            MaxNumFramesPerEpisode = o.MaxNumFramesPerEpisode ?? 108_000,
            Mode = o.Mode,
            Difficulty = o.Difficulty,
        };
        if (config.MaxNumFramesPerEpisode < 0)
            throw new EnvException($"{id}: max_num_frames_per_episode must be 0 (no limit) or positive, got {config.MaxNumFramesPerEpisode}.");
        RomImage rom;
        try { rom = new RomLibrary(o.RomsDir).Resolve(spec.Game); }
        catch (DeepQ.Emulator.RomException e) { throw new EnvException($"{id}: {e.Message}", e); }
        return new AtariEnv(id, config, seed => CreateEmulator(id, rom, config, seed));
    }

    /// <summary>ALE with its own frame skip at 1 (the env repeats actions) and no frame cap (the env truncates).</summary>
    private static IAtariEmulator CreateEmulator(string id, RomImage rom, AtariConfig c, ulong seed)
    {
        var settings = new AleSettings
        {
            FrameSkip = 1,
            RepeatActionProbability = c.RepeatActionProbability,
            RandomSeed = unchecked((int)(uint)seed),
            MaxNumFramesPerEpisode = 0,
        };
        return AleEmulator.Create(id, rom, settings, c.Mode, c.Difficulty);
    }
}
