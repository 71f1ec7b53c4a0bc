namespace DeepQ.Envs.Atari;

/// <summary>
/// SB3's <c>FireResetEnv</c>: games that wait for FIRE to start (Breakout, Pong serves) get
/// FIRE then action 2 after each reset, resetting again if either step ends the episode.
/// Only for games whose action 1 is FIRE and that have at least 3 actions.
/// </summary>
public sealed class FireReset : Wrapper<byte>
{
    public FireReset(IEnv<byte> inner) : base(inner)
    {
        if (!Applies(inner))
            throw new EnvException($"{inner.Id}: FireReset needs action 1 to be FIRE and at least 3 actions; switch FireReset off for this game.");
    }

    /// <summary>Whether the game has FIRE as action 1 and 3+ actions (when SB3 applies this wrapper).</summary>
    public static bool Applies(IEnv env) =>
        env.Unwrapped is AtariEnv atari && atari.ActionMeanings.Count >= 3 && atari.ActionMeanings[1] == "FIRE";

    public override ResetResult<byte> Reset(int? seed = null)
    {
        Inner.Reset(seed);
        var s = Inner.Step(1);
        if (s.Done) Inner.Reset();
        s = Inner.Step(2);
        ReadOnlySpan<byte> obs = s.Observation;
        if (s.Done) obs = Inner.Reset().Observation;
        return new ResetResult<byte>(obs, Inner.Info);
    }
}
