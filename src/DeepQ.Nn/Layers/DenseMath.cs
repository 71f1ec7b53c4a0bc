namespace DeepQ.Nn.Layers;

/// <summary>
/// The one place where layers reach the matrix-product kernel: row-major
/// C[m,n] = op(A)[m,k] * op(B)[k,n] (+ C when accumulating). Forwards to Kernels' Gemm
/// (deterministic: fixed blocking and summation order for any thread timing).
/// </summary>
internal static class DenseMath
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate) =>
        Kernels.Gemm.Sgemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
