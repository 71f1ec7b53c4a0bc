namespace DeepQ.Nn.Kernels;

/// <summary>
/// A fixed split of a list of parameter tensors into chunks of at most <see cref="ChunkSize"/>
/// elements (never crossing a tensor), so elementwise optimizer loops run on all cores.
/// Every element is updated by exactly one chunk with the same arithmetic, so the result is
/// the same bits for any thread count or timing.
/// </summary>
public sealed class ParameterChunks
{
    /// <summary>Elements per chunk: 32 K floats = 128 KB per state array, a few per core's L2.</summary>
    public const int ChunkSize = 32 * 1024;

    private readonly int[] _tensor;
    private readonly int[] _start;
    private readonly int[] _length;

    public ParameterChunks(IReadOnlyList<int> tensorLengths)
    {
        var tensor = new List<int>();
        var start = new List<int>();
        var length = new List<int>();
        for (int t = 0; t < tensorLengths.Count; t++)
            for (int s = 0; s < tensorLengths[t]; s += ChunkSize)
            {
                tensor.Add(t);
                start.Add(s);
                length.Add(Math.Min(ChunkSize, tensorLengths[t] - s));
            }
        _tensor = tensor.ToArray();
        _start = start.ToArray();
        _length = length.ToArray();
    }

    public int Count => _tensor.Length;

    /// <summary>Chunk <paramref name="index"/>: which tensor, and which element range of it.</summary>
    public (int Tensor, int Start, int Length) this[int index] => (_tensor[index], _start[index], _length[index]);
}

/// <summary>
/// The shape every optimizer's parallel step shares: parameters, gradients and two state arrays per
/// tensor (index-aligned lists of equal-length arrays), cut into fixed <see cref="ParameterChunks"/>
/// that run on all cores; a subclass says what one chunk's step is.
/// </summary>
public abstract class ParallelOptimizerStep : IParallelWork
{
    private readonly float[][] _p, _g, _a, _b;
    private readonly ParameterChunks _chunks;

    /// <param name="name">The optimizer, for error messages ("Adam step").</param>
    protected ParallelOptimizerStep(string name, float[][] parameters, float[][] gradients, float[][] stateA, float[][] stateB)
    {
        if (gradients.Length != parameters.Length || stateA.Length != parameters.Length || stateB.Length != parameters.Length)
            throw new ArgumentException($"{name}: parameter, gradient and state lists must have the same count.");
        for (int i = 0; i < parameters.Length; i++)
            if (gradients[i].Length != parameters[i].Length || stateA[i].Length != parameters[i].Length || stateB[i].Length != parameters[i].Length)
                throw new ArgumentException($"{name}: tensor {i} has mismatched parameter, gradient and state lengths.");
        (_p, _g, _a, _b) = (parameters, gradients, stateA, stateB);
        _chunks = new ParameterChunks(parameters.Select(a => a.Length).ToArray());
    }

    /// <summary>Runs <see cref="StepChunk"/> over every chunk, on all cores.</summary>
    protected void RunChunks() => WorkerPool.Run(_chunks.Count, this);

    /// <summary>One chunk: the same element range of a tensor's parameters, gradients and both states.</summary>
    protected abstract void StepChunk(Span<float> p, ReadOnlySpan<float> g, Span<float> stateA, Span<float> stateB);

    public void Execute(int index)
    {
        var (t, s, n) = _chunks[index];
        StepChunk(_p[t].AsSpan(s, n), _g[t].AsSpan(s, n), _a[t].AsSpan(s, n), _b[t].AsSpan(s, n));
    }
}

/// <summary>
/// Adam's elementwise step (<see cref="Elementwise.AdamStep"/>, no weight decay, no AMSGrad)
/// over many tensors, chunks in parallel. One instance per optimizer; set the step's scalars
/// with <see cref="Run"/>.
/// </summary>
public sealed class ParallelAdamStep : ParallelOptimizerStep
{
    private float _b1, _b2, _o1, _o2, _stepSize, _bc2Sqrt, _eps, _gradScale;

    /// <summary>Parameters, gradients, first and second moments: index-aligned lists of equal-length arrays.</summary>
    public ParallelAdamStep(float[][] parameters, float[][] gradients, float[][] m, float[][] v)
        : base("Adam step", parameters, gradients, m, v) { }

    /// <summary>One step: see <see cref="Elementwise.AdamStep"/> for the scalars (gradScale: a clip's coefficient, 1 = none).</summary>
    public void Run(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float gradScale = 1f)
    {
        (_b1, _b2, _o1, _o2, _stepSize, _bc2Sqrt, _eps, _gradScale) = (beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, gradScale);
        RunChunks();
    }

    protected override void StepChunk(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v) =>
        Elementwise.AdamStep(p, g, m, v, _b1, _b2, _o1, _o2, _stepSize, _bc2Sqrt, _eps, _gradScale);
}
