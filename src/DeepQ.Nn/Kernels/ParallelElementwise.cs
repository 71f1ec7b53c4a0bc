namespace DeepQ.Nn.Kernels;

/// <summary>
/// Elementwise passes long enough to split over the kernel threads: ReLU over a convolution's
/// batch output ([B, 32, 20, 20] after conv1: 410 K floats) and its gradient, and a byte batch
/// converted to floats ([B, 4, 84, 84]: 903 K), and the clearing and clip-scaling of a
/// gradient (fc1's: 1.6 M). Fixed chunks of whole 8-float vectors; every
/// element is computed by exactly one task with the serial kernel's arithmetic (elementwise,
/// no reduction), so the bits depend on neither the thread count nor the timing. The one
/// reduction, a gradient's sum of squares for the global-norm clip, splits by length alone
/// into fixed chunks whose sums are added in chunk order: also the same bits on any threads.
/// </summary>
public static unsafe class ParallelElementwise
{
    /// <summary>Elements below which a pass runs on the calling thread alone (a hand-off costs more).</summary>
    public const int MinLength = 64 * 1024;

    /// <summary><see cref="Elementwise.ReluForward"/>, split over the threads when long.</summary>
    public static void ReluForward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"ReluForward: lengths differ ({x.Length} vs {y.Length}).");
        int tasks = Tasks(x.Length);
        if (tasks <= 1) { Elementwise.ReluForward(x, y); return; }
        fixed (float* px = x, py = y) Run(Op.ReluForward, tasks, x.Length, px, py, null, null);
    }

    /// <summary><see cref="Elementwise.ReluBackward"/>, split over the threads when long.</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (y.Length != dy.Length || y.Length != dx.Length) throw new ArgumentException($"ReluBackward: lengths differ ({y.Length}, {dy.Length}, {dx.Length}).");
        int tasks = Tasks(y.Length);
        if (tasks <= 1) { Elementwise.ReluBackward(y, dy, dx); return; }
        fixed (float* py = y, pdy = dy, pdx = dx) Run(Op.ReluBackward, tasks, y.Length, py, pdy, pdx, null);
    }

    /// <summary><see cref="Conv.BytesToFloats"/>, split over the threads when long.</summary>
    public static void BytesToFloats(ReadOnlySpan<byte> bytes, ReadOnlySpan<float> table, Span<float> x)
    {
        if (table.Length != 256) throw new ArgumentException($"Byte scale table must have 256 entries, got {table.Length}.");
        if (x.Length != bytes.Length) throw new ArgumentException($"Expected {bytes.Length} floats, got {x.Length}.");
        int tasks = Tasks(x.Length);
        if (tasks <= 1) { Conv.BytesToFloats(bytes, table, x); return; }
        fixed (byte* pb = bytes)
        fixed (float* pt = table, px = x)
            Run(Op.BytesToFloats, tasks, x.Length, pt, px, null, pb);
    }

    /// <summary><see cref="Elementwise.Scale"/> (x *= s), split over the threads when long.</summary>
    public static void Scale(Span<float> x, float s)
    {
        int tasks = Tasks(x.Length);
        if (tasks <= 1) { Elementwise.Scale(x, s); return; }
        fixed (float* px = x) Run(Op.Scale, tasks, x.Length, px, null, null, null, s);
    }

    /// <summary><see cref="Elementwise.Polyak"/> (a target network's soft update), split over the threads when long.</summary>
    public static void Polyak(Span<float> target, ReadOnlySpan<float> source, float tau, float oneMinusTau)
    {
        if (target.Length != source.Length) throw new ArgumentException($"Polyak: lengths differ ({target.Length} vs {source.Length}).");
        int tasks = Tasks(target.Length);
        if (tasks <= 1) { Elementwise.Polyak(target, source, tau, oneMinusTau); return; }
        fixed (float* pt = target, ps = source) Run(Op.Polyak, tasks, target.Length, pt, ps, null, null, tau, oneMinusTau);
    }

    /// <summary>x = 0 (a gradient before backward), split over the threads when long.</summary>
    public static void Clear(Span<float> x)
    {
        int tasks = Tasks(x.Length);
        if (tasks <= 1) { x.Clear(); return; }
        fixed (float* px = x) Run(Op.Clear, tasks, x.Length, px, null, null, null);
    }

    /// <summary>Elements per chunk of <see cref="SumOfSquares"/> (a multiple of the 16-lane layout).</summary>
    public const int SumChunk = 64 * 1024;

    /// <summary>
    /// Σ x² in double: <see cref="Elementwise.SumOfSquares"/> of each fixed SumChunk-element chunk
    /// (the chunks depend only on the length), chunk sums added in chunk order, so any thread
    /// count gives the same bits; one chunk (length ≤ SumChunk) is exactly the serial kernel.
    /// Chunks run on all kernel threads (fc1's gradient: 1.6 M floats, 25 chunks).
    /// </summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int chunks = (x.Length + SumChunk - 1) / SumChunk;
        if (chunks <= 1) return Elementwise.SumOfSquares(x);
        var partial = t_partials is { } buf && buf.Length >= chunks ? buf : (t_partials = new double[chunks]);
        if (WorkerPool.ThreadCount <= 1)
            for (int c = 0; c < chunks; c++) partial[c] = Elementwise.SumOfSquares(x.Slice(c * SumChunk, Math.Min(SumChunk, x.Length - c * SumChunk)));
        else
            fixed (float* px = x)
            {
                var job = t_job ??= new Job();
                job.Set(Op.SumOfSquares, chunks, x.Length, px, null, null, null, 0f);
                job.Partials = partial;
                WorkerPool.Run(chunks, job);
                job.Clear();
            }
        double total = 0;
        for (int c = 0; c < chunks; c++) total += partial[c];
        return total;
    }

    /// <summary>Scalar twin of <see cref="SumOfSquares"/>: the same chunks and order, each chunk on <see cref="Elementwise.SumOfSquaresScalar"/>.</summary>
    public static double SumOfSquaresScalar(ReadOnlySpan<float> x)
    {
        double total = 0;
        int chunks = (x.Length + SumChunk - 1) / SumChunk;
        if (chunks <= 1) return Elementwise.SumOfSquaresScalar(x);
        for (int c = 0; c < chunks; c++) total += Elementwise.SumOfSquaresScalar(x.Slice(c * SumChunk, Math.Min(SumChunk, x.Length - c * SumChunk)));
        return total;
    }

    [ThreadStatic] private static double[]? t_partials;

    private static int Tasks(int length) =>
        length < MinLength || WorkerPool.ThreadCount <= 1 ? 1 : Math.Min(2 * WorkerPool.ThreadCount, length / 8);

    private enum Op { ReluForward, ReluBackward, BytesToFloats, Scale, Polyak, Clear, SumOfSquares }

    [ThreadStatic] private static Job? t_job;

    private static void Run(Op op, int tasks, int length, float* a, float* b, float* c, byte* bytes, float scale = 0f, float scale2 = 0f)
    {
        var job = t_job ??= new Job();
        job.Set(op, tasks, length, a, b, c, bytes, scale, scale2);
        WorkerPool.Run(tasks, job);
        job.Clear();
    }

    private sealed class Job : IParallelWork
    {
        private Op _op;
        private int _tasks, _length;
        private float _scale, _scale2;
        private float* _a, _b, _c;
        private byte* _bytes;

        public void Set(Op op, int tasks, int length, float* a, float* b, float* c, byte* bytes, float scale, float scale2 = 0f)
        {
            _op = op; _tasks = tasks; _length = length; _a = a; _b = b; _c = c; _bytes = bytes; _scale = scale; _scale2 = scale2;
        }

        /// <summary>Chunk sums of a SumOfSquares job (task c writes entry c).</summary>
        public double[]? Partials;

        public void Clear() { _a = _b = _c = null; _bytes = null; Partials = null; }

        public void Execute(int index)
        {
            if (_op == Op.SumOfSquares)
            {
                int s0 = index * SumChunk;
                Partials![index] = Elementwise.SumOfSquares(new ReadOnlySpan<float>(_a + s0, Math.Min(SumChunk, _length - s0)));
                return;
            }
            (int start, int count) = Gemm.Blocked.Chunk(_length, 8, _tasks, index);
            if (count == 0) return;
            switch (_op)
            {
                case Op.ReluForward:
                    Elementwise.ReluForward(new ReadOnlySpan<float>(_a + start, count), new Span<float>(_b + start, count));
                    break;
                case Op.ReluBackward:
                    Elementwise.ReluBackward(new ReadOnlySpan<float>(_a + start, count), new ReadOnlySpan<float>(_b + start, count), new Span<float>(_c + start, count));
                    break;
                case Op.Scale:
                    Elementwise.Scale(new Span<float>(_a + start, count), _scale);
                    break;
                case Op.Polyak:
                    Elementwise.Polyak(new Span<float>(_a + start, count), new ReadOnlySpan<float>(_b + start, count), _scale, _scale2);
                    break;
                case Op.Clear:
                    new Span<float>(_a + start, count).Clear();
                    break;
                default:
                    Conv.BytesToFloats(new ReadOnlySpan<byte>(_bytes + start, count), new ReadOnlySpan<float>(_a, 256), new Span<float>(_b + start, count));
                    break;
            }
        }
    }
}
