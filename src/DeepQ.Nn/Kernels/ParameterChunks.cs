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
/// Adam's elementwise step (<see cref="Elementwise.AdamStep"/>, no weight decay, no AMSGrad)
/// over many tensors, chunks in parallel. One instance per optimizer; set the step's scalars
/// with <see cref="Run"/>.
/// </summary>
public sealed class ParallelAdamStep : IParallelWork
{
    private readonly float[][] _p, _g, _m, _v;
    private readonly ParameterChunks _chunks;
    private float _b1, _b2, _o1, _o2, _stepSize, _bc2Sqrt, _eps, _gradScale;

    /// <summary>Parameters, gradients, first and second moments: index-aligned lists of equal-length arrays.</summary>
    public ParallelAdamStep(float[][] parameters, float[][] gradients, float[][] m, float[][] v)
    {
        if (gradients.Length != parameters.Length || m.Length != parameters.Length || v.Length != parameters.Length)
            throw new ArgumentException("Adam step: parameter, gradient and state lists must have the same count.");
        for (int i = 0; i < parameters.Length; i++)
            if (gradients[i].Length != parameters[i].Length || m[i].Length != parameters[i].Length || v[i].Length != parameters[i].Length)
                throw new ArgumentException($"Adam step: tensor {i} has mismatched parameter, gradient and state lengths.");
        (_p, _g, _m, _v) = (parameters, gradients, m, v);
        _chunks = new ParameterChunks(parameters.Select(a => a.Length).ToArray());
    }

    /// <summary>One step: see <see cref="Elementwise.AdamStep"/> for the scalars (gradScale: a clip's coefficient, 1 = none).</summary>
    public void Run(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float gradScale = 1f)
    {
        (_b1, _b2, _o1, _o2, _stepSize, _bc2Sqrt, _eps, _gradScale) = (beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps, gradScale);
        WorkerPool.Run(_chunks.Count, this);
    }

    public void Execute(int index)
    {
        var (t, s, n) = _chunks[index];
        Elementwise.AdamStep(_p[t].AsSpan(s, n), _g[t].AsSpan(s, n), _m[t].AsSpan(s, n), _v[t].AsSpan(s, n),
            _b1, _b2, _o1, _o2, _stepSize, _bc2Sqrt, _eps, _gradScale);
    }
}
