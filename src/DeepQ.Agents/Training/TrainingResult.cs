using DeepQ.Agents.Evaluation;

namespace DeepQ.Agents.Training;

/// <summary>How a training run ended.</summary>
public enum TrainingStatus
{
    /// <summary>Ran all total-steps.</summary>
    Completed,
    /// <summary>Stopped early: an evaluation reached stop-reward and the confirming evaluation agreed.</summary>
    Solved,
    /// <summary>Cancelled (Ctrl-C); a resumable checkpoint was written when there is a run folder.</summary>
    Cancelled,
}

/// <param name="FinalEvaluation">Evaluation of the best model (null when cancelled or final-eval-episodes is 0).</param>
/// <param name="BestScore">Best evaluation mean seen (NaN when no evaluation ran).</param>
/// <param name="BestStep">Agent step of the best model (null when no evaluation ran).</param>
/// <param name="Elapsed">Training wall-clock time of the whole run, every session of it.</param>
/// <param name="StepsPerSecond">Agent steps per second of training in this session (since start or resume), evaluations excluded.</param>
public sealed record TrainingResult(TrainingStatus Status, long Steps, long Episodes, long Updates,
    EvaluationResult? FinalEvaluation, double BestScore, long? BestStep, string? RunDirectory, TimeSpan Elapsed, double StepsPerSecond);
