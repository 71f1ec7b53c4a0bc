namespace DeepQ.Agents.Config;

/// <summary>
/// Marks a <see cref="DqnConfig"/> property as a user-visible setting: its flag / config-file key,
/// help text (with the unit: agent steps, frames, transitions) and allowed range. The CLI builds
/// its flags and help from these, and config files are checked against them.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute : Attribute
{
    public SettingAttribute(string name, string help)
    {
        Name = name;
        Help = help;
    }

    /// <summary>Kebab-case name: the flag is --name, the config-file key is name (snake_case and camelCase also accepted).</summary>
    public string Name { get; }
    public string Help { get; }
    /// <summary>Unit shown in help: "agent steps", "transitions", ... Empty for unitless values.</summary>
    public string Unit { get; init; } = "";
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
    /// <summary>The minimum itself is not allowed (e.g. learning rate &gt; 0).</summary>
    public bool MinExclusive { get; init; }
    /// <summary>Other keys accepted in config files, e.g. the source project's spelling ("total_timesteps").</summary>
    public string[] Aliases { get; init; } = [];
    /// <summary>Group heading for help output.</summary>
    public string Group { get; init; } = "general";
}
