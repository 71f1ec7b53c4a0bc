using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

/// <summary>
/// The in-place (offset-table) 8x32 micro-kernel against its scalar twin, bit for bit, for 9 to 32
/// live columns: the 512-bit tile and the AVX2 4x16 quarters (switched for the test on a
/// machine with AVX-512, so run alone).
/// </summary>
[Collection(KernelSwitchesCollection.Name)]
public unsafe class GemmIndexedTests
{
    [Avx512Fact]
    public void Avx512_indexed_kernel_matches_its_scalar_twin_for_every_depth_up_to_256() => Sweep(80);

    [FmaFact]
    public void Avx2_indexed_quarters_match_the_scalar_twin_for_every_depth_up_to_256()
    {
        bool saved = Gemm.Blocked.UseAvx512;
        try
        {
            Gemm.Blocked.UseAvx512 = false;
            Sweep(81);
        }
        finally { Gemm.Blocked.UseAvx512 = saved; }
    }

    private static void Sweep(int seed)
    {
        var rng = new Random(seed);
        const int span = 4096;
        float[] a = new float[span], b = new float[257 * 32], t0 = new float[256], t1 = new float[256];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 2 - 1);
        int[] rowOff = new int[8], kOff = new int[257];
        foreach (int columns in new[] { 32, 17, 16, 9 })
            for (int kc = 0; kc <= 256; kc++)
            {
                // Rows at arbitrary (possibly repeated) places, depth offsets arbitrary too.
                for (int i = 0; i < 8; i++) rowOff[i] = rng.Next(0, span / 2);
                for (int p = 0; p < kc; p++) kOff[p] = rng.Next(0, span / 2);
                for (int i = 0; i < 256; i++) t0[i] = t1[i] = (float)(rng.NextDouble() * 2 - 1);
                fixed (float* pa = a, pb = b, p0 = t0, p1 = t1)
                fixed (int* pr = rowOff, pk = kOff)
                {
                    Gemm.Indexed.Kernel8x32Scalar(kc, pa, pr, pk, pb, p0, columns);
                    Gemm.Indexed.Kernel8x32(kc, pa, pr, pk, pb, p1, columns);
                }
                // Columns from `columns` on are the caller's to ignore (the 512-bit tile computes them anyway).
                for (int i = 0; i < 256; i++)
                    if (i % 32 < columns)
                        Assert.True(BitConverter.SingleToInt32Bits(t0[i]) == BitConverter.SingleToInt32Bits(t1[i]), $"columns {columns}, kc {kc}, element {i}: {t0[i]:R} vs {t1[i]:R}");
            }
        foreach (int bad in new[] { 0, 33 })
            Assert.Throws<ArgumentOutOfRangeException>(() =>
            {
                fixed (float* pa = a, pb = b, p1 = t1)
                fixed (int* pr = rowOff, pk = kOff)
                    Gemm.Indexed.Kernel8x32(1, pa, pr, pk, pb, p1, bad);
            });
    }
}
