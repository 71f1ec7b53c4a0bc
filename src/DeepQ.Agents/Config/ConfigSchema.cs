using System.Globalization;
using System.Reflection;
using System.Text;

namespace DeepQ.Agents.Config;

/// <summary>
/// One user-visible setting of <see cref="DqnConfig"/>: how to name it, describe it, parse it from
/// text (flags, JSON, YAML all arrive as text), format it back, and check its range.
/// </summary>
public sealed class SettingInfo
{
    internal SettingInfo(PropertyInfo property, SettingAttribute attribute)
    {
        Property = property;
        Attribute = attribute;
    }

    internal PropertyInfo Property { get; }
    private SettingAttribute Attribute { get; }

    /// <summary>Kebab-case name: the flag is <c>--{Name}</c>.</summary>
    public string Name => Attribute.Name;
    public string Help => Attribute.Help;
    /// <summary>"agent steps", "transitions", "frames", "episodes" or empty.</summary>
    public string Unit => Attribute.Unit;
    public string Group => Attribute.Group;
    public IReadOnlyList<string> Aliases => Attribute.Aliases;
    public Type ValueType => Property.PropertyType;
    public double Min => Attribute.Min;
    public double Max => Attribute.Max;
    public bool IsFlagLike => ValueType == typeof(bool);

    /// <summary>Allowed words for enum settings ("huber", "mse"), else empty.</summary>
    public IReadOnlyList<string> Choices =>
        ValueType.IsEnum ? Enum.GetNames(ValueType).Select(ConfigSchema.EnumWord).ToArray() : [];

    /// <summary>Help line with unit, range and the default of <c>cartpole-fast</c> (the field's default).</summary>
    public string HelpText(DqnConfig? defaults = null)
    {
        var sb = new StringBuilder(Help);
        if (Unit.Length > 0) sb.Append(" [").Append(Unit).Append(']');
        if (Choices.Count > 0) sb.Append(" (").Append(string.Join("|", Choices)).Append(')');
        sb.Append(" [default: ").Append(Format(defaults ?? new DqnConfig())).Append(']');   // System.CommandLine's own style
        return sb.ToString();
    }

    public object? GetValue(DqnConfig config) => Property.GetValue(config);

    /// <summary>The value as text that <see cref="Parse"/> reads back identically.</summary>
    public string Format(DqnConfig config) => ConfigSchema.FormatValue(GetValue(config));

    /// <summary>Parses <paramref name="text"/> for this setting; <paramref name="source"/> names where it came from, for the error.</summary>
    public object Parse(string text, string source)
    {
        text = text.Trim();
        var t = ValueType;
        try
        {
            if (t == typeof(string)) return text;
            if (t == typeof(bool))
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" or "1" => true,
                    "false" or "no" or "off" or "0" => false,
                    _ => throw new FormatException(),
                };
            if (t == typeof(int)) return checked((int)ParseInteger(text));
            if (t == typeof(long)) return ParseInteger(text);
            if (t == typeof(double))
            {
                if (text.ToLowerInvariant() is "nan" or "none" or "off" or "null" or "~") return double.NaN;
                return double.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            if (t.IsEnum)
            {
                string key = ConfigSchema.NormalizeKey(text);
                foreach (var name in Enum.GetNames(t))
                    if (ConfigSchema.NormalizeKey(name) == key) return Enum.Parse(t, name);
                throw new ConfigException($"{source}: '{text}' is not a valid {Name}; use one of: {string.Join(", ", Choices)}.");
            }
            if (t == typeof(int[]))
            {
                var parts = text.Trim('[', ']', '(', ')').Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
                return parts.Select(p => checked((int)ParseInteger(p))).ToArray();
            }
        }
        catch (OverflowException)
        {
            // A number, only too large for the setting's type: say so, with the range it must be in.
            throw new ConfigException($"{source}: {Name} = {text} is out of range; it must be {RangeText(t == typeof(int) || t == typeof(int[]) ? int.MaxValue : long.MaxValue)}.");
        }
        catch (FormatException)
        {
            throw new ConfigException($"{source}: '{text}' is not a valid value for {Name} ({Describe()}); {Help.ToLowerInvariant()}.");
        }
        throw new InvalidOperationException($"setting {Name} has unsupported type {t}");
    }

    /// <summary>Checks the value's range; the message names the setting, the value, the range and where it came from.</summary>
    internal void CheckRange(DqnConfig config, string source)
    {
        var value = GetValue(config);
        if (value is int[] sizes)
        {
            if (sizes.Length == 0 || sizes.Any(s => s < 1))
                throw new ConfigException($"{source}: {Name} must be a comma-separated list of positive layer widths such as 64,64 (got '{Format(config)}').");
            return;
        }
        double? x = value switch { int i => i, long l => l, double d => d, _ => null };
        if (x is not { } v) return;
        if (double.IsNaN(v))
        {
            if (Name == "stop-reward") return;
            throw new ConfigException($"{source}: {Name} must be a number, not NaN.");
        }
        bool low = Attribute.MinExclusive ? v <= Min : v < Min;
        if (low || v > Max || double.IsInfinity(v))
            throw new ConfigException($"{source}: {Name} = {Format(config)} is out of range; it must be {RangeText()}.");
    }

    private string Describe() =>
        ValueType == typeof(bool) ? "true or false"
        : ValueType == typeof(int) || ValueType == typeof(long) ? "a whole number"
        : ValueType == typeof(double) ? "a number"
        : ValueType == typeof(int[]) ? "a comma-separated list of whole numbers"
        : "text";

    /// <param name="typeMax">The largest value the setting's type holds, used when the setting sets no lower maximum.</param>
    private string RangeText(double typeMax = double.PositiveInfinity)
    {
        double max = Math.Min(Max, typeMax);
        string lo = Attribute.MinExclusive ? $"> {Fmt(Min)}" : $">= {Fmt(Min)}";
        if (double.IsNegativeInfinity(Min)) return $"<= {Fmt(max)}";
        if (double.IsPositiveInfinity(max)) return lo;
        return $"{lo} and <= {Fmt(max)}";
        static string Fmt(double d) => d.ToString(d >= 1e15 ? "0" : "G", CultureInfo.InvariantCulture);
    }

    private static long ParseInteger(string text)
    {
        text = text.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) return l;
        // Accept 1e6 / 1.0e7 as the zoo's YAML writes them, when the value is a whole number.
        double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (d != Math.Floor(d)) throw new FormatException();
        if (Math.Abs(d) > long.MaxValue) throw new OverflowException();
        return (long)d;
    }
}

/// <summary>The list of <see cref="DqnConfig"/> settings, found by reflection over <see cref="SettingAttribute"/>.</summary>
public static class ConfigSchema
{
    private static readonly Lazy<IReadOnlyList<SettingInfo>> s_settings = new(() =>
        typeof(DqnConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, a: p.GetCustomAttribute<SettingAttribute>()))
            .Where(x => x.a is not null)
            .Select(x => new SettingInfo(x.p, x.a!))
            .ToArray());

    /// <summary>All settings in declaration order (grouped: run, replay, learning, network, exploration, evaluation, checkpoints, atari).</summary>
    public static IReadOnlyList<SettingInfo> Settings => s_settings.Value;

    /// <summary>Finds a setting by flag name, snake_case or camelCase key, or alias; null when unknown.</summary>
    public static SettingInfo? Find(string key)
    {
        string k = NormalizeKey(key.TrimStart('-'));
        foreach (var s in Settings)
            if (NormalizeKey(s.Name) == k || s.Aliases.Any(a => NormalizeKey(a) == k)) return s;
        return null;
    }

    /// <summary>Like <see cref="Find"/> but throws a <see cref="ConfigException"/> suggesting the closest name.</summary>
    public static SettingInfo Get(string key, string source)
    {
        if (Find(key) is { } s) return s;
        string bare = key.TrimStart('-');
        var best = Settings.Select(x => x.Name).MinBy(n => Distance(NormalizeKey(n), NormalizeKey(bare)));
        throw new ConfigException($"{source}: unknown setting '{bare}'" +
            (best is not null && Distance(NormalizeKey(best), NormalizeKey(bare)) <= 3 ? $"; did you mean '{best}'?" : "; ConfigSchema.Settings lists them all."));
    }

    internal static string NormalizeKey(string key) =>
        key.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    internal static string EnumWord(string enumName) => enumName switch
    {
        "NatureCnn" => "nature-cnn",
        "Nips2013Cnn" => "nips2013-cnn",
        "RmsProp" => "rmsprop",
        "NatureRmsProp" => "nature-rmsprop",
        _ => enumName.ToLowerInvariant(),
    };

    internal static string FormatValue(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => double.IsNaN(d) ? "none" : d.ToString("R", CultureInfo.InvariantCulture),
        int[] a => string.Join(",", a.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        Enum e => EnumWord(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
