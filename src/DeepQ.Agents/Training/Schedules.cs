namespace DeepQ.Agents.Training;

/// <summary>A value that changes with the agent-step count: exploration epsilon, PER beta.</summary>
public interface ISchedule
{
    /// <summary>The value after <paramref name="step"/> agent steps.</summary>
    double Value(long step);
}

/// <summary>
/// Straight line from <see cref="Start"/> to <see cref="End"/> over <see cref="Duration"/> agent
/// steps, then constant (the Nature paper's and CleanRL's epsilon schedule).
/// </summary>
public sealed record LinearSchedule(double Start, double End, long Duration) : ISchedule
{
    public double Value(long step)
    {
        if (Duration <= 0 || step >= Duration) return End;
        if (step <= 0) return Start;
        return Start + (End - Start) * (step / (double)Duration);
    }
}

/// <summary>
/// Exponential approach from <see cref="Start"/> to <see cref="End"/>: End + (Start - End)·e^(-step/TimeConstant),
/// so after one time constant (agent steps) 63% of the way is covered, after three 95%.
/// </summary>
public sealed record ExponentialSchedule(double Start, double End, double TimeConstant) : ISchedule
{
    public double Value(long step)
    {
        if (TimeConstant <= 0) return End;
        return End + (Start - End) * Math.Exp(-Math.Max(0, step) / TimeConstant);
    }
}

/// <summary>A value that never changes.</summary>
public sealed record ConstantSchedule(double Constant) : ISchedule
{
    public double Value(long step) => Constant;
}
