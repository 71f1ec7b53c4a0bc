namespace DeepQ.Envs.Atari;

/// <summary>
/// SB3's <c>EpisodicLifeEnv</c>: losing a life ends the training episode (terminated), which
/// speeds up value estimation (DQN paper); the game itself goes on. A reset after a life loss
/// only takes one NOOP step instead of restarting the game; a real reset happens when the game
/// is over. Episode statistics below this wrapper still see whole games.
/// </summary>
public sealed class EpisodicLife : Wrapper<byte>
{
    private int _lives;
    private bool _wasRealDone = true;

    public EpisodicLife(IEnv<byte> inner) : base(inner) { }

    /// <summary>True when the last episode end was the game's (so the next reset restarts the game).</summary>
    public bool WasRealDone => _wasRealDone;

    public override ResetResult<byte> Reset(int? seed = null)
    {
        ReadOnlySpan<byte> obs;
        if (_wasRealDone || seed is not null)
        {
            obs = Inner.Reset(seed).Observation;
        }
        else
        {
            // No-op step to advance from the life-lost state.
            var s = Inner.Step(AleActionNames.Noop);
            obs = s.Observation;
            if (s.Done) obs = Inner.Reset().Observation;
        }
        _lives = Inner.Info.Lives;
        return new ResetResult<byte>(obs, Inner.Info);
    }

    public override StepResult<byte> Step(int action)
    {
        var r = Inner.Step(action);
        _wasRealDone = r.Done;
        int lives = r.Info.Lives;
        bool terminated = r.Terminated;
        // Some games report lives 0 before the real game over: only a drop above zero counts here.
        if (lives < _lives && lives > 0) terminated = true;
        _lives = lives;
        return new StepResult<byte>(r.Observation, r.Reward, terminated, r.Truncated, r.Info);
    }
}
