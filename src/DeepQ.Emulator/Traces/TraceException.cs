namespace DeepQ.Emulator.Traces;

/// <summary>A user-facing problem with a trace file or a verify option (unreadable file, unknown field name); one line, says what to do.</summary>
public sealed class TraceException : Exception
{
    public TraceException(string message) : base(message) { }

    public TraceException(string message, Exception inner) : base(message, inner) { }
}
