namespace DeepQ.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>TimeLimit</c>: after <see cref="MaxEpisodeSteps"/> steps (of this wrapper's
/// env) the step reports truncated = true. Terminated wins if both happen: truncated is still
/// set, as Gymnasium sets it, and callers must check Terminated first for bootstrapping.
/// </summary>
public sealed class TimeLimit<T> : Wrapper<T> where T : unmanaged
{
    private int _elapsed;

    public TimeLimit(IEnv<T> inner, int maxEpisodeSteps) : base(inner)
    {
        if (maxEpisodeSteps <= 0)
            throw new EnvException($"max_episode_steps must be positive, got {maxEpisodeSteps}.");
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    public int MaxEpisodeSteps { get; }
    public int ElapsedSteps => _elapsed;

    public override ResetResult<T> Reset(int? seed = null)
    {
        _elapsed = 0;
        return Inner.Reset(seed);
    }

    public override StepResult<T> Step(int action)
    {
        var r = Inner.Step(action);
        _elapsed++;
        bool truncated = r.Truncated || _elapsed >= MaxEpisodeSteps;
        return new StepResult<T>(r.Observation, r.Reward, r.Terminated, truncated, r.Info);
    }
}
