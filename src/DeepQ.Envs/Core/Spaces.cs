namespace DeepQ.Envs;

/// <summary>The element type of an observation, as Gymnasium's <c>Space.dtype</c> names it.</summary>
public enum DType { UInt8, Int64, Float32 }

/// <summary>
/// The set of valid observations or actions (Gymnasium's <c>Space</c>): a shape and an element
/// type. Shapes are row-major, outermost first, e.g. <c>[4,84,84]</c> for stacked Atari frames.
/// </summary>
public abstract class Space
{
    protected Space(int[] shape, DType dtype)
    {
        Shape = shape;
        DType = dtype;
    }

    public IReadOnlyList<int> Shape { get; }
    public DType DType { get; }

    /// <summary>Number of elements in one sample (the product of <see cref="Shape"/>).</summary>
    public int Size
    {
        get
        {
            int n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    public abstract bool Contains(ReadOnlySpan<float> sample);

    public override string ToString() => $"{GetType().Name.Replace("Space", "")}([{string.Join(",", Shape)}], {DType})";
}

/// <summary>
/// Integers <c>Start .. Start+N-1</c> (Gymnasium's <c>Discrete(n, start)</c>). Used for every action
/// space here and for FrozenLake's observation (a cell index, shape <c>[]</c> stored as one element).
/// </summary>
public sealed class DiscreteSpace : Space
{
    public DiscreteSpace(int n, int start = 0) : base([], DType.Int64)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "Discrete space needs n > 0.");
        N = n;
        Start = start;
    }

    public int N { get; }
    public int Start { get; }

    public bool Contains(int value) => value >= Start && value < Start + N;

    public override bool Contains(ReadOnlySpan<float> sample) =>
        sample.Length == 1 && sample[0] == MathF.Floor(sample[0]) && Contains((int)sample[0]);

    /// <summary>A uniformly random member, drawn from <paramref name="rng"/>.</summary>
    public int Sample(EnvRng rng) => Start + rng.NextInt(N);

    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}

/// <summary>
/// A box of per-element bounds (Gymnasium's <c>Box(low, high, shape, dtype)</c>); bounds are stored
/// as float64 so uint8 images (0..255) and float32 vectors share one type.
/// </summary>
public sealed class BoxSpace : Space
{
    private readonly double[] _low;
    private readonly double[] _high;

    public BoxSpace(double[] low, double[] high, int[] shape, DType dtype) : base(shape, dtype)
    {
        if (low.Length != Size || high.Length != Size)
            throw new ArgumentException($"Box bounds need {Size} elements for shape [{string.Join(",", shape)}].");
        _low = low;
        _high = high;
    }

    /// <summary>A box with the same bounds for every element, e.g. <c>0..255</c> for images.</summary>
    public static BoxSpace Uniform(double low, double high, int[] shape, DType dtype)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return new BoxSpace(Enumerable.Repeat(low, n).ToArray(), Enumerable.Repeat(high, n).ToArray(), shape, dtype);
    }

    public ReadOnlySpan<double> Low => _low;
    public ReadOnlySpan<double> High => _high;

    public override bool Contains(ReadOnlySpan<float> sample)
    {
        if (sample.Length != Size) return false;
        for (int i = 0; i < sample.Length; i++)
        {
            // Bounds are compared in float32, as numpy compares a float32 sample with float32 bounds.
            if (sample[i] < (float)_low[i] || sample[i] > (float)_high[i]) return false;
        }
        return true;
    }

    public bool Contains(ReadOnlySpan<byte> sample)
    {
        if (sample.Length != Size) return false;
        for (int i = 0; i < sample.Length; i++)
            if (sample[i] < _low[i] || sample[i] > _high[i]) return false;
        return true;
    }
}
