namespace DeepQ.Cli;

/// <summary>
/// Turns any exception that escapes a command into exactly one stderr line and an exit code.
/// The libraries' user-error types and the CLI's own are printed as <c>deepq: error: message</c>;
/// file-system errors likewise, since they are almost always about a path the user gave;
/// anything else is a bug, reported in one line too (the stack trace only with DEEPQ_DEBUG=1).
/// Library messages name settings and API calls; <see cref="LibraryTerms"/> shows them as flags and commands.
/// </summary>
internal static class ErrorReporter
{

    public static int Report(Exception e, TextWriter stderr)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;

        switch (e)
        {
            case CliUsageException:
                stderr.WriteLine("deepq: error: " + OneLine(LibraryTerms.ToCli(e.Message)));
                return ExitCodes.Usage;
            case CliUserException:
                // Often a library message wrapped with the CLI's context (a grid file, a sweep).
                stderr.WriteLine("deepq: error: " + OneLine(LibraryTerms.ToCli(e.Message)));
                return ExitCodes.Failure;
            case OperationCanceledException:
                stderr.WriteLine("deepq: interrupted");
                return ExitCodes.Interrupted;
            case UnauthorizedAccessException:
                stderr.WriteLine("deepq: error: " + OneLine(e.Message) + " Choose a folder you can write to, or fix its permissions.");
                return ExitCodes.Failure;
            case FileNotFoundException or DirectoryNotFoundException:
                stderr.WriteLine("deepq: error: " + OneLine(e.Message) + " Check the path.");
                return ExitCodes.Failure;
            case IOException:
                stderr.WriteLine("deepq: error: " + OneLine(e.Message));
                return ExitCodes.Failure;
        }

        if (IsLibraryUserError(e))
        {
            stderr.WriteLine("deepq: error: " + OneLine(LibraryTerms.ToCli(e.Message)));
            return ExitCodes.Failure;
        }

        stderr.WriteLine($"deepq: internal error: {e.GetType().Name}: {OneLine(e.Message)} (this is a bug in deepq; set DEEPQ_DEBUG=1 for details)");
        if (Environment.GetEnvironmentVariable("DEEPQ_DEBUG") is { Length: > 0 } debug && debug != "0")
            stderr.WriteLine(e.ToString());
        return ExitCodes.Internal;
    }

    /// <summary>
    /// The libraries' user-error types (docs/architecture.md): ROM and trace problems, model-file problems,
    /// env ids and options, and every Agents error (config, checkpoint, memory, diverged training).
    /// </summary>
    public static bool IsLibraryUserError(Exception e) =>
        e is Emulator.RomException or Emulator.Traces.TraceException or Nn.NnFormatException or Envs.EnvException or Agents.AgentUserException;

    /// <summary>Collapses a message to one line so every error stays a single, greppable line.</summary>
    public static string OneLine(string message)
    {
        var parts = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" ", parts);
    }
}
