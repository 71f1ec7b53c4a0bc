namespace DeepQ.Cli.Metrics;

/// <summary>
/// The scalar tags a training run logs, spelled exactly as CleanRL's dqn.py / dqn_atari.py
/// write them so TensorBoard dashboards and plotting scripts made for CleanRL runs work unchanged.
/// Every value is logged against the global agent step (environment steps, not emulator frames).
/// </summary>
internal static class MetricNames
{
    /// <summary>Undiscounted return of one finished episode (sum of raw rewards).</summary>
    public const string EpisodicReturn = "charts/episodic_return";

    /// <summary>Length of one finished episode, in agent steps.</summary>
    public const string EpisodicLength = "charts/episodic_length";

    /// <summary>Mean TD loss of the latest gradient update.</summary>
    public const string TdLoss = "losses/td_loss";

    /// <summary>Mean Q-value of the actions taken in the latest sampled batch.</summary>
    public const string QValues = "losses/q_values";

    /// <summary>Agent steps per second since the run (or resume) started.</summary>
    public const string StepsPerSecond = "charts/SPS";

    /// <summary>
    /// The run's training clock at the logged step: seconds of training over all of its sessions,
    /// evaluations included (not a CleanRL tag; <c>deepq plot --x minutes</c> draws against it).
    /// </summary>
    public const string TrainingSeconds = "charts/training_seconds";

    /// <summary>Exploration rate epsilon at the logged step.</summary>
    public const string Epsilon = "charts/epsilon";

    /// <summary>Mean return of one periodic evaluation (played at eval-epsilon).</summary>
    public const string EvalEpisodicReturn = "eval/episodic_return";
}
