using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeepQ.Cli.Experiments;

/// <summary>One named configuration of a grid: settings (deepq train's names) over the grid's own.</summary>
internal sealed record ConfigurationSpec(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings);

/// <summary>
/// What a grid asks for, before expansion: settings shared by every run, the configurations,
/// the seeds and optionally several environments. It comes from a small YAML or JSON file
/// (<see cref="Load"/>) and/or flags; <see cref="ExperimentPlan"/> turns it into runs.
/// <code>
/// name: ablations-cartpole
/// settings: { preset: cartpole-fast, total-steps: 50000, stop-reward: none }
/// envs: [CartPole-v1, Acrobot-v1]      # optional; else the settings' env
/// seeds: 10                            # 1..10; or [1, 2, 7]; or "1-10"
/// configurations:                      # built-in names, sets ("ablations"), or your own
///   - ablations
///   - name: big-batch
///     settings: { batch-size: 256 }
/// </code>
/// </summary>
internal sealed record ExperimentSpec(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<string> Envs, IReadOnlyList<int> Seeds, IReadOnlyList<ConfigurationSpec> Configurations)
{
    private static readonly string[] TopLevelKeys = ["name", "settings", "envs", "seeds", "configurations"];

    /// <summary>Reads a grid file (.yaml, .yml or .json; YAML's parser reads both).</summary>
    public static ExperimentSpec Load(string path)
    {
        if (!File.Exists(path)) throw new CliUserException($"grid file '{path}' does not exist; check the path.");
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".yaml" or ".yml" or ".json"))
            throw new CliUserException($"grid file '{path}' has extension '{ext}'; use a .yaml, .yml or .json file.");
        var stream = new YamlStream();
        try { stream.Load(new StringReader(File.ReadAllText(path))); }
        catch (YamlException e)
        {
            throw new CliUserException($"grid file '{path}' is not valid {(ext == ".json" ? "JSON" : "YAML")} (line {e.Start.Line}: {e.Message.Split('\n')[0]}); fix the syntax.");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new CliUserException($"grid file '{path}' must be a mapping with keys {string.Join(", ", TopLevelKeys)}.");

        string where = $"grid file '{path}'";
        string name = Path.GetFileNameWithoutExtension(path);
        var settings = new List<KeyValuePair<string, string>>();
        var envs = new List<string>();
        var seeds = new List<int>();
        var configs = new List<ConfigurationSpec>();
        foreach (var (k, v) in root.Children)
        {
            string key = Scalar(k, where);
            switch (key)
            {
                case "name": name = Scalar(v, where); break;
                case "settings": settings.AddRange(ReadSettings(v, $"{where}, settings")); break;
                case "envs": envs.AddRange(List(v, $"{where}, envs")); break;
                case "seeds": seeds.AddRange(ParseSeeds(v is YamlSequenceNode ? string.Join(",", List(v, where)) : Scalar(v, where), $"{where}, seeds")); break;
                case "configurations": configs.AddRange(ReadConfigurations(v, where)); break;
                default:
                    throw new CliUserException($"{where}: unknown key '{key}'; a grid file has {string.Join(", ", TopLevelKeys)}.");
            }
        }
        return new ExperimentSpec(name, settings, envs, seeds, configs);
    }

    /// <summary>
    /// Seeds as written: a count N (1..N), a range "A-B", or a comma list "1,5,9" (ranges allowed inside).
    /// </summary>
    public static List<int> ParseSeeds(string text, string where)
    {
        var seeds = new List<int>();
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool single = parts.Length == 1 && !parts[0].Contains('-', StringComparison.Ordinal);
        foreach (var part in parts)
        {
            int dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], NumberStyles.Integer, CultureInfo.InvariantCulture, out int a)
                && int.TryParse(part[(dash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int b) && a >= 0 && b >= a)
                for (int s = a; s <= b; s++) seeds.Add(s);
            else if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0)
            {
                if (single) { for (int s = 1; s <= n; s++) seeds.Add(s); }
                else seeds.Add(n);
            }
            else throw new CliUserException($"{where}: '{part}' is not a seed; give a count (10 = seeds 1..10), a range like 1-10, or a list like 1,2,7.");
        }
        var duplicate = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CliUserException($"{where}: seed {duplicate.Key} is listed twice; each seed runs once per configuration.");
        return seeds;
    }

    /// <summary>
    /// Configuration entries: a built-in name or set name, or "name=key:value;key:value" on the
    /// command line (see <see cref="ParseFlag"/>); in files also mappings.
    /// </summary>
    public static IEnumerable<ConfigurationSpec> Expand(string name, IReadOnlyList<KeyValuePair<string, string>> extra, string where)
    {
        if (BuiltInConfigurations.FindSet(name) is { } set)
        {
            if (extra.Count > 0) throw new CliUserException($"{where}: '{name}' is a set of configurations; give settings to each by name instead.");
            foreach (var member in set) yield return new ConfigurationSpec(member, BuiltInConfigurations.Find(member)!);
            yield break;
        }
        if (!IsPlainName(name))
            throw new CliUserException($"{where}: configuration name '{name}' may only hold letters, digits, '-', '_' and '.'; it names a folder.");
        var builtIn = BuiltInConfigurations.Find(name) ?? [];
        yield return new ConfigurationSpec(name, [.. builtIn, .. extra]);
    }

    /// <summary>A --config flag: "NAME" (built-in or set) or "NAME:key=value,key=value".</summary>
    public static IEnumerable<ConfigurationSpec> ParseFlag(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim();
        var settings = colon < 0 ? [] : ParseAssignments(text[(colon + 1)..], $"--configuration '{text}'", ',');
        return Expand(name, settings, "--configuration");
    }

    /// <summary>
    /// "key=value" pairs separated by <paramref name="separator"/>, as typed on the command line
    /// (<c>--set</c> of bench, experiment and sweep; a <c>--configuration</c>'s settings): a malformed
    /// one is a usage error (exit 2). Whether the key is a setting is the config loader's to say.
    /// </summary>
    public static List<KeyValuePair<string, string>> ParseAssignments(string text, string where, char separator = '\0')
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CliUsageException($"{where}: '{part}' is not KEY=VALUE; write it like total-steps=50000.");
            result.Add(new(part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }
        return result;
    }

    public static bool IsPlainName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name is not ("." or "..");

    private static IEnumerable<ConfigurationSpec> ReadConfigurations(YamlNode node, string where)
    {
        where += ", configurations";
        if (node is YamlMappingNode map)
        {
            foreach (var (k, v) in map.Children)
            {
                string name = Scalar(k, where);
                var extra = v is YamlScalarNode { Value: null or "" } ? [] : ReadSettings(v, $"{where}, '{name}'");
                foreach (var c in Expand(name, extra, where)) yield return c;
            }
        }
        else if (node is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children)
            {
                if (item is YamlScalarNode s)
                {
                    foreach (var c in Expand(Scalar(s, where), [], where)) yield return c;
                    continue;
                }
                if (item is not YamlMappingNode m)
                    throw new CliUserException($"{where}: each entry is a name or a mapping with 'name' and 'settings'.");
                string? name = null;
                List<KeyValuePair<string, string>> extra = [];
                foreach (var (k, v) in m.Children)
                {
                    string key = Scalar(k, where);
                    if (key == "name") name = Scalar(v, where);
                    else if (key == "settings") extra = ReadSettings(v, $"{where}, '{name ?? "?"}'");
                    else throw new CliUserException($"{where}: unknown key '{key}' in a configuration; use 'name' and 'settings'.");
                }
                if (name is null) throw new CliUserException($"{where}: a configuration mapping needs a 'name'.");
                foreach (var c in Expand(name, extra, where)) yield return c;
            }
        }
        else throw new CliUserException($"{where} must be a list of names or a mapping of name to settings.");
    }

    private static List<KeyValuePair<string, string>> ReadSettings(YamlNode node, string where)
    {
        if (node is not YamlMappingNode map)
            throw new CliUserException($"{where} must be a mapping of setting to value, like 'total-steps: 50000'.");
        return map.Children.Select(p => new KeyValuePair<string, string>(Scalar(p.Key, where),
            p.Value is YamlSequenceNode ? string.Join(",", List(p.Value, where)) : Scalar(p.Value, where))).ToList();
    }

    private static List<string> List(YamlNode node, string where) => node switch
    {
        YamlSequenceNode seq => seq.Children.Select(c => Scalar(c, where)).ToList(),
        YamlScalarNode s => Scalar(s, where).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        _ => throw new CliUserException($"{where} must be a list."),
    };

    private static string Scalar(YamlNode node, string where) =>
        node is YamlScalarNode s ? s.Value ?? "none" : throw new CliUserException($"{where}: expected a plain value at line {node.Start.Line}.");
}
