using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;

namespace DeepQ.Agents.Training;

/// <summary>
/// How a training run talks to the outside world (the CLI's progress display, CSV/TensorBoard
/// writers, logs). The library does no console I/O itself. Every method has an empty default, so
/// an observer implements only what it shows. Calls come from the training thread.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Once, before the first step (also after a resume, with <see cref="TrainingStart.ResumedFromStep"/> set).</summary>
    void OnStart(TrainingStart start) { }

    /// <summary>Every log-interval agent steps.</summary>
    void OnProgress(TrainingProgress progress) { }

    /// <summary>After each finished training episode (for Atari: each full game, with its unclipped score).</summary>
    void OnEpisode(EpisodeReport episode) { }

    /// <summary>After each periodic evaluation and the final one.</summary>
    void OnEvaluation(EvaluationReport evaluation) { }

    /// <summary>After a checkpoint file was written (atomically).</summary>
    void OnCheckpoint(CheckpointReport checkpoint) { }

    /// <summary>A human-readable line (why training stopped, warnings).</summary>
    void OnLog(string message) { }
}

/// <summary>An observer that ignores everything (tests, benchmarks).</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();
}

public sealed record TrainingStart(DqnConfig Config, string? RunDirectory, string Network, long ParameterCount,
    int ActionCount, long ReplayBytes, long ResumedFromStep);

/// <param name="Step">Agent steps done.</param>
/// <param name="Epsilon">Exploration epsilon now.</param>
/// <param name="Loss">Mean TD loss over the updates since the last report (NaN before learning starts).</param>
/// <param name="MeanQ">Mean Q(s,a) of the sampled batches since the last report.</param>
/// <param name="StepsPerSecond">Agent steps per wall-clock second since the last report.</param>
/// <param name="RecentReturn">Mean return of the last 100 training episodes (NaN before the first ends).</param>
public sealed record TrainingProgress(long Step, long TotalSteps, long Episodes, long Updates, double Epsilon,
    double Loss, double MeanQ, double StepsPerSecond, double RecentReturn, TimeSpan Elapsed);

/// <param name="Return">Undiscounted, unclipped return.</param>
/// <param name="Length">Agent steps in the episode.</param>
public sealed record EpisodeReport(long Step, long Episode, double Return, long Length);

public sealed record EvaluationReport(long Step, EvaluationResult Result, bool IsBest, bool IsFinal);

public sealed record CheckpointReport(long Step, string Path, bool IsBestModel);
