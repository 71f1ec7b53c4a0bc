using DeepQ.Envs.ClassicControl;
using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs;

/// <summary>
/// Options for <see cref="Gym.Make"/>, Gymnasium's <c>make(id, **kwargs)</c>. Each field defaults
/// to Gymnasium's value; null means "the id's registered default".
/// </summary>
public sealed record EnvOptions
{
    /// <summary>Overrides the id's TimeLimit (Gymnasium's <c>max_episode_steps</c>); 0 turns it off.</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>CartPole's <c>sutton_barto_reward</c> (default false).</summary>
    public bool SuttonBartoReward { get; init; }

    /// <summary>FrozenLake's <c>map_name</c>: "4x4" (default) or "8x8".</summary>
    public string? MapName { get; init; }

    /// <summary>FrozenLake's <c>is_slippery</c> (default true).</summary>
    public bool IsSlippery { get; init; } = true;

    /// <summary>
    /// Discrete observations (FrozenLake's cell) as a float32 one-hot vector <c>[N]</c>, so a network can
    /// take them; not a Gymnasium option (default false: the int cell index, as Gymnasium).
    /// </summary>
    public bool OneHotObservation { get; init; }

    /// <summary>Atari: what to observe (ale-py <c>obs_type</c>, default rgb).</summary>
    public Atari.AtariObsType AtariObsType { get; init; } = Atari.AtariObsType.Rgb;

    /// <summary>Atari: overrides the id's frame skip (ale-py <c>frameskip</c>); units: frames.</summary>
    public int? FrameSkip { get; init; }

    /// <summary>Atari: overrides the id's sticky-action probability (ale-py <c>repeat_action_probability</c>).</summary>
    public double? RepeatActionProbability { get; init; }

    /// <summary>Atari: all 18 actions instead of the minimal set (ale-py <c>full_action_space</c>).</summary>
    public bool FullActionSpace { get; init; }

    /// <summary>Atari: overrides the 108,000-frame episode limit (0 = none); units: frames.</summary>
    public int? MaxNumFramesPerEpisode { get; init; }

    /// <summary>Atari game mode and difficulty (null = the game's default).</summary>
    public int? Mode { get; init; }

    public int? Difficulty { get; init; }

    /// <summary>Atari: the ROM folder (else <c>DEEPQ_ROMS</c>, else the per-user folder), as <c>--roms</c>.</summary>
    public string? RomsDir { get; init; }
}

/// <summary>
/// The environment registry: every id <c>deepq envs</c> lists and <see cref="Make"/> builds.
/// Ids are spelled as Gymnasium and ale-py spell them.
/// </summary>
public static partial class Gym
{
    private sealed record ClassicSpec(string Id, int MaxEpisodeSteps, string Description);

    private static readonly ClassicSpec[] Classic =
    [
        new("CartPole-v1", 500, "pole balancing, 2 actions, float32[4]"),
        new("Acrobot-v1", 500, "swing a two-link arm up, 3 actions, float32[6]"),
        new("MountainCar-v0", 200, "drive up a hill, 3 actions, float32[2]"),
        new("FrozenLake-v1", 100, "grid walk on slippery ice, 4 actions, 4x4 map, Discrete(16) observations (map_name 8x8: 8x8 map, Discrete(64), 200-step limit)"),
        new("FrozenLake8x8-v1", 200, "FrozenLake-v1 with map_name 8x8"),
    ];

    /// <summary>The classic-control ids with a one-line description each.</summary>
    public static IEnumerable<(string Id, string Description)> ClassicControlIds =>
        Classic.Select(c => (c.Id, c.Description));

    /// <summary>Every id this library can make (classic control first, then Atari).</summary>
    public static IEnumerable<string> Ids => Classic.Select(c => c.Id).Concat(AtariIds());

    /// <summary>
    /// Makes the env registered as <paramref name="id"/> with Gymnasium's wrappers for it:
    /// the TimeLimit for classic control. Unknown ids throw <see cref="EnvException"/> naming close ids.
    /// The result is <c>IEnv&lt;float&gt;</c> for CartPole/Acrobot/MountainCar, <c>IEnv&lt;int&gt;</c> for
    /// FrozenLake and <c>IEnv&lt;byte&gt;</c> for Atari.
    /// </summary>
    public static IEnv Make(string id, EnvOptions? options = null)
    {
        options ??= new EnvOptions();
        if (Classic.FirstOrDefault(c => c.Id == id) is { } spec)
        {
            IEnv env = id switch
            {
                "CartPole-v1" => new CartPole(options.SuttonBartoReward, id),
                "Acrobot-v1" => new Acrobot(id),
                "MountainCar-v0" => new MountainCar(id),
                "FrozenLake-v1" => new FrozenLake(options.MapName ?? "4x4", options.IsSlippery, id: id),
                "FrozenLake8x8-v1" => new FrozenLake(options.MapName ?? "8x8", options.IsSlippery, id: id),
                _ => throw new InvalidOperationException(id),
            };
            int limit = options.MaxEpisodeSteps
                        ?? (env is FrozenLake { NRow: 8 } ? 200 : spec.MaxEpisodeSteps);
            if (limit > 0)
            {
                env = env switch
                {
                    IEnv<float> f => new TimeLimit<float>(f, limit),
                    IEnv<int> i => new TimeLimit<int>(i, limit),
                    _ => env,
                };
            }
            return options.OneHotObservation && env is IEnv<int> discrete ? new OneHot(discrete) : env;
        }
        if (TryMakeAtari(id, options) is { } atari) return atari;
        throw new EnvException($"Unknown environment id '{id}'.{Suggest(id)} Gym.List() lists every id.");
    }

    /// <summary><see cref="Make"/> for callers that know the observation type; a mismatch is a user error.</summary>
    public static IEnv<T> Make<T>(string id, EnvOptions? options = null) where T : unmanaged
    {
        var env = Make(id, options);
        if (env is IEnv<T> typed) return typed;
        string got = env.ObservationSpace.DType.ToString().ToLowerInvariant();
        env.Dispose();
        throw new EnvException($"Environment '{id}' has {got} observations, not {typeof(T).Name}; pick an id of the right kind (see Gym.List()).");
    }

    /// <summary>" Did you mean: a, b, c?" for the ids closest to <paramref name="id"/>, or "".</summary>
    internal static string Suggest(string id)
    {
        var close = Ids
            .Select(known => (known, d: Distance(id.ToLowerInvariant(), known.ToLowerInvariant())))
            .Where(t => t.d <= Math.Max(3, id.Length / 3) || t.known.Contains(id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.d).ThenBy(t => t.known, StringComparer.Ordinal)
            .Take(5).Select(t => t.known).ToList();
        return close.Count == 0 ? "" : $" Did you mean: {string.Join(", ", close)}?";
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
