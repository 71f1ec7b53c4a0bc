namespace DeepQ.Envs.Wrappers;

/// <summary>
/// SB3's <c>ClipRewardEnv</c>: the reward becomes its sign (-1, 0, +1), as in the DQN paper, so
/// one learning rate fits every game. Episode statistics below this wrapper keep the true score.
/// </summary>
public sealed class ClipReward<T> : Wrapper<T> where T : unmanaged
{
    public ClipReward(IEnv<T> inner) : base(inner) { }

    public override StepResult<T> Step(int action)
    {
        var r = Inner.Step(action);
        return new StepResult<T>(r.Observation, Math.Sign(r.Reward), r.Terminated, r.Truncated, r.Info);
    }
}
