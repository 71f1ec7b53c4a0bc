using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace DeepQ.Cli.Commands;

/// <summary>
/// Range checks attached to options, so an out-of-range value is a parse error
/// (one line naming the flag, the allowed range and the value given, exit 2).
/// </summary>
internal static class OptionRules
{
    public static Option<T> AtLeast<T>(this Option<T> option, T min) where T : INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGet(result, out T value)) return;
            if (value < min)
                result.AddError($"{option.Name} must be at least {Format(min)}, got {Format(value)}.");
        });
        return option;
    }

    public static Option<T> Between<T>(this Option<T> option, T min, T max) where T : INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGet(result, out T value)) return;
            if (T.IsNaN(value) || value < min || value > max)
                result.AddError($"{option.Name} must be between {Format(min)} and {Format(max)}, got {Format(value)}.");
        });
        return option;
    }

    /// <summary>The value given on the command line; false when absent or unparsable (the parser reports that itself).</summary>
    private static bool TryGet<T>(System.CommandLine.Parsing.OptionResult result, out T value)
    {
        value = default!;
        if (result.Tokens.Count == 0) return false;
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Rejects argument values that look like options, so a mistyped flag is not taken for a path.</summary>
    public static Argument<string[]> NoOptionLikeValues(this Argument<string[]> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.StartsWith('-') && token.Value.Length > 1)
                    result.AddError($"Unrecognized option '{token.Value}'.");
        });
        return argument;
    }

    private static string Format<T>(T value) where T : INumber<T> =>
        value.ToString(null, CultureInfo.InvariantCulture);
}
