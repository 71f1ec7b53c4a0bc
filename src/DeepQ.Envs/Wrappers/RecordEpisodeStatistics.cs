namespace DeepQ.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>RecordEpisodeStatistics</c> / SB3's <c>Monitor</c>: sums rewards and counts steps,
/// and on the step where the episode ends (terminated or truncated) puts the totals in
/// <see cref="EnvInfo.Episode"/>. Placed right on the raw Atari env, below EpisodicLife and
/// ClipReward, it reports the true game score and length.
/// </summary>
public sealed class RecordEpisodeStatistics<T> : Wrapper<T> where T : unmanaged
{
    private double _return;
    private long _length;

    public RecordEpisodeStatistics(IEnv<T> inner) : base(inner) { }

    public override ResetResult<T> Reset(int? seed = null)
    {
        var r = Inner.Reset(seed);
        _return = 0;
        _length = 0;
        r.Info.Episode = null;
        return r;
    }

    public override StepResult<T> Step(int action)
    {
        var r = Inner.Step(action);
        _return += r.Reward;
        _length++;
        r.Info.Episode = r.Done ? new EpisodeStatistics(_return, _length) : null;
        return r;
    }
}
