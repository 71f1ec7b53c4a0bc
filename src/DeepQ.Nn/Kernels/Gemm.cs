using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static DeepQ.Nn.Kernels.Transpose;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major storage:
/// C[m,n] = op(A)[m,k] · op(B)[k,n], or C += that product when <c>accumulate</c> is set.
/// op(A) is A stored [m,lda] or, when <c>transA</c>, A stored [k,lda] and read transposed
/// (same for B: [k,ldb] or [n,ldb]).
/// </summary>
/// <remarks>
/// Numerical contract (why it is bit-reproducible): every output element is ONE multiply-add
/// chain, acc = op(A)[i,p]·op(B)[p,j] + acc for p = 0..k-1 in order, starting from 0 (or from C
/// when accumulating), each step fused (one rounding) wherever the CPU has FMA: AVX-512, AVX2+FMA,
/// ARM64. The fast path keeps exactly that chain in its registers (K blocks hand the partial sum
/// over through C, which is exact), so <see cref="Sgemm"/> and its twin <see cref="SgemmScalar"/>
/// agree bit for bit, and so does any split of the work over threads: threads only ever own
/// disjoint blocks of rows or columns of C, never a slice of K, so neither thread count nor timing
/// changes a single bit. A CPU without FMA (an older x86, or DOTNET_EnableAVX2=0) multiplies then
/// adds (two roundings per step, <see cref="FusedChains"/> false): the same seed still gives the
/// same bits on such a CPU, and about half the AVX2 speed, but not the bits of an FMA machine,
/// unless <see cref="EmulateFusedMultiplyAdd"/> asks for those (exact, and much slower).
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
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (Blocked.Tiles is TileKernel.Avx512 or TileKernel.Avx2 && Small.Applies(transA, m))
            {
                Small.Run(transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                return;
            }
            RunParallel(transA, transB, m, n, k, pa, lda, Seg.None, pb, ldb, Seg.None, pc, ldc, accumulate);
        }
    }

    /// <summary>
    /// The fast product on raw pointers, split over threads by <see cref="Blocked.PlanTasks"/>;
    /// A and B may be segmented (see <see cref="Seg"/>). Callers have validated the operands.
    /// </summary>
    internal static void RunParallel(bool transA, bool transB, int m, int n, int k,
        float* a, int lda, Seg segA, float* b, int ldb, Seg segB, float* c, int ldc, bool accumulate)
    {
        int tasks = Blocked.PlanTasks(m, n, k, out bool splitRows);
        if (tasks <= 1)
        {
            Blocked.Run(transA, transB, m, n, k, a, lda, segA, b, ldb, segB, c, ldc, accumulate);
            return;
        }
        var job = t_job ??= new GemmJob();
        job.Set(transA, transB, m, n, k, a, lda, segA, b, ldb, segB, c, ldc, accumulate, tasks, splitRows);
        WorkerPool.Run(tasks, job);
        job.Clear();
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
        private Seg _segA, _segB;

        public void Set(bool ta, bool tb, int m, int n, int k, float* a, int lda, Seg segA, float* b, int ldb, Seg segB,
            float* c, int ldc, bool acc, int tasks, bool splitRows)
        {
            _ta = ta; _tb = tb; _m = m; _n = n; _k = k; _acc = acc;
            _a = a; _lda = lda; _b = b; _ldb = ldb; _c = c; _ldc = ldc; _segA = segA; _segB = segB;
            _tasks = tasks; _splitRows = splitRows;
        }

        public void Clear() { _a = _b = _c = null; }

        public void Execute(int index)
        {
            if (_splitRows)
            {
                (int start, int count) = Blocked.Chunk(_m, Blocked.MR(), _tasks, index);
                if (count == 0) return;
                // Rows of op(A) are stored rows (pointer step) or, transposed, the contiguous axis (maybe segmented).
                float* a = _ta ? (_segA.IsNone ? _a + start : _a) : _a + (long)start * _lda;
                Seg segA = _ta && !_segA.IsNone ? _segA.Shift(start) : _segA;
                Blocked.Run(_ta, _tb, count, _n, _k, a, _lda, segA, _b, _ldb, _segB, _c + (long)start * _ldc, _ldc, _acc);
            }
            else
            {
                (int start, int count) = Blocked.Chunk(_n, Blocked.NR(), _tasks, index);
                if (count == 0) return;
                float* b = _tb ? _b + (long)start * _ldb : (_segB.IsNone ? _b + start : _b);
                Seg segB = !_tb && !_segB.IsNone ? _segB.Shift(start) : _segB;
                Blocked.Run(_ta, _tb, _m, count, _k, _a, _lda, _segA, b, _ldb, segB, _c + start, _ldc, _acc);
            }
        }
    }

    /// <summary>
    /// True when each step of a product's chains is one fused multiply-add (one rounding), false
    /// when the kernels in use multiply and then add (CPUs without FMA; see the type's remarks).
    /// </summary>
    public static bool FusedChains => Blocked.Tiles switch
    {
        TileKernel.Avx => false,
        TileKernel.Portable => Portable.HardwareFma && !Portable.ForceUnfused || EmulateFusedMultiplyAdd,
        _ => true,
    };

    /// <summary>
    /// Plain scalar twin of <see cref="Sgemm"/>: same signature, same result bit for bit (one
    /// in-order chain per output element, fused or not as <see cref="FusedChains"/> says the
    /// kernels in use are). The reference for tests.
    /// </summary>
    public static void SgemmScalar(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        bool fused = FusedChains;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float acc = accumulate ? c[i * ldc + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    float x = transA ? a[p * lda + i] : a[i * lda + p];
                    float y = transB ? b[j * ldb + p] : b[p * ldb + j];
                    acc = fused ? MathF.FusedMultiplyAdd(x, y, acc) : acc + x * y;
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
    /// A stored operand that is a batch of equal blocks laid side by side along its contiguous
    /// axis: logical index q on that axis lives in block q / Length (blocks Stride floats
    /// apart) at position q % Length. Conv2d uses it to multiply a whole batch at once when each
    /// sample's matrix is stored separately. <see cref="None"/>: one ordinary matrix.
    /// </summary>
    internal readonly struct Seg(int length, long stride, int start = 0)
    {
        public readonly int Length = length;
        public readonly long Stride = stride;
        /// <summary>Logical index of this view's element 0 (a task's slice of a segmented axis).</summary>
        public readonly int Start = start;

        public static Seg None => new(int.MaxValue, 0);

        public bool IsNone => Length == int.MaxValue;

        public Seg Shift(int delta) => new(Length, Stride, Start + delta);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Offset(int q)
        {
            if (IsNone) return q;
            int g = Start + q;
            return (long)(g / Length) * Stride + g % Length;
        }

        /// <summary>True when indices q..q+count−1 lie in one block (so they are contiguous).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Within(int q, int count) => IsNone || (Start + q) % Length + count <= Length;
    }

    /// <summary>The register tiles of the blocked product, by instruction set.</summary>
    internal enum TileKernel
    {
        /// <summary>8x32 in 16 zmm (AVX-512F).</summary>
        Avx512,
        /// <summary>6x16 in 12 ymm (AVX2 + FMA).</summary>
        Avx2,
        /// <summary>6x16 in 12 ymm, multiply then add (AVX without FMA: DOTNET_EnableAVX2=0, or a pre-2013 x86).</summary>
        Avx,
        /// <summary>4x8 in 8 128-bit vectors (SSE2 or NEON; see <see cref="Portable"/>).</summary>
        Portable,
    }

    /// <summary>
    /// The packed, cache-blocked, register-blocked implementation (Goto/BLIS loop order):
    /// B is packed into [kc, NR] column panels, A into [kc, MR] row panels, and the
    /// micro-kernel keeps an MR x NR tile of C in registers across the whole kc loop:
    /// 8x32 in 16 zmm accumulators with AVX-512, else 6x16 in 12 ymm with AVX2/FMA (or with AVX
    /// alone, multiplying then adding), else 4x8 in 8 128-bit vectors (<see cref="Portable"/>: SSE2
    /// or NEON). The fused kernels give the same bits as each other; see <see cref="FusedChains"/>.
    /// </summary>
    internal static class Blocked
    {
        internal const int KC = 256;   // depth of a packed panel: B micro-panel 256x32 floats = 32 KB (L1)
        internal const int MC = 96;    // rows of A packed at once (multiple of 6 and 8): 96 KB (L2)
        internal const int NC = 512;   // columns of B packed at once: 512 KB, so the packed block stays in L2 (1.25 MB) while its tiles run
        private const int MaxTile = 8 * 32;
        private const int MaxPieces = 8; // contiguous pieces per packed B panel before falling back to per-element addressing

        /// <summary>Use the 8x32 AVX-512 micro-kernel (tests switch it off to cover the AVX2 one; results are identical).</summary>
        internal static bool UseAvx512 = Avx512F.IsSupported;

        /// <summary>Runs this tile kernel instead of the machine's choice (tests cover every kernel on one machine; it must be one the CPU can run).</summary>
        internal static TileKernel? ForceTiles;

        /// <summary>
        /// The micro-kernel this machine runs: the widest whose instructions it has. Without FMA,
        /// AVX's 256-bit multiply and add beat the exact fused emulation by an order of magnitude,
        /// unless that emulation is asked for (<see cref="EmulateFusedMultiplyAdd"/>).
        /// </summary>
        internal static TileKernel Tiles =>
            ForceTiles ?? (UseAvx512 ? TileKernel.Avx512
                : Fma.IsSupported && Avx2.IsSupported ? TileKernel.Avx2
                : Avx.IsSupported && !Portable.HardwareFma && !EmulateFusedMultiplyAdd ? TileKernel.Avx
                : TileKernel.Portable);

        internal static int MR() => MRFor(Tiles);
        internal static int NR() => NRFor(Tiles);

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
            int mr = MR(), nr = NR();
            int tilesM = (m + mr - 1) / mr, tilesN = (n + nr - 1) / nr;
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
            => Run(transA, transB, m, n, k, a, lda, Seg.None, b, ldb, Seg.None, c, ldc, accumulate);

        /// <summary>The blocked product with A and/or B stored as batches of blocks along their contiguous axis (see <see cref="Seg"/>).</summary>
        internal static void Run(bool transA, bool transB, int m, int n, int k,
            float* a, int lda, Seg segA, float* b, int ldb, Seg segB, float* c, int ldc, bool accumulate)
        {
            var tiles = Tiles;
            int MR = MRFor(tiles), NR = NRFor(tiles);
            // Pinned scratch, allocated once per thread and reused (no allocation per call).
            t_packA ??= GC.AllocateUninitializedArray<float>(MC * KC + 64, pinned: true);
            t_packB ??= GC.AllocateUninitializedArray<float>(NC * KC + 64, pinned: true);
            fixed (float* packA = t_packA, packB = t_packB)
            {
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        bool load = accumulate || pc > 0; // later K blocks continue the chain held in C
                        PackB(transB, b, ldb, segB, pc, jc, kc, nc, NR, packB);
                        for (int ic = 0; ic < m; ic += MC)
                        {
                            int mc = Math.Min(MC, m - ic);
                            PackA(transA, a, lda, segA, ic, pc, mc, kc, MR, packA);
                            for (int jr = 0; jr < nc; jr += NR)
                            {
                                int nr = Math.Min(NR, nc - jr);
                                for (int ir = 0; ir < mc; ir += MR)
                                {
                                    int mr = Math.Min(MR, mc - ir);
                                    float* ct = c + (long)(ic + ir) * ldc + jc + jr;
                                    float* ap = packA + ir * kc, bp = packB + jr * kc;
                                    if (mr == MR && nr == NR) FullTile(tiles, kc, ap, bp, ct, ldc, load);
                                    else EdgeTile(tiles, kc, ap, bp, ct, ldc, mr, nr, load);
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] as consecutive [kc, MR] panels, zero-padding the last.</summary>
        internal static void PackA(bool transA, float* a, int lda, Seg seg, int ic, int pc, int mc, int kc, int MR, float* dst)
        {
            for (int ir = 0; ir < mc; ir += MR)
            {
                int mr = Math.Min(MR, mc - ir);
                float* panel = dst + ir * kc;
                if (!transA)
                {
                    // Rows of A are contiguous in p: transpose 8x8 blocks into the [kc, 8] panel.
                    float* rows = a + (long)(ic + ir) * lda;
                    for (int p = 0; p < kc;)
                    {
                        if (mr == 8 && MR == 8 && p + 8 <= kc && seg.Within(pc + p, 8))
                        {
                            Transpose8x8(rows + seg.Offset(pc + p), lda, panel + p * 8, 8);
                            p += 8;
                            continue;
                        }
                        if (mr == 4 && MR == 4 && p + 4 <= kc && seg.Within(pc + p, 4) && Sse.IsSupported)
                        {
                            Transpose4x4(rows + seg.Offset(pc + p), lda, panel + p * 4, 4);
                            p += 4;
                            continue;
                        }
                        float* d = panel + p * MR;
                        long off = seg.Offset(pc + p);
                        int r = 0;
                        for (; r < mr; r++) d[r] = rows[(long)r * lda + off];
                        for (; r < MR; r++) d[r] = 0f;
                        p++;
                    }
                }
                else
                {
                    bool run = mr == 8 && MR == 8 && seg.Within(ic + ir, 8);
                    bool run4 = mr == 4 && MR == 4 && seg.Within(ic + ir, 4);
                    long runOff = seg.Offset(ic + ir);
                    for (int p = 0; p < kc; p++)
                    {
                        float* row = a + (long)(pc + p) * lda;
                        float* d = panel + p * MR;
                        if (run)
                        {
                            Vector256.Load(row + runOff).Store(d);
                            continue;
                        }
                        if (run4)
                        {
                            Vector128.Load(row + runOff).Store(d);
                            continue;
                        }
                        int r = 0;
                        for (; r < mr; r++) d[r] = row[seg.Offset(ic + ir + r)];
                        for (; r < MR; r++) d[r] = 0f;
                    }
                }
            }
        }

        /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] as consecutive [kc, NR] panels, zero-padding the last.</summary>
        internal static void PackB(bool transB, float* b, int ldb, Seg seg, int pc, int jc, int kc, int nc, int NR, float* dst)
        {
            int* pieceStart = stackalloc int[MaxPieces];
            int* pieceLength = stackalloc int[MaxPieces];
            long* pieceOffset = stackalloc long[MaxPieces];
            // Whole panels that are one contiguous run of each B row are copied row by row across
            // all of them, so the reads stream along B's rows (one long run per row instead of
            // NR floats from each of kc rows a page apart, which defeats the hardware prefetcher).
            int panels = (nc + NR - 1) / NR;
            long* runOffset = stackalloc long[panels];
            if (!transB)
            {
                for (int t = 0; t < panels; t++)
                    runOffset[t] = t * NR + NR <= nc && seg.Within(jc + t * NR, NR) ? seg.Offset(jc + t * NR) : -1;
                for (int p = 0; p < kc; p++)
                {
                    float* row = b + (long)(pc + p) * ldb;
                    float* d = dst + p * NR;
                    for (int t = 0; t < panels; t++)
                    {
                        long off = runOffset[t];
                        if (off < 0) continue;
                        float* src = row + off, dd = d + (long)t * NR * kc;
                        for (int j = 0; j < NR; j += 8) Copy8(src + j, dd + j);
                    }
                }
            }
            for (int jr = 0; jr < nc; jr += NR)
            {
                int nr = Math.Min(NR, nc - jr);
                float* panel = dst + jr * kc;
                if (!transB)
                {
                    if (runOffset[jr / NR] >= 0) continue; // copied above
                    // A ragged or segment-crossing panel: split its columns into contiguous pieces once.
                    int pieces = 0;
                    for (int j = 0; j < nr;)
                    {
                        int len = seg.IsNone ? nr - j : Math.Min(nr - j, seg.Length - (seg.Start + jc + jr + j) % seg.Length);
                        if (pieces == MaxPieces) { len = 1; pieces--; } // pathological tiny segments: fall back below
                        pieceStart[pieces] = j; pieceLength[pieces] = len; pieceOffset[pieces] = seg.Offset(jc + jr + j);
                        pieces++;
                        j += len;
                    }
                    bool simple = pieces < MaxPieces;
                    for (int p = 0; p < kc; p++)
                    {
                        float* row = b + (long)(pc + p) * ldb;
                        float* d = panel + p * NR;
                        if (simple)
                        {
                            for (int t = 0; t < pieces; t++)
                            {
                                float* src = row + pieceOffset[t];
                                float* dd = d + pieceStart[t];
                                int len = pieceLength[t], j = 0;
                                for (; j + 8 <= len; j += 8) Copy8(src + j, dd + j);
                                for (; j < len; j++) dd[j] = src[j];
                            }
                        }
                        else
                        {
                            for (int j = 0; j < nr; j++) d[j] = row[seg.Offset(jc + jr + j)];
                        }
                        for (int j = nr; j < NR; j++) d[j] = 0f;
                    }
                }
                else
                {
                    // Rows of B's storage are contiguous in p: transpose 8x8 blocks into the [kc, NR] panel,
                    // eight storage rows at a time over the whole depth (eight read streams, not NR).
                    float* rows = b + (long)(jc + jr) * ldb;
                    if (nr == NR)
                    {
                        for (int j = 0; j < NR; j += 8)
                        {
                            float* rows8 = rows + (long)j * ldb;
                            for (int p = 0; p < kc;)
                            {
                                if (p + 8 <= kc && seg.Within(pc + p, 8))
                                {
                                    Transpose8x8(rows8 + seg.Offset(pc + p), ldb, panel + p * NR + j, NR);
                                    p += 8;
                                    continue;
                                }
                                float* d = panel + p * NR + j;
                                long off = seg.Offset(pc + p);
                                for (int jj = 0; jj < 8; jj++) d[jj] = rows8[(long)jj * ldb + off];
                                p++;
                            }
                        }
                        continue;
                    }
                    for (int p = 0; p < kc;)
                    {
                        if (nr == NR && p + 8 <= kc && seg.Within(pc + p, 8))
                        {
                            float* src = rows + seg.Offset(pc + p);
                            for (int j = 0; j < NR; j += 8)
                                Transpose8x8(src + (long)j * ldb, ldb, panel + p * NR + j, NR);
                            p += 8;
                            continue;
                        }
                        float* d = panel + p * NR;
                        long off = seg.Offset(pc + p);
                        int jj = 0;
                        for (; jj < nr; jj++) d[jj] = rows[(long)jj * ldb + off];
                        for (; jj < NR; jj++) d[jj] = 0f;
                        p++;
                    }
                }
            }
        }

        /// <summary>Scalar twin of <see cref="PackA"/>: panel[ir·kc + p·MR + r] = op(A)[ic + ir + r, pc + p], zero past row mc.</summary>
        internal static void PackAScalar(bool transA, float* a, int lda, Seg seg, int ic, int pc, int mc, int kc, int MR, float* dst)
        {
            for (int ir = 0; ir < mc; ir += MR)
                for (int p = 0; p < kc; p++)
                    for (int r = 0; r < MR; r++)
                    {
                        int i = ic + ir + r, q = pc + p;
                        dst[ir * kc + p * MR + r] = ir + r >= mc ? 0f : transA ? a[(long)q * lda + seg.Offset(i)] : a[(long)i * lda + seg.Offset(q)];
                    }
        }

        /// <summary>Scalar twin of <see cref="PackB"/>: panel[jr·kc + p·NR + j] = op(B)[pc + p, jc + jr + j], zero past column nc.</summary>
        internal static void PackBScalar(bool transB, float* b, int ldb, Seg seg, int pc, int jc, int kc, int nc, int NR, float* dst)
        {
            for (int jr = 0; jr < nc; jr += NR)
                for (int p = 0; p < kc; p++)
                    for (int j = 0; j < NR; j++)
                    {
                        int q = pc + p, col = jc + jr + j;
                        dst[jr * kc + p * NR + j] = jr + j >= nc ? 0f : transB ? b[(long)col * ldb + seg.Offset(q)] : b[(long)q * ldb + seg.Offset(col)];
                    }
        }

        /// <summary>A partial tile at the right or bottom edge: run the full kernel on a scratch tile.</summary>
        internal static void EdgeTile(TileKernel tiles, int kc, float* ap, float* bp, float* c, int ldc, int mr, int nr, bool load)
        {
            int MR = MRFor(tiles), NR = NRFor(tiles);
            float* tile = stackalloc float[MaxTile];
            for (int r = 0; r < MR; r++)
                for (int j = 0; j < NR; j++)
                    tile[r * NR + j] = load && r < mr && j < nr ? c[(long)r * ldc + j] : 0f;
            FullTile(tiles, kc, ap, bp, tile, NR, true);
            for (int r = 0; r < mr; r++)
                for (int j = 0; j < nr; j++)
                    c[(long)r * ldc + j] = tile[r * NR + j];
        }

        private static int MRFor(TileKernel tiles) => tiles switch { TileKernel.Avx512 => 8, TileKernel.Avx2 or TileKernel.Avx => 6, _ => Portable.MR };
        private static int NRFor(TileKernel tiles) => tiles switch { TileKernel.Avx512 => 32, TileKernel.Avx2 or TileKernel.Avx => 16, _ => Portable.NR };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FullTile(TileKernel tiles, int kc, float* ap, float* bp, float* c, int ldc, bool load)
        {
            if (tiles == TileKernel.Avx512) Kernel8x32(kc, ap, bp, c, ldc, load);
            else if (tiles == TileKernel.Avx2) Kernel6x16<Fused>(kc, ap, bp, c, ldc, load);
            else if (tiles == TileKernel.Avx) Kernel6x16<Unfused>(kc, ap, bp, c, ldc, load);
            else Portable.Kernel4x8(kc, ap, bp, c, ldc, load);
        }

        /// <summary>
        /// C[8,32] (+)= Apanel[kc,8] rows · Bpanel[kc,32]: 16 zmm accumulators, two loads and
        /// eight broadcasts per step; each accumulator lane is one in-order fma chain over p.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal static void Kernel8x32(int kc, float* ap, float* bp, float* c, int ldc, bool load)
        {
            Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            float* r0 = c, r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
            if (load)
            {
                c00 = Avx512F.LoadVector512(r0); c01 = Avx512F.LoadVector512(r0 + 16);
                c10 = Avx512F.LoadVector512(r1); c11 = Avx512F.LoadVector512(r1 + 16);
                c20 = Avx512F.LoadVector512(r2); c21 = Avx512F.LoadVector512(r2 + 16);
                c30 = Avx512F.LoadVector512(r3); c31 = Avx512F.LoadVector512(r3 + 16);
                c40 = Avx512F.LoadVector512(r4); c41 = Avx512F.LoadVector512(r4 + 16);
                c50 = Avx512F.LoadVector512(r5); c51 = Avx512F.LoadVector512(r5 + 16);
                c60 = Avx512F.LoadVector512(r6); c61 = Avx512F.LoadVector512(r6 + 16);
                c70 = Avx512F.LoadVector512(r7); c71 = Avx512F.LoadVector512(r7 + 16);
            }
            else
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
                c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
            }
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Avx512F.LoadVector512(bp);
                Vector512<float> b1 = Avx512F.LoadVector512(bp + 16);
                Vector512<float> x = Vector512.Create(ap[0]);
                c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(ap[1]);
                c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(ap[2]);
                c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(ap[3]);
                c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(ap[4]);
                c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(ap[5]);
                c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(ap[6]);
                c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(ap[7]);
                c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                ap += 8;
                bp += 32;
            }
            Avx512F.Store(r0, c00); Avx512F.Store(r0 + 16, c01);
            Avx512F.Store(r1, c10); Avx512F.Store(r1 + 16, c11);
            Avx512F.Store(r2, c20); Avx512F.Store(r2 + 16, c21);
            Avx512F.Store(r3, c30); Avx512F.Store(r3 + 16, c31);
            Avx512F.Store(r4, c40); Avx512F.Store(r4 + 16, c41);
            Avx512F.Store(r5, c50); Avx512F.Store(r5 + 16, c51);
            Avx512F.Store(r6, c60); Avx512F.Store(r6 + 16, c61);
            Avx512F.Store(r7, c70); Avx512F.Store(r7 + 16, c71);
        }

        /// <summary>
        /// C[6,16] (+)= Apanel[kc,6] rows · Bpanel[kc,16]: 12 ymm accumulators, one broadcast and
        /// two loads per step; each accumulator lane is one in-order chain over p, fused with AVX2+FMA
        /// (<see cref="Fused"/>) or multiply-then-add with AVX alone (<see cref="Unfused"/>, as
        /// <see cref="SgemmScalar"/> does when <see cref="FusedChains"/> is false). The step is a
        /// struct type parameter, so each instantiation compiles to its own straight-line loop.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel6x16<TStep>(int kc, float* ap, float* bp, float* c, int ldc, bool load) where TStep : struct, IMulAdd
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
                c00 = TStep.Apply(x, b0, c00); c01 = TStep.Apply(x, b1, c01);
                x = Vector256.Create(ap[1]);
                c10 = TStep.Apply(x, b0, c10); c11 = TStep.Apply(x, b1, c11);
                x = Vector256.Create(ap[2]);
                c20 = TStep.Apply(x, b0, c20); c21 = TStep.Apply(x, b1, c21);
                x = Vector256.Create(ap[3]);
                c30 = TStep.Apply(x, b0, c30); c31 = TStep.Apply(x, b1, c31);
                x = Vector256.Create(ap[4]);
                c40 = TStep.Apply(x, b0, c40); c41 = TStep.Apply(x, b1, c41);
                x = Vector256.Create(ap[5]);
                c50 = TStep.Apply(x, b0, c50); c51 = TStep.Apply(x, b1, c51);
                ap += 6;
                bp += 16;
            }
            Avx.Store(c0, c00); Avx.Store(c0 + 8, c01);
            Avx.Store(c1, c10); Avx.Store(c1 + 8, c11);
            Avx.Store(c2, c20); Avx.Store(c2 + 8, c21);
            Avx.Store(c3, c30); Avx.Store(c3 + 8, c31);
            Avx.Store(c4, c40); Avx.Store(c4 + 8, c41);
            Avx.Store(c5, c50); Avx.Store(c5 + 8, c51);
        }

        /// <summary>One step of a 256-bit chain: acc' = x·b + acc.</summary>
        internal interface IMulAdd
        {
            static abstract Vector256<float> Apply(Vector256<float> x, Vector256<float> b, Vector256<float> acc);
        }

        /// <summary>One rounding (AVX2 + FMA).</summary>
        internal readonly struct Fused : IMulAdd
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Apply(Vector256<float> x, Vector256<float> b, Vector256<float> acc) => Fma.MultiplyAdd(x, b, acc);
        }

        /// <summary>Two roundings: the product, then the sum (AVX without FMA).</summary>
        internal readonly struct Unfused : IMulAdd
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Apply(Vector256<float> x, Vector256<float> b, Vector256<float> acc) => Avx.Add(acc, Avx.Multiply(x, b));
        }
    }
}
