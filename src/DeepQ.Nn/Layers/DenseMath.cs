namespace DeepQ.Nn.Layers;

/// <summary>
/// Row-major single-precision matrix product used by Linear and Conv2d:
/// C[m,n] = op(A)[m,k] * op(B)[k,n] (+ C when accumulating), same contract as
/// Kernels' Gemm.Sgemm so the layers can switch to the fast kernel without other changes.
/// This is the plain reference loop: fixed summation order, so results are deterministic.
/// </summary>
internal static class DenseMath
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        if (!accumulate)
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
        if (m == 0 || n == 0 || k == 0) return;
        if (!transB)
        {
            // i-p-j order: the inner loop streams a row of B and a row of C.
            for (int i = 0; i < m; i++)
            {
                var ci = c.Slice(i * ldc, n);
                for (int p = 0; p < k; p++)
                {
                    float aip = transA ? a[p * lda + i] : a[i * lda + p];
                    if (aip == 0f) continue;
                    var bp = b.Slice(p * ldb, n);
                    for (int j = 0; j < n; j++) ci[j] += aip * bp[j];
                }
            }
        }
        else
        {
            // B is [n,k]: each C element is a dot product of a row of op(A) and a row of B.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    var bj = b.Slice(j * ldb, k);
                    float s = 0f;
                    if (transA) for (int p = 0; p < k; p++) s += a[p * lda + i] * bj[p];
                    else
                    {
                        var ai = a.Slice(i * lda, k);
                        for (int p = 0; p < k; p++) s += ai[p] * bj[p];
                    }
                    c[i * ldc + j] += s;
                }
            }
        }
    }
}
