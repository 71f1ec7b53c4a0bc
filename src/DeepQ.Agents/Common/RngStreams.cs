namespace DeepQ.Agents;

/// <summary>
/// Stream ids: one master seed drives every random choice of a run through these separate
/// streams, so changing how often one part draws (say, more evaluation episodes) never shifts
/// another (exploration, replay sampling).
/// </summary>
public static class RngStreams
{
    /// <summary>Network initialisation seed.</summary>
    public const ulong NetworkInit = 1;
    /// <summary>Epsilon-greedy coin flips and random actions while training.</summary>
    public const ulong Exploration = 2;
    /// <summary>Minibatch sampling from the replay buffer.</summary>
    public const ulong Replay = 3;
    /// <summary>Seeds of the training environment's episode resets.</summary>
    public const ulong TrainingEnv = 4;
    /// <summary>Derives the evaluation seed when eval-seed is -1.</summary>
    public const ulong EvaluationSeed = 5;
    /// <summary>Epsilon draws of the evaluation policy.</summary>
    public const ulong EvaluationPolicy = 6;
    /// <summary>Seeds of the evaluation environment's episode resets.</summary>
    public const ulong EvaluationEnv = 7;
}
