namespace DeepQ.Agents;

/// <summary>
/// Base of every error in DeepQ.Agents that is the user's to fix (a bad setting, a broken
/// checkpoint, too little memory). The CLI prints <see cref="Exception.Message"/> as one line
/// and exits non-zero, so each message names the problem and what to do about it.
/// </summary>
public abstract class AgentUserException : Exception
{
    protected AgentUserException(string message) : base(message) { }
    protected AgentUserException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A setting, preset name, config file or flag value that cannot be used.</summary>
public sealed class ConfigException : AgentUserException
{
    public ConfigException(string message) : base(message) { }
    public ConfigException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A checkpoint or run folder that is missing, corrupt, unwritable or from a different run.</summary>
public sealed class CheckpointException : AgentUserException
{
    public CheckpointException(string message) : base(message) { }
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The requested replay buffer (or another large allocation) does not fit in available memory.</summary>
public sealed class MemoryLimitException : AgentUserException
{
    public MemoryLimitException(string message) : base(message) { }
}

/// <summary>Training produced a NaN or infinite loss; the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException : AgentUserException
{
    public TrainingDivergedException(string message) : base(message) { }
}
