using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major storage:
/// C[m,n] = op(A)[m,k] · op(B)[k,n], or C += that product when <c>accumulate</c> is set.
/// op(A) is A stored [m,lda] or, when <c>transA</c>, A stored [k,lda] and read transposed
/// (same for B: [k,ldb] or [n,ldb]).
/// </summary>
/// <remarks>
/// Numerical contract (why it is bit-reproducible): every output element is ONE fused
/// multiply-add chain, acc = fma(op(A)[i,p], op(B)[p,j], acc) for p = 0..k-1 in order, starting
/// from 0 (or from C when accumulating). The fast path keeps exactly that chain in its
/// registers (K blocks hand the partial sum over through C, which is exact), so
/// <see cref="Sgemm"/> and its twin <see cref="SgemmScalar"/> agree bit for bit, and so does
/// any split of the work over threads: threads only ever own disjoint blocks of rows or
/// columns of C, never a slice of K, so neither thread count nor timing changes a single bit.
/// </remarks>
public static unsafe partial class Gemm
{
    /// <summary>C[m,n] = op(A)·op(B) (or += when <paramref name="accumulate"/>), fast path.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        if (!Fma.IsSupported || !Avx.IsSupported)
        {
            SgemmScalar(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            int tasks = Blocked.PlanTasks(m, n, k, out bool splitRows);
            if (tasks <= 1)
            {
                Blocked.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                return;
            }
            var job = t_job ??= new GemmJob();
            job.Set(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, tasks, splitRows);
            WorkerPool.Run(tasks, job);
            job.Clear();
        }
    }

    [ThreadStatic] private static GemmJob? t_job;

    /// <summary>
    /// One Sgemm split into a fixed list of tasks, each owning whole rows (or whole columns)
    /// of C in micro-tile multiples. K is never split, so each element's fma chain is the
    /// same as in the serial run: thread count and timing cannot change any bit.
    /// </summary>
    private sealed class GemmJob : IParallelWork
    {
        private bool _ta, _tb, _acc, _splitRows;
        private int _m, _n, _k, _lda, _ldb, _ldc, _tasks;
        private float* _a, _b, _c;

        public void Set(bool ta, bool tb, int m, int n, int k, float* a, int lda, float* b, int ldb,
            float* c, int ldc, bool acc, int tasks, bool splitRows)
        {
            _ta = ta; _tb = tb; _m = m; _n = n; _k = k; _acc = acc;
            _a = a; _lda = lda; _b = b; _ldb = ldb; _c = c; _ldc = ldc;
            _tasks = tasks; _splitRows = splitRows;
        }

        public void Clear() { _a = _b = _c = null; }

        public void Execute(int index)
        {
            if (_splitRows)
            {
                (int start, int count) = Blocked.Chunk(_m, Blocked.MR, _tasks, index);
                if (count == 0) return;
                float* a = _ta ? _a + start : _a + (long)start * _lda;
                Blocked.Run(_ta, _tb, count, _n, _k, a, _lda, _b, _ldb, _c + (long)start * _ldc, _ldc, _acc);
            }
            else
            {
                (int start, int count) = Blocked.Chunk(_n, Blocked.NR, _tasks, index);
                if (count == 0) return;
                float* b = _tb ? _b + (long)start * _ldb : _b + start;
                Blocked.Run(_ta, _tb, _m, count, _k, _a, _lda, b, _ldb, _c + start, _ldc, _acc);
            }
        }
    }

    /// <summary>
    /// Plain scalar twin of <see cref="Sgemm"/>: same signature, same result bit for bit
    /// (one in-order fused multiply-add chain per output element). The reference for tests.
    /// </summary>
    public static void SgemmScalar(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float acc = accumulate ? c[i * ldc + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    float x = transA ? a[p * lda + i] : a[i * lda + p];
                    float y = transB ? b[j * ldb + p] : b[p * ldb + j];
                    acc = MathF.FusedMultiplyAdd(x, y, acc);
                }
                c[i * ldc + j] = acc;
            }
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Sgemm sizes must be non-negative (m={m}, n={n}, k={k}).");
        // Stored shapes: A is [m,k] or, transposed, [k,m]; B is [k,n] or [n,k]; C is [m,n].
        CheckOperand("A", transA ? k : m, transA ? m : k, aLength, lda);
        CheckOperand("B", transB ? n : k, transB ? k : n, bLength, ldb);
        CheckOperand("C", m, n, cLength, ldc);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(name, $"Sgemm: leading dimension of {name} is {ld} but its stored rows hold {cols} elements.");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"Sgemm: {name} holds {length} elements but a stored [{rows},{cols}] matrix with leading dimension {ld} needs {needed}.", name);
    }

    /// <summary>
    /// The packed, cache-blocked, register-blocked AVX2/FMA implementation (Goto/BLIS loop
    /// order): B is packed into [kc, NR] column panels, A into [kc, MR] row panels, and a
    /// 6x16 micro-kernel keeps 12 ymm accumulators live across the whole kc loop.
    /// </summary>
    internal static class Blocked
    {
        internal const int MR = 6;     // rows of C per micro-tile
        internal const int NR = 16;    // columns of C per micro-tile (two ymm)
        internal const int KC = 256;   // depth of a packed panel: A micro-panel 6 KB, B micro-panel 16 KB (L1)
        internal const int MC = 96;    // rows of A packed at once: 96 KB (L2)
        internal const int NC = 4096;  // columns of B packed at once: 4 MB (L3)

        /// <summary>Multiply-adds below which a product runs on the calling thread alone (a hand-off costs ~10 µs).</summary>
        internal const long ParallelThreshold = 1L << 20;

        /// <summary>
        /// The fixed task partition of a product: split the dimension whose split duplicates
        /// the least packing (splitting rows repacks B [k,n] per task, splitting columns repacks A [m,k]),
        /// into up to two tasks per thread so a busy core does not hold the job up.
        /// </summary>
        internal static int PlanTasks(int m, int n, int k, out bool splitRows)
        {
            int threads = WorkerPool.ThreadCount;
            int tilesM = (m + MR - 1) / MR, tilesN = (n + NR - 1) / NR;
            splitRows = m >= n;
            if (threads <= 1 || (long)m * n * k < ParallelThreshold) return 1;
            int tiles = splitRows ? tilesM : tilesN;
            return Math.Min(tiles, 2 * threads);
        }

        /// <summary>Task <paramref name="index"/> of <paramref name="tasks"/>: a run of whole <paramref name="unit"/>-sized tiles.</summary>
        internal static (int Start, int Count) Chunk(int length, int unit, int tasks, int index)
        {
            int tiles = (length + unit - 1) / unit;
            int first = (int)((long)tiles * index / tasks), last = (int)((long)tiles * (index + 1) / tasks);
            int start = first * unit, end = Math.Min(length, last * unit);
            return (start, Math.Max(0, end - start));
        }

        [ThreadStatic] private static float[]? t_packA;
        [ThreadStatic] private static float[]? t_packB;

        internal static void Run(bool transA, bool transB, int m, int n, int k,
            float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            // Pinned scratch, allocated once per thread and reused (no allocation per call).
            t_packA ??= GC.AllocateUninitializedArray<float>(MC * KC + 16, pinned: true);
            t_packB ??= GC.AllocateUninitializedArray<float>(NC * KC + 16, pinned: true);
            fixed (float* packA = t_packA, packB = t_packB)
            {
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        bool load = accumulate || pc > 0; // later K blocks continue the chain held in C
                        PackB(transB, b, ldb, pc, jc, kc, nc, packB);
                        for (int ic = 0; ic < m; ic += MC)
                        {
                            int mc = Math.Min(MC, m - ic);
                            PackA(transA, a, lda, ic, pc, mc, kc, packA);
                            for (int jr = 0; jr < nc; jr += NR)
                            {
                                int nr = Math.Min(NR, nc - jr);
                                for (int ir = 0; ir < mc; ir += MR)
                                {
                                    int mr = Math.Min(MR, mc - ir);
                                    float* ct = c + (long)(ic + ir) * ldc + jc + jr;
                                    if (mr == MR && nr == NR)
                                        Kernel6x16(kc, packA + ir * kc, packB + jr * kc, ct, ldc, load);
                                    else
                                        EdgeTile(kc, packA + ir * kc, packB + jr * kc, ct, ldc, mr, nr, load);
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] as consecutive [kc, MR] panels, zero-padding the last.</summary>
        private static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, float* dst)
        {
            for (int ir = 0; ir < mc; ir += MR)
            {
                int mr = Math.Min(MR, mc - ir);
                float* panel = dst + ir * kc;
                if (!transA)
                {
                    for (int r = 0; r < MR; r++)
                    {
                        if (r < mr)
                        {
                            float* src = a + (long)(ic + ir + r) * lda + pc;
                            for (int p = 0; p < kc; p++) panel[p * MR + r] = src[p];
                        }
                        else
                        {
                            for (int p = 0; p < kc; p++) panel[p * MR + r] = 0f;
                        }
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = a + (long)(pc + p) * lda + ic + ir;
                        float* d = panel + p * MR;
                        int r = 0;
                        for (; r < mr; r++) d[r] = src[r];
                        for (; r < MR; r++) d[r] = 0f;
                    }
                }
            }
        }

        /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] as consecutive [kc, NR] panels, zero-padding the last.</summary>
        private static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, float* dst)
        {
            for (int jr = 0; jr < nc; jr += NR)
            {
                int nr = Math.Min(NR, nc - jr);
                float* panel = dst + jr * kc;
                if (!transB)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = b + (long)(pc + p) * ldb + jc + jr;
                        float* d = panel + p * NR;
                        if (nr == NR)
                        {
                            Avx.Store(d, Avx.LoadVector256(src));
                            Avx.Store(d + 8, Avx.LoadVector256(src + 8));
                        }
                        else
                        {
                            int j = 0;
                            for (; j < nr; j++) d[j] = src[j];
                            for (; j < NR; j++) d[j] = 0f;
                        }
                    }
                }
                else
                {
                    for (int j = 0; j < NR; j++)
                    {
                        if (j < nr)
                        {
                            float* src = b + (long)(jc + jr + j) * ldb + pc;
                            for (int p = 0; p < kc; p++) panel[p * NR + j] = src[p];
                        }
                        else
                        {
                            for (int p = 0; p < kc; p++) panel[p * NR + j] = 0f;
                        }
                    }
                }
            }
        }

        /// <summary>A partial tile at the right or bottom edge: run the full kernel on a scratch tile.</summary>
        private static void EdgeTile(int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, bool load)
        {
            float* tile = stackalloc float[MR * NR];
            for (int r = 0; r < MR; r++)
                for (int j = 0; j < NR; j++)
                    tile[r * NR + j] = load && r < mr && j < nr ? c[(long)r * ldc + j] : 0f;
            Kernel6x16(kc, ap, bp, tile, NR, true);
            for (int r = 0; r < mr; r++)
                for (int j = 0; j < nr; j++)
                    c[(long)r * ldc + j] = tile[r * NR + j];
        }

        /// <summary>
        /// C[6,16] (+)= Apanel[kc,6]ᵀ-as-rows · Bpanel[kc,16]: 12 accumulators, one broadcast and
        /// two loads per step; each accumulator lane is one in-order fma chain over p.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel6x16(int kc, float* ap, float* bp, float* c, int ldc, bool load)
        {
            Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
            float* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
            if (load)
            {
                c00 = Avx.LoadVector256(c0); c01 = Avx.LoadVector256(c0 + 8);
                c10 = Avx.LoadVector256(c1); c11 = Avx.LoadVector256(c1 + 8);
                c20 = Avx.LoadVector256(c2); c21 = Avx.LoadVector256(c2 + 8);
                c30 = Avx.LoadVector256(c3); c31 = Avx.LoadVector256(c3 + 8);
                c40 = Avx.LoadVector256(c4); c41 = Avx.LoadVector256(c4 + 8);
                c50 = Avx.LoadVector256(c5); c51 = Avx.LoadVector256(c5 + 8);
            }
            else
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
            }
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> b0 = Avx.LoadVector256(bp);
                Vector256<float> b1 = Avx.LoadVector256(bp + 8);
                Vector256<float> x = Vector256.Create(ap[0]);
                c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(ap[1]);
                c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(ap[2]);
                c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(ap[3]);
                c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
                x = Vector256.Create(ap[4]);
                c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
                x = Vector256.Create(ap[5]);
                c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
                ap += MR;
                bp += NR;
            }
            Avx.Store(c0, c00); Avx.Store(c0 + 8, c01);
            Avx.Store(c1, c10); Avx.Store(c1 + 8, c11);
            Avx.Store(c2, c20); Avx.Store(c2 + 8, c21);
            Avx.Store(c3, c30); Avx.Store(c3 + 8, c31);
            Avx.Store(c4, c40); Avx.Store(c4 + 8, c41);
            Avx.Store(c5, c50); Avx.Store(c5 + 8, c51);
        }
    }
}
