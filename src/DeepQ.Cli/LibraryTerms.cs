using System.Text.RegularExpressions;

namespace DeepQ.Cli;

/// <summary>
/// The libraries speak in their own terms: a setting is its config key in backquotes
/// (<c>`buffer-size`</c>, <c>`buffer-size` = 50000</c>), an override given to
/// <c>ConfigLoader.Resolve</c> is <c>`x` (override)</c>, and a fix that is an API call is named as
/// the call (<c>DqnTrainer.Resume(DIR)</c>, <c>RomLibrary.Import(DIR)</c>). The CLI shows their
/// messages in its own terms: the flag (every setting is a flag of the same name) and the command
/// that makes that call. Applied to every library error and log line the CLI prints.
/// </summary>
internal static partial class LibraryTerms
{
    /// <summary>API calls named in library messages, and the command line that does the same.</summary>
    private static readonly (Regex Pattern, string Replacement)[] Calls =
    [
        (ApiCall("DqnTrainer.Resume"), "deepq train --resume $1"),
        (ApiCall("Evaluator.EvaluateModel"), "deepq eval $1"),
        (ApiCall("RomLibrary.Import"), "'deepq import-roms $1'"),
        (new Regex(@"\bDqnTrainer\.Train\b"), "'deepq train'"),
        (new Regex(@"\bGym\.List\(\)"), "'deepq envs'"),
        (new Regex(@"\bConfigSchema\.Settings\b"), "'deepq train --help'"),
        (new Regex(@"\bthe given ROM folder\b"), "--roms"),
        (new Regex(@"\buse another ROM folder\b"), "pass --roms DIR"),
        (new Regex(@"\bchoose another run folder\b"), "choose another folder with --run-dir"),
        (new Regex(@"\bpick a new run folder\b"), "pick a new folder with --run-dir"),
        (new Regex(@"\bchoose a writable ROM folder\b"), "choose a writable ROM folder with --roms DIR"),
    ];

    public static string ToCli(string message)
    {
        string s = OverrideSetting().Replace(message, "flag --$1"); // every override was a flag, known or not
        s = SettingWithValue().Replace(s, m => IsSetting(m) ? $"--{m.Groups[1].Value} " : m.Value);
        s = Setting().Replace(s, m => IsSetting(m) ? $"--{m.Groups[1].Value}" : m.Value);
        foreach (var (pattern, replacement) in Calls) s = pattern.Replace(s, replacement);
        return s;
    }

    private static bool IsSetting(Match m) => Agents.Config.ConfigSchema.Find(m.Groups[1].Value) is not null;

    private static Regex ApiCall(string name) => new(@"\b" + Regex.Escape(name) + @"\(([^)]*)\)");

    [GeneratedRegex(@"`([^`\s]+)` \(override\)")]
    private static partial Regex OverrideSetting();

    [GeneratedRegex(@"`([a-z0-9-]+)` = ")]
    private static partial Regex SettingWithValue();

    [GeneratedRegex(@"`([a-z0-9-]+)`")]
    private static partial Regex Setting();
}
