namespace DeepQ.Cli.Experiments;

/// <summary>
/// The named configurations of the DQN ablation study, usable by name in any grid. Each says
/// only what it changes; the grid's own settings (preset, budget) apply under it. "dqn" is plain
/// DQN (Mnih et al. 2015: replay and a target network, no Double DQN), and the others take one
/// ingredient away or add one, so a difference in score is that ingredient's doing:
/// without replay each update uses the latest batch-size transitions (correlated, used once);
/// without a target network the bootstrap target moves with every update.
/// </summary>
internal static class BuiltInConfigurations
{
    public const string Dqn = "dqn";

    /// <summary>Name, what it shows, and its settings, in report order.</summary>
    public static IReadOnlyList<(string Name, string Description, KeyValuePair<string, string>[] Settings)> All { get; } =
    [
        (Dqn, "full DQN: replay and a target network", Kv(("double-dqn", "false"), ("use-replay", "true"), ("use-target-network", "true"))),
        ("no-replay", "DQN without replay: each update uses the latest batch-size transitions", Kv(("double-dqn", "false"), ("use-replay", "false"), ("use-target-network", "true"))),
        ("no-target", "DQN without a target network: targets bootstrap from the online network", Kv(("double-dqn", "false"), ("use-replay", "true"), ("use-target-network", "false"))),
        ("no-replay-no-target", "DQN with neither replay nor a target network", Kv(("double-dqn", "false"), ("use-replay", "false"), ("use-target-network", "false"))),
        ("double-dqn", "Double DQN (van Hasselt et al. 2016): the online network picks, the target network scores", Kv(("double-dqn", "true"), ("use-replay", "true"), ("use-target-network", "true"))),
        ("target-period-10", "DQN with the target network copied every 10 agent steps", TargetPeriod(10)),
        ("target-period-100", "DQN with the target network copied every 100 agent steps", TargetPeriod(100)),
        ("target-period-1000", "DQN with the target network copied every 1,000 agent steps", TargetPeriod(1000)),
        ("target-period-5000", "DQN with the target network copied every 5,000 agent steps", TargetPeriod(5000)),
    ];

    /// <summary>The ablation set: the four replay x target combinations and Double DQN.</summary>
    public static IReadOnlyList<string> Ablations { get; } = ["dqn", "no-replay", "no-target", "no-replay-no-target", "double-dqn"];

    /// <summary>The target-update-period sweep.</summary>
    public static IReadOnlyList<string> TargetPeriods { get; } = ["target-period-10", "target-period-100", "target-period-1000", "target-period-5000"];

    public static KeyValuePair<string, string>[]? Find(string name) =>
        All.FirstOrDefault(c => c.Name == name).Settings;

    /// <summary>Names a grid may use for a set: "ablations", "target-periods".</summary>
    public static IReadOnlyList<string>? FindSet(string name) => name switch
    {
        "ablations" => Ablations,
        "target-periods" => TargetPeriods,
        _ => null,
    };

    private static KeyValuePair<string, string>[] TargetPeriod(int steps) =>
        Kv(("double-dqn", "false"), ("use-replay", "true"), ("use-target-network", "true"), ("target-update-interval", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static KeyValuePair<string, string>[] Kv(params (string Key, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToArray();
}
