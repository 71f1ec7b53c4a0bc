namespace DeepQ.Envs;

/// <summary>
/// Gymnasium's <c>Wrapper</c>: forwards everything to the inner env; subclasses override the
/// parts they change. Info is the inner env's object, so outer wrappers see what inner ones wrote.
/// </summary>
public abstract class Wrapper<T> : IEnv<T>, IWrapper where T : unmanaged
{
    IEnv IWrapper.InnerEnv => Inner;

    protected Wrapper(IEnv<T> inner) => Inner = inner;

    public IEnv<T> Inner { get; }

    public virtual string Id => Inner.Id;
    public virtual Space ObservationSpace => Inner.ObservationSpace;
    public virtual DiscreteSpace ActionSpace => Inner.ActionSpace;
    public EnvInfo Info => Inner.Info;
    public IEnv Unwrapped => Inner.Unwrapped;
    public (int Height, int Width) RenderSize => Inner.RenderSize;
    public void Render(Span<byte> rgb) => Inner.Render(rgb);

    public virtual ReadOnlySpan<T> Observation => Inner.Observation;

    public virtual ResetResult<T> Reset(int? seed = null) => Inner.Reset(seed);

    public virtual StepResult<T> Step(int action) => Inner.Step(action);

    public virtual void Dispose()
    {
        Inner.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Wrappers that change the observation (type or shape) derive from this two-type base.</summary>
public abstract class ObservationWrapper<TIn, TOut> : IEnv<TOut>, IWrapper where TIn : unmanaged where TOut : unmanaged
{
    IEnv IWrapper.InnerEnv => Inner;

    protected ObservationWrapper(IEnv<TIn> inner) => Inner = inner;

    public IEnv<TIn> Inner { get; }

    public virtual string Id => Inner.Id;
    public abstract Space ObservationSpace { get; }
    public DiscreteSpace ActionSpace => Inner.ActionSpace;
    public EnvInfo Info => Inner.Info;
    public IEnv Unwrapped => Inner.Unwrapped;
    public (int Height, int Width) RenderSize => Inner.RenderSize;
    public void Render(Span<byte> rgb) => Inner.Render(rgb);

    public abstract ReadOnlySpan<TOut> Observation { get; }

    /// <summary>Turns the inner observation into this wrapper's buffer.</summary>
    protected abstract void Transform(ReadOnlySpan<TIn> inner);

    /// <summary>Called before the inner reset, for wrappers whose transform differs after a reset.</summary>
    protected virtual void BeforeReset() { }

    public ResetResult<TOut> Reset(int? seed = null)
    {
        BeforeReset();
        var r = Inner.Reset(seed);
        Transform(r.Observation);
        return new ResetResult<TOut>(Observation, r.Info);
    }

    public StepResult<TOut> Step(int action)
    {
        var r = Inner.Step(action);
        Transform(r.Observation);
        return new StepResult<TOut>(Observation, r.Reward, r.Terminated, r.Truncated, r.Info);
    }

    public virtual void Dispose()
    {
        Inner.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Any wrapper: lets code walk a wrapper chain without knowing observation types.</summary>
public interface IWrapper
{
    IEnv InnerEnv { get; }
}

/// <summary>Helpers over a chain of wrappers.</summary>
public static class EnvChain
{
    /// <summary>The outermost env of type <typeparamref name="TW"/> in the chain starting at <paramref name="env"/>, or null.</summary>
    public static TW? Find<TW>(IEnv env) where TW : class
    {
        for (IEnv? e = env; e is not null; e = (e as IWrapper)?.InnerEnv)
            if (e is TW hit) return hit;
        return null;
    }
}
