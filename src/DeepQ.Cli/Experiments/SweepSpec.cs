using System.Globalization;
using DeepQ.Agents;
using DeepQ.Agents.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeepQ.Cli.Experiments;

/// <summary>
/// Where one hyperparameter is searched: a list of values (grid or random), or a range sampled
/// uniformly, log-uniformly (for learning rates) or as whole numbers. Written in a sweep file as
/// <c>[32, 64, 128]</c>, <c>{uniform: [0.9, 0.999]}</c>, <c>{log-uniform: [1e-4, 3e-3]}</c>,
/// <c>{int-uniform: [50, 1000]}</c>; on the command line as <c>32,64,128</c>, <c>uniform:0.9:0.999</c>, <c>log:1e-4:3e-3</c>, <c>int:50:1000</c>.
/// </summary>
internal sealed record ParameterSpace(string Setting, string Kind, IReadOnlyList<string> Values, double Low, double High)
{
    public bool IsChoice => Kind == "choice";

    public string Sample(RandomStream rng) => Kind switch
    {
        "choice" => Values[rng.NextInt(Values.Count)],
        "uniform" => Round(Low + (High - Low) * rng.NextDouble()),
        "log-uniform" => Round(Math.Exp(Math.Log(Low) + (Math.Log(High) - Math.Log(Low)) * rng.NextDouble())),
        "int-uniform" => ((long)Low + rng.NextLong((long)High - (long)Low + 1)).ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException(Kind),
    };

    public string Describe() => IsChoice ? "{" + string.Join(", ", Values) + "}" : $"{Kind} [{Low.ToString(CultureInfo.InvariantCulture)}, {High.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>4 significant digits: a sampled 0.000123456 is written 0.0001235, which reads and resolves the same everywhere.</summary>
    private static string Round(double v) => double.Parse(v.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    public static ParameterSpace Parse(string setting, string text, string where)
    {
        var parts = text.Split(':');
        if (parts.Length == 3 && parts[0] is "uniform" or "log" or "log-uniform" or "int" or "int-uniform")
        {
            string kind = parts[0] switch { "log" => "log-uniform", "int" => "int-uniform", var k => k };
            return Range(setting, kind, parts[1], parts[2], where);
        }
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length == 0) throw new CliUserException($"{where}: '{setting}' has no values to search.");
        return new ParameterSpace(setting, "choice", values, 0, 0);
    }

    public static ParameterSpace Range(string setting, string kind, string low, string high, string where)
    {
        if (!double.TryParse(low, NumberStyles.Float, CultureInfo.InvariantCulture, out double lo) || !double.TryParse(high, NumberStyles.Float, CultureInfo.InvariantCulture, out double hi) || !(lo < hi))
            throw new CliUserException($"{where}: the {kind} range of '{setting}' must be two numbers, low < high (got '{low}', '{high}').");
        if (kind == "log-uniform" && lo <= 0) throw new CliUserException($"{where}: a log-uniform range needs positive bounds; '{setting}' starts at {low}.");
        if (kind == "int-uniform" && (lo != Math.Floor(lo) || hi != Math.Floor(hi))) throw new CliUserException($"{where}: an int-uniform range of '{setting}' needs whole-number bounds.");
        return new ParameterSpace(setting, kind, [], lo, hi);
    }
}

/// <summary>
/// A hyperparameter search: settings shared by every trial, the parameters searched, the method
/// (grid: every combination of listed values; random: <c>trials</c> draws from a seeded stream, so
/// a rerun plans the same trials), successive halving (rungs of budgets total-steps/eta^k; after
/// each, only the best 1/eta of the trials go on) and the fresh seeds the winner is re-run on.
/// <code>
/// name: lr-sweep
/// settings: { preset: cartpole-fast, total-steps: 40000, stop-reward: none }
/// method: random
/// trials: 9
/// search: { learning-rate: { log-uniform: [1e-4, 3e-3] }, batch-size: [32, 64, 128] }
/// search-seeds: 1
/// rungs: 3
/// eta: 3
/// final-seeds: 10
/// </code>
/// </summary>
internal sealed record SweepSpec(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings, string Method, int Trials,
    IReadOnlyList<ParameterSpace> Parameters, int SearchSeeds, int FinalSeeds, int Rungs, int Eta, long Seed)
{
    private static readonly string[] Keys = ["name", "settings", "method", "trials", "search", "search-seeds", "final-seeds", "rungs", "eta", "seed"];

    public static SweepSpec Default => new("sweep", [], "random", 8, [], 1, 10, 3, 3, 0);

    public static SweepSpec Load(string path)
    {
        if (!File.Exists(path)) throw new CliUserException($"sweep file '{path}' does not exist; check the path.");
        var stream = new YamlStream();
        try { stream.Load(new StringReader(File.ReadAllText(path))); }
        catch (YamlException e) { throw new CliUserException($"sweep file '{path}' is not valid YAML or JSON (line {e.Start.Line}: {e.Message.Split('\n')[0]}); fix the syntax."); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new CliUserException($"sweep file '{path}' must be a mapping with keys {string.Join(", ", Keys)}.");
        string where = $"sweep file '{path}'";
        var spec = Default with { Name = Path.GetFileNameWithoutExtension(path) };
        var settings = new List<KeyValuePair<string, string>>();
        var parameters = new List<ParameterSpace>();
        foreach (var (k, v) in root.Children)
        {
            string key = Text(k, where);
            switch (key)
            {
                case "name": spec = spec with { Name = Text(v, where) }; break;
                case "settings":
                    if (v is not YamlMappingNode sm) throw new CliUserException($"{where}: 'settings' must be a mapping of setting to value.");
                    foreach (var (sk, sv) in sm.Children) settings.Add(new(Text(sk, where), sv is YamlSequenceNode ss ? string.Join(",", ss.Children.Select(c => Text(c, where))) : Text(sv, where)));
                    break;
                case "method": spec = spec with { Method = Text(v, where) }; break;
                case "trials": spec = spec with { Trials = Int(v, where, key) }; break;
                case "search-seeds": spec = spec with { SearchSeeds = Int(v, where, key) }; break;
                case "final-seeds": spec = spec with { FinalSeeds = Int(v, where, key) }; break;
                case "rungs": spec = spec with { Rungs = Int(v, where, key) }; break;
                case "eta": spec = spec with { Eta = Int(v, where, key) }; break;
                case "seed": spec = spec with { Seed = Int(v, where, key) }; break;
                case "search":
                    if (v is not YamlMappingNode pm) throw new CliUserException($"{where}: 'search' must map each setting to its values or range.");
                    foreach (var (pk, pv) in pm.Children) parameters.Add(Space(Text(pk, where), pv, where));
                    break;
                default: throw new CliUserException($"{where}: unknown key '{key}'; a sweep file has {string.Join(", ", Keys)}.");
            }
        }
        return spec with { Settings = settings, Parameters = parameters };
    }

    /// <summary>Checks the method, counts and parameter names; one line per problem.</summary>
    public void Validate()
    {
        if (Method is not ("grid" or "random")) throw new CliUserException($"sweep method '{Method}' is unknown; use grid or random.");
        if (Parameters.Count == 0) throw new CliUserException("the sweep searches nothing: give parameters under 'search' or with --param key=values.");
        foreach (var p in Parameters)
        {
            var setting = ConfigSchema.Find(p.Setting) ?? throw new CliUserException(
                $"sweep parameter '{p.Setting}' is not a setting; run 'deepq train --help' for the list.");
            if (setting.Name is "seed" or "env") throw new CliUserException($"sweep parameter '{p.Setting}' cannot be searched: seeds and environments are fixed by the sweep.");
            if (Method == "grid" && !p.IsChoice) throw new CliUserException($"grid search needs a list of values for '{p.Setting}', not a {p.Kind} range; list the values or use --method random.");
        }
        var dup = Parameters.GroupBy(p => ConfigSchema.Find(p.Setting)!.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CliUserException($"sweep parameter '{dup.Key}' is given twice.");
        if (Trials < 1 || SearchSeeds < 1 || FinalSeeds < 1 || Rungs < 1 || Eta < 2)
            throw new CliUserException($"sweep counts out of range: trials, search-seeds, final-seeds and rungs must be at least 1 and eta at least 2 (got {Trials}, {SearchSeeds}, {FinalSeeds}, {Rungs}, {Eta}).");
    }

    /// <summary>The trials' settings: every combination (grid) or <see cref="Trials"/> seeded draws (random).</summary>
    public List<List<KeyValuePair<string, string>>> PlanTrials()
    {
        var trials = new List<List<KeyValuePair<string, string>>> { new() };
        if (Method == "grid")
        {
            foreach (var p in Parameters)
                trials = trials.SelectMany(t => p.Values.Select(v => new List<KeyValuePair<string, string>>(t) { new(p.Setting, v) })).ToList();
            return trials;
        }
        var rng = new RandomStream(Seed, stream: 0x5EE9);
        return Enumerable.Range(0, Trials).Select(_ => Parameters.Select(p => new KeyValuePair<string, string>(p.Setting, p.Sample(rng))).ToList()).ToList();
    }

    private static ParameterSpace Space(string setting, YamlNode node, string where) => node switch
    {
        YamlSequenceNode seq => new ParameterSpace(setting, "choice", seq.Children.Select(c => Text(c, where)).ToList(), 0, 0),
        YamlScalarNode s => ParameterSpace.Parse(setting, Text(s, where), where),
        YamlMappingNode { Children.Count: 1 } m when m.Children.First() is var (k, v) && v is YamlSequenceNode { Children.Count: 2 } range
            && Text(k, where) is "uniform" or "log-uniform" or "int-uniform" =>
            ParameterSpace.Range(setting, Text(k, where), Text(range.Children[0], where), Text(range.Children[1], where), where),
        _ => throw new CliUserException($"{where}: search space of '{setting}' must be a list of values or one of {{uniform|log-uniform|int-uniform: [low, high]}}."),
    };

    private static string Text(YamlNode n, string where) =>
        n is YamlScalarNode s ? s.Value ?? "" : throw new CliUserException($"{where}: expected a plain value at line {n.Start.Line}.");

    private static int Int(YamlNode n, string where, string key) =>
        int.TryParse(Text(n, where), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new CliUserException($"{where}: '{key}' must be a whole number.");
}
