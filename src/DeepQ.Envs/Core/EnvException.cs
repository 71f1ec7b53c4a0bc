namespace DeepQ.Envs;

/// <summary>
/// A mistake the user can fix: an unknown environment id, an option out of range, a missing ROM.
/// The message is one line that names the problem and what to do about it; the CLI prints it
/// without a stack trace.
/// </summary>
public sealed class EnvException : Exception
{
    public EnvException(string message) : base(message) { }
    public EnvException(string message, Exception inner) : base(message, inner) { }
}
