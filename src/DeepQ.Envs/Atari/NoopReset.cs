namespace DeepQ.Envs.Atari;

/// <summary>
/// SB3's <c>NoopResetEnv</c>: after each reset, take a random number of NOOPs, uniform in
/// 1..<see cref="NoopMax"/> and drawn from the unwrapped env's generator, so episodes start in
/// varied states. If the game ends during the no-ops the env is reset again.
/// Units: steps of the wrapped env (frames for NoFrameskip ids).
/// </summary>
public sealed class NoopReset : Wrapper<byte>
{
    private readonly EnvRng _rng;

    public NoopReset(IEnv<byte> inner, int noopMax = 30) : base(inner)
    {
        if (noopMax < 1) throw new EnvException($"noop_max must be at least 1 (or switch NoopReset off), got {noopMax}.");
        NoopMax = noopMax;
        _rng = (inner.Unwrapped as IRandomEnv)?.Rng
               ?? throw new EnvException($"{inner.Id}: NoopReset needs an env with its own random generator.");
        if (inner.Unwrapped is AtariEnv atari && atari.ActionMeanings[0] != "NOOP")
            throw new EnvException($"{inner.Id}: NoopReset needs action 0 to be NOOP, but it is {atari.ActionMeanings[0]}.");
    }

    public int NoopMax { get; }

    /// <summary>When set, every reset takes exactly this many no-ops (SB3's <c>override_num_noops</c>).</summary>
    public int? OverrideNumNoops { get; set; }

    public override ResetResult<byte> Reset(int? seed = null)
    {
        var r = Inner.Reset(seed);
        int noops = OverrideNumNoops ?? _rng.NextInt(1, NoopMax + 1);
        ReadOnlySpan<byte> obs = r.Observation;
        for (int i = 0; i < noops; i++)
        {
            var s = Inner.Step(AleActionNames.Noop);
            obs = s.Observation;
            if (s.Done) obs = Inner.Reset().Observation;
        }
        return new ResetResult<byte>(obs, Inner.Info);
    }
}
