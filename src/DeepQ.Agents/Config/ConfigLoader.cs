using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeepQ.Agents.Config;

/// <summary>
/// Builds the run's <see cref="DqnConfig"/> from, in increasing priority: the preset (named, or
/// chosen from the env id), a JSON or YAML config file, then command-line flags. Every key is
/// checked against <see cref="ConfigSchema"/>; every value is parsed and range-checked with an
/// error that says where it came from. The fully resolved config is written to the run folder.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Name of the resolved config inside a run folder.</summary>
    public const string ResolvedFileName = "config.json";

    /// <summary>
    /// Resolves a config. <paramref name="flags"/> maps setting names (kebab-case, as flags) to raw
    /// text; "preset" is accepted as a key in both the file and the flags.
    /// </summary>
    public static DqnConfig Resolve(string? preset = null, string? configFile = null,
        IEnumerable<KeyValuePair<string, string>>? flags = null)
    {
        var fileValues = configFile is null ? [] : ReadFile(configFile);
        var flagValues = (flags ?? []).ToList();
        string fileSource = configFile is null ? "" : $"config file {configFile}";

        // The preset: flag, else file, else the default for the env id (flag, else file, else CartPole).
        preset ??= Lookup(flagValues, "preset") ?? Lookup(fileValues, "preset");
        string? env = Lookup(flagValues, "env") ?? Lookup(fileValues, "env");
        string presetName = preset ?? Presets.DefaultFor(env ?? new DqnConfig().Env);
        var config = Presets.Get(presetName.Trim()).Copy();

        var sources = new Dictionary<string, string>();
        foreach (var s in ConfigSchema.Settings) sources[s.Name] = $"preset {presetName}";
        config = Apply(config, fileValues, fileSource, sources, isFlag: false);
        config = Apply(config, flagValues, "", sources, isFlag: true);
        Validate(config, sources);
        RejectAtariOnly(config, fileValues, fileSource, flagValues);
        return config;
    }

    /// <summary>
    /// Atari-only settings (frame skip, no-ops, life loss, ...) given for a non-Atari env would be
    /// ignored without a word; say so instead. The presets' own values are not the user's doing.
    /// </summary>
    private static void RejectAtariOnly(DqnConfig config, List<KeyValuePair<string, string>> fileValues, string fileSource,
        List<KeyValuePair<string, string>> flagValues)
    {
        if (Presets.IsAtari(config.Env)) return;
        foreach (var (values, where) in new[] { (flagValues, "override"), (fileValues, fileSource) })
            foreach (var (key, _) in values)
                if (ConfigSchema.Find(key.TrimStart('-')) is { Group: "atari" } s && s.Name != "roms")
                    throw new ConfigException(where == "override"
                        ? $"`{s.Name}` (override) applies to Atari envs only, and env is {config.Env}; drop it, or set `env` to an Atari id."
                        : $"{where}: {s.Name} applies to Atari envs only, and env is {config.Env}; remove it from the file, or set an Atari env.");
    }

    /// <summary>Checks every range and the cross-setting rules; throws <see cref="ConfigException"/> naming the source.</summary>
    public static void Validate(DqnConfig config, IReadOnlyDictionary<string, string>? sources = null)
    {
        string Src(string name) => sources is not null && sources.TryGetValue(name, out var s) ? s : "config";
        foreach (var s in ConfigSchema.Settings) s.CheckRange(config, Src(s.Name));
        if (string.IsNullOrWhiteSpace(config.Env))
            throw new ConfigException($"{Src("env")}: env is empty; give an environment id such as CartPole-v1 or PongNoFrameskip-v4.");
        // Two settings clash: name where each value came from (the preset, a config file, a flag).
        if (config.LearningStarts >= config.TotalSteps)
            throw new ConfigException($"learning-starts ({config.LearningStarts}, from {Src("learning-starts")}) must be below total-steps ({config.TotalSteps}, from {Src("total-steps")}), or no update ever happens; lower learning-starts or raise total-steps.");
        if (config.BatchSize > config.BufferSize)
            throw new ConfigException($"batch-size ({config.BatchSize}, from {Src("batch-size")}) is larger than buffer-size ({config.BufferSize}, from {Src("buffer-size")}); lower batch-size or raise buffer-size.");
        if (!config.UseReplay && config.PrioritizedReplay)
            throw new ConfigException($"use-replay false (from {Src("use-replay")}) trains on the newest transitions, so prioritized-replay (from {Src("prioritized-replay")}) has nothing to prioritise; set prioritized-replay false.");
    }

    /// <summary>Reads a .json, .yaml or .yml file into raw key/value text pairs.</summary>
    public static List<KeyValuePair<string, string>> ReadFile(string path)
    {
        if (Directory.Exists(path))
            throw new ConfigException($"Config file '{path}' is a folder, not a file; give the path of a .json or .yaml file.");
        if (!File.Exists(path))
            throw new ConfigException($"Config file '{path}' does not exist; check the path.");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Config file '{path}' cannot be read ({e.Message}); check its permissions.", e);
        }
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".json" => ParseJson(text, path),
            ".yaml" or ".yml" => ParseYaml(text, path),
            _ => throw new ConfigException($"Config file '{path}' has extension '{ext}'; use a .json, .yaml or .yml file."),
        };
    }

    /// <summary>Writes the fully resolved config as JSON (every setting, schema order) atomically.</summary>
    public static void WriteResolved(DqnConfig config, string path)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ToJson(config), new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The resolved config as indented JSON: "preset" then every setting by its flag name.</summary>
    public static string ToJson(DqnConfig config)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("preset", config.Preset);
            foreach (var s in ConfigSchema.Settings)
            {
                var v = s.GetValue(config);
                switch (v)
                {
                    case bool b: w.WriteBoolean(s.Name, b); break;
                    case int i: w.WriteNumber(s.Name, i); break;
                    case long l: w.WriteNumber(s.Name, l); break;
                    case double d when double.IsFinite(d): w.WriteNumber(s.Name, d); break;
                    case int[] a:
                        w.WriteStartArray(s.Name);
                        foreach (var x in a) w.WriteNumberValue(x);
                        w.WriteEndArray();
                        break;
                    default: w.WriteString(s.Name, ConfigSchema.FormatValue(v)); break;
                }
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Loads a resolved config written by <see cref="WriteResolved"/> (for --resume), with the same checks.</summary>
    public static DqnConfig LoadResolved(string path)
    {
        var values = ReadFile(path);
        string preset = Lookup(values, "preset") ?? Presets.CartPoleFast;
        var config = Presets.Get(preset).Copy();
        var sources = new Dictionary<string, string>();
        config = Apply(config, values, $"run config {path}", sources, isFlag: false);
        // A setting the file does not name is newer than the run: it keeps its built-in default,
        // the behaviour from before it existed, not the preset's value of today.
        var builtIn = new DqnConfig();
        foreach (var setting in ConfigSchema.Settings)
            if (!sources.ContainsKey(setting.Name)) setting.Property.SetValue(config, setting.Property.GetValue(builtIn));
        Validate(config, sources);
        return config;
    }

    private static DqnConfig Apply(DqnConfig config, List<KeyValuePair<string, string>> values, string source,
        Dictionary<string, string> sources, bool isFlag)
    {
        var seen = new Dictionary<string, string>(); // setting -> the key that set it, within this source
        foreach (var (key, raw) in values)
        {
            if (ConfigSchema.NormalizeKey(key.TrimStart('-')) == "preset") continue;
            string where = isFlag ? $"`{key.TrimStart('-')}` (override)" : source;
            var setting = ConfigSchema.Get(key, where);
            // A file naming a setting twice (the same key, or two aliases) would let the last one win unseen.
            if (!isFlag && seen.TryGetValue(setting.Name, out var earlier))
                throw new ConfigException(earlier == key
                    ? $"{source}: '{key}' is set twice; keep one."
                    : $"{source}: '{earlier}' and '{key}' both set {setting.Name}; keep one.");
            seen[setting.Name] = key;
            setting.Property.SetValue(config, setting.Parse(raw, where));
            sources[setting.Name] = isFlag ? $"`{setting.Name}` (override)" : $"{source} (key '{key}')";
        }
        return config;
    }

    private static string? Lookup(List<KeyValuePair<string, string>> values, string name)
    {
        string? found = null;
        foreach (var (k, v) in values)
        {
            string nk = ConfigSchema.NormalizeKey(k.TrimStart('-'));
            if (nk == ConfigSchema.NormalizeKey(name)) found = v;
            else if (ConfigSchema.Find(k) is { } s && s.Name == name) found = v;
        }
        return found;
    }

    private static List<KeyValuePair<string, string>> ParseJson(string text, string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new ConfigException($"Config file '{path}' is not valid JSON (line {e.LineNumber + 1}: {FirstLine(e.Message)}); fix the syntax.", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigException($"Config file '{path}' must hold one JSON object of settings, like {{\"learning-rate\": 0.001}}.");
            var result = new List<KeyValuePair<string, string>>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                string value = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "none",
                    JsonValueKind.Array => string.Join(",", p.Value.EnumerateArray().Select(e => e.GetRawText())),
                    _ => throw new ConfigException($"Config file '{path}': setting '{p.Name}' must be a single value, not an object."),
                };
                result.Add(new(p.Name, value));
            }
            return result;
        }
    }

    private static List<KeyValuePair<string, string>> ParseYaml(string text, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            throw new ConfigException($"Config file '{path}' is not valid YAML (line {e.Start.Line}: {FirstLine(e.Message)}); fix the syntax.", e);
        }
        var result = new List<KeyValuePair<string, string>>();
        if (stream.Documents.Count == 0) return result;
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ConfigException($"Config file '{path}' must be a YAML mapping of settings, like 'learning-rate: 0.001'.");
        foreach (var (k, v) in map.Children)
        {
            string key = (k as YamlScalarNode)?.Value ?? throw new ConfigException($"Config file '{path}': keys must be plain setting names.");
            string value = v switch
            {
                YamlScalarNode s => s.Value ?? "none",
                YamlSequenceNode seq => string.Join(",", seq.Children.Select(c => (c as YamlScalarNode)?.Value
                    ?? throw new ConfigException($"Config file '{path}': '{key}' must be a list of plain values."))),
                _ => throw new ConfigException($"Config file '{path}': setting '{key}' must be a single value, not a mapping."),
            };
            result.Add(new(key, value));
        }
        return result;
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
