namespace DeepQ.Emulator;

/// <summary>
/// A user-facing problem with a ROM: missing file, unknown md5, wrong size, unsupported
/// bank-switching scheme. The message is one line that names the problem and what to do;
/// the CLI prints it without a stack trace.
/// </summary>
public sealed class RomException : Exception
{
    public RomException(string message) : base(message) { }

    public RomException(string message, Exception inner) : base(message, inner) { }
}
