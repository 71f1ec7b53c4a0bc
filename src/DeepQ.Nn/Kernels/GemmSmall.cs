using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static DeepQ.Nn.Kernels.Transpose;

namespace DeepQ.Nn.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>Rows of C up to which products skip packing (acting: batch 1).</summary>
    internal const int SmallM = 4;

    /// <summary>
    /// Products with very few rows of C (a single observation's forward pass): packing B
    /// would cost as much as the product, so B is read in place. Same fma chain per element
    /// as everywhere else (p ascending), so the same bits. Columns of C split over threads.
    /// </summary>
    internal static class Small
    {
        internal static bool Applies(bool transA, int m) => !transA && m <= SmallM;

        internal static void Run(bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            long work = (long)m * n * k;
            int blocks = (n + 7) / 8;
            int tasks = WorkerPool.ThreadCount <= 1 || work < Blocked.ParallelThreshold ? 1 : Math.Min(blocks, 2 * WorkerPool.ThreadCount);
            if (tasks <= 1)
            {
                Columns(transB, m, 0, n, k, a, lda, b, ldb, c, ldc, accumulate);
                return;
            }
            var job = t_smallJob ??= new SmallJob();
            job.Set(transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, tasks);
            WorkerPool.Run(tasks, job);
            job.Clear();
        }

        /// <summary>C[:, j0..j1) for all m rows.</summary>
        internal static void Columns(bool transB, int m, int j0, int j1, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            for (int i = 0; i < m; i++)
            {
                float* ai = a + (long)i * lda;
                float* ci = c + (long)i * ldc;
                if (transB) RowTimesBt(j0, j1, k, ai, b, ldb, ci, accumulate);
                else RowTimesB(j0, j1, k, ai, b, ldb, ci, accumulate);
            }
        }

        /// <summary>c[j] (+)= Σ_p a[p]·B[p, j] with B stored [k, ldb]: rows of B are vectors over j.</summary>
        private static void RowTimesB(int j0, int j1, int k, float* a, float* b, int ldb, float* c, bool accumulate)
        {
            int j = j0;
            for (; j + 32 <= j1; j += 32)
            {
                Vector256<float> s0, s1, s2, s3;
                if (accumulate) { s0 = Avx.LoadVector256(c + j); s1 = Avx.LoadVector256(c + j + 8); s2 = Avx.LoadVector256(c + j + 16); s3 = Avx.LoadVector256(c + j + 24); }
                else s0 = s1 = s2 = s3 = Vector256<float>.Zero;
                float* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb)
                {
                    var x = Vector256.Create(a[p]);
                    s0 = Fma.MultiplyAdd(x, Avx.LoadVector256(bp), s0);
                    s1 = Fma.MultiplyAdd(x, Avx.LoadVector256(bp + 8), s1);
                    s2 = Fma.MultiplyAdd(x, Avx.LoadVector256(bp + 16), s2);
                    s3 = Fma.MultiplyAdd(x, Avx.LoadVector256(bp + 24), s3);
                }
                Avx.Store(c + j, s0); Avx.Store(c + j + 8, s1); Avx.Store(c + j + 16, s2); Avx.Store(c + j + 24, s3);
            }
            for (; j + 8 <= j1; j += 8)
            {
                var s = accumulate ? Avx.LoadVector256(c + j) : Vector256<float>.Zero;
                float* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb) s = Fma.MultiplyAdd(Vector256.Create(a[p]), Avx.LoadVector256(bp), s);
                Avx.Store(c + j, s);
            }
            for (; j < j1; j++)
            {
                float s = accumulate ? c[j] : 0f;
                for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a[p], b[(long)p * ldb + j], s);
                c[j] = s;
            }
        }

        /// <summary>
        /// c[j] (+)= Σ_p a[p]·W[j, p] with W stored [n, ldb] (Linear's weight): eight rows of W
        /// at a time, 8x8 blocks transposed in registers so lane r carries row j+r's chain.
        /// </summary>
        private static void RowTimesBt(int j0, int j1, int k, float* a, float* w, int ldb, float* c, bool accumulate)
        {
            float* block = stackalloc float[64];
            int j = j0;
            for (; j + 8 <= j1; j += 8)
            {
                var s = accumulate ? Avx.LoadVector256(c + j) : Vector256<float>.Zero;
                float* wj = w + (long)j * ldb;
                int p = 0;
                for (; p + 8 <= k; p += 8)
                {
                    Transpose8x8(wj + p, ldb, block, 8); // block[t, r] = W[j + r, p + t]
                    s = Fma.MultiplyAdd(Vector256.Create(a[p]), Avx.LoadVector256(block), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 1]), Avx.LoadVector256(block + 8), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 2]), Avx.LoadVector256(block + 16), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 3]), Avx.LoadVector256(block + 24), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 4]), Avx.LoadVector256(block + 32), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 5]), Avx.LoadVector256(block + 40), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 6]), Avx.LoadVector256(block + 48), s);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p + 7]), Avx.LoadVector256(block + 56), s);
                }
                for (; p < k; p++)
                {
                    var col = Vector256.Create(wj[p], wj[ldb + p], wj[2L * ldb + p], wj[3L * ldb + p],
                        wj[4L * ldb + p], wj[5L * ldb + p], wj[6L * ldb + p], wj[7L * ldb + p]);
                    s = Fma.MultiplyAdd(Vector256.Create(a[p]), col, s);
                }
                Avx.Store(c + j, s);
            }
            for (; j < j1; j++)
            {
                float s = accumulate ? c[j] : 0f;
                float* wj = w + (long)j * ldb;
                for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a[p], wj[p], s);
                c[j] = s;
            }
        }

        [ThreadStatic] private static SmallJob? t_smallJob;

        /// <summary>Task t: a run of whole 8-column blocks of C.</summary>
        private sealed class SmallJob : IParallelWork
        {
            private bool _tb, _acc;
            private int _m, _n, _k, _lda, _ldb, _ldc, _tasks;
            private float* _a, _b, _c;

            public void Set(bool tb, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool acc, int tasks)
            {
                _tb = tb; _m = m; _n = n; _k = k; _a = a; _lda = lda; _b = b; _ldb = ldb; _c = c; _ldc = ldc; _acc = acc; _tasks = tasks;
            }

            public void Clear() { _a = _b = _c = null; }

            public void Execute(int index)
            {
                (int start, int count) = Blocked.Chunk(_n, 8, _tasks, index);
                if (count > 0) Columns(_tb, _m, start, start + count, _k, _a, _lda, _b, _ldb, _c, _ldc, _acc);
            }
        }
    }
}
