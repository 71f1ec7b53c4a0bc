using System.CommandLine;
using DeepQ.Cli.Commands;

namespace DeepQ.Cli;

/// <summary>
/// The <c>deepq</c> entry point, free of process globals so tests can run it in-process:
/// builds the command tree, turns parse errors into one line plus a help hint (exit 2),
/// runs the chosen command and maps whatever escapes it to one line (see <see cref="ErrorReporter"/>).
/// </summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellation = default, bool errorIsTerminal = false)
    {
        var runtime = new CliRuntime(stdout, stderr, cancellation, errorIsTerminal);
        if (args.Length == 0) args = ["--help"]; // bare 'deepq' shows what it can do
        RootCommand root = BuildRoot(runtime);
        try
        {
            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // "Unrecognized command or argument 'x'" says more than "Required command was not provided".
                var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
                string message = $"deepq: error: {ErrorReporter.OneLine(error.Message)} Run '{CommandPath(parse)} --help' for usage.";
                stderr.WriteLine(message);
                if (WantsJson(args)) WriteJsonError(stdout, message, ExitCodes.Usage);
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            var line = new StringWriter();
            int code = ErrorReporter.Report(e, line);
            stderr.Write(line.ToString());
            // --json promises one object on stdout whatever happens, so scripts can read failures too.
            if (WantsJson(args)) WriteJsonError(stdout, line.ToString(), code);
            return code;
        }
    }

    public static RootCommand BuildRoot(CliRuntime runtime)
    {
        var root = new RootCommand("deepq: train, evaluate, record and plot Deep Q-Network agents on Atari and classic-control environments.");
        root.Add(runtime.Json);
        root.Add(runtime.Roms);
        root.Add(TrainCommand.Create(runtime));
        root.Add(EvalCommand.Create(runtime));
        root.Add(RecordCommand.Create(runtime));
        root.Add(PlotCommand.Create(runtime));
        root.Add(BenchCommand.Create(runtime));
        root.Add(VerifyTraceCommand.Create(runtime));
        root.Add(ImportRomsCommand.Create(runtime));
        root.Add(EnvsCommand.Create(runtime));
        root.Add(ExperimentCommand.Create(runtime));
        root.Add(SweepCommand.Create(runtime));
        return root;
    }

    private static bool WantsJson(string[] args) => args.Contains("--json", StringComparer.Ordinal);

    private static void WriteJsonError(TextWriter stdout, string stderrText, int code)
    {
        string message = ErrorReporter.OneLine(stderrText);
        foreach (var prefix in new[] { "deepq: error: ", "deepq: " })
            if (message.StartsWith(prefix, StringComparison.Ordinal)) { message = message[prefix.Length..]; break; }
        var obj = new System.Text.Json.Nodes.JsonObject { ["error"] = message, ["exit_code"] = code };
        // Relaxed escaping keeps quotes and apostrophes readable; the text is still valid JSON.
        stdout.WriteLine(obj.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>"deepq train" for the command a parse error belongs to, for the help hint.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "deepq" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
