using System.CommandLine;
using DeepQ.Cli.Output;

namespace DeepQ.Cli;

/// <summary>
/// What one <c>deepq</c> invocation runs against: its writers, the Ctrl-C token, whether stderr
/// is a terminal, and the global <c>--json</c> every command inherits and <c>--roms</c>, which the commands that read ROMs add.
/// Tests build one around StringWriters to run commands in-process.
/// </summary>
internal sealed class CliRuntime(TextWriter output, TextWriter error, CancellationToken cancellation, bool errorIsTerminal)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public CancellationToken Cancellation { get; } = cancellation;
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    /// <summary>Print the result as one JSON object on stdout; progress goes to stderr.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as exactly one JSON object on stdout (progress goes to stderr)",
        Recursive = true,
    };

    /// <summary>ROM folder; falls back to DEEPQ_ROMS, then the per-user folder.</summary>
    public Option<string?> Roms { get; } = new("--roms")
    {
        Description = "Folder of Atari ROMs [default: $DEEPQ_ROMS, else the per-user ROM folder]",
        HelpName = "DIR",
        // Not recursive: only the commands that read ROMs list it (plot, envs and bench learner do not).
    };

    /// <summary>The console for the command being run, honouring its <c>--json</c>.</summary>
    public CliConsole ConsoleFor(ParseResult parse) =>
        new(Out, Err, parse.GetValue(Json), ErrorIsTerminal, Cancellation);
}
