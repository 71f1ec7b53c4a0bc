namespace DeepQ.Cli;

/// <summary>
/// A mistake the user can fix (bad value, missing file, unwritable folder), found by the CLI itself.
/// Its message names the problem and what to do; the CLI prints it as one line and exits with 1.
/// </summary>
internal class CliUserException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A malformed command line (unknown flag, value out of range): exit code 2, like System.CommandLine's own parse errors.</summary>
internal sealed class CliUsageException(string message) : CliUserException(message);

/// <summary>Exit codes of <c>deepq</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A user error (bad file, unknown env id, corrupt checkpoint) or a failed check (trace mismatch).</summary>
    public const int Failure = 1;
    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
    /// <summary>A bug in deepq, not in the input.</summary>
    public const int Internal = 70;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT), after saving.</summary>
    public const int Interrupted = 130;
}
