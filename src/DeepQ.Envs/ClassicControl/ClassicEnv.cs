namespace DeepQ.Envs.ClassicControl;

/// <summary>
/// Shared plumbing of the classic-control envs: id, info, seeded generator and the observation
/// buffer. Subclasses hold the physics. The generator is <see cref="EnvRng"/>, not numpy's PCG64:
/// same distributions as Gymnasium, different numbers for the same seed.
/// </summary>
public abstract class ClassicEnv<T> : IEnv<T>, IRandomEnv where T : unmanaged
{
    protected readonly T[] Obs;
    private bool _seeded;

    protected ClassicEnv(string id, int observationSize)
    {
        Id = id;
        Obs = new T[observationSize];
    }

    public string Id { get; }
    public abstract Space ObservationSpace { get; }
    public abstract DiscreteSpace ActionSpace { get; }
    public EnvInfo Info { get; } = new();
    public IEnv Unwrapped => this;
    public virtual (int Height, int Width) RenderSize => (400, 600);
    public ReadOnlySpan<T> Observation => Obs;

    /// <summary>The env's generator; wrappers that need randomness of their own draw from it too.</summary>
    public EnvRng Rng { get; } = new(0);

    public ResetResult<T> Reset(int? seed = null)
    {
        if (seed is { } s) Rng.Reseed((ulong)(long)s);
        else if (!_seeded) Rng.Reseed((ulong)Environment.TickCount64); // Gymnasium seeds from OS entropy when never seeded.
        _seeded = true;
        ResetState();
        WriteObservation();
        return new ResetResult<T>(Obs, Info);
    }

    public StepResult<T> Step(int action)
    {
        if (!ActionSpace.Contains(action))
            throw new EnvException($"{Id}: action {action} is outside the action space {ActionSpace}; pass 0..{ActionSpace.N - 1}.");
        var (reward, terminated) = Advance(action);
        WriteObservation();
        return new StepResult<T>(Obs, reward, terminated, false, Info);
    }

    /// <summary>Samples the initial state from <see cref="Rng"/>.</summary>
    protected abstract void ResetState();

    /// <summary>One step of the dynamics; truncation is TimeLimit's job, as in Gymnasium.</summary>
    protected abstract (double Reward, bool Terminated) Advance(int action);

    /// <summary>Writes the state into <see cref="Obs"/> in the observation's element type.</summary>
    protected abstract void WriteObservation();

    public abstract void Render(Span<byte> rgb);

    public void Dispose() => GC.SuppressFinalize(this);
}
