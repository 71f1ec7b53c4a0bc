namespace DeepQ.Nn;

/// <summary>
/// A user error about a weights or state file: corrupt, truncated, wrong dtype, or not
/// matching the network. The message is one line naming the file, the tensor and the
/// expected and actual shapes, and what to do.
/// </summary>
public sealed class NnFormatException : Exception
{
    public NnFormatException(string message) : base(message) { }
    public NnFormatException(string message, Exception inner) : base(message, inner) { }
}
