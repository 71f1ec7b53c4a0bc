using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

public class GemmTests
{
    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Runs fast and scalar on the same operands (padded leading dimensions) and demands identical bits.</summary>
    internal static void CompareFastToScalar(Random rng, bool ta, bool tb, int m, int n, int k, bool accumulate, int pad = 0)
    {
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        lda = Math.Max(lda, 1); ldb = Math.Max(ldb, 1); ldc = Math.Max(ldc, 1);
        float[] a = Random(rng, (ta ? k : m) * lda);
        float[] b = Random(rng, (tb ? n : k) * ldb);
        float[] c0 = Random(rng, m * ldc);
        float[] c1 = (float[])c0.Clone();
        Gemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, c0, ldc, accumulate);
        Gemm.SgemmScalar(ta, tb, m, n, k, a, lda, b, ldb, c1, ldc, accumulate);
        for (int i = 0; i < c0.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(c0[i]) != BitConverter.SingleToInt32Bits(c1[i]))
                Assert.Fail($"ta={ta} tb={tb} m={m} n={n} k={k} acc={accumulate} pad={pad}: element {i} fast {c0[i]:R} scalar {c1[i]:R}");
        }
    }

    [Fact]
    public void Scalar_twin_matches_a_double_precision_reference_for_every_transpose()
    {
        var rng = new Random(1);
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        foreach (bool acc in new[] { false, true })
        {
            const int m = 7, n = 5, k = 9;
            float[] a = Random(rng, m * k), b = Random(rng, k * n), c = Random(rng, m * n);
            float[] c0 = (float[])c.Clone();
            Gemm.SgemmScalar(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c, n, acc);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = acc ? c0[i * n + j] : 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                Assert.Equal(s, c[i * n + j], 4);
            }
        }
    }

    [Fact]
    public void Fast_matches_scalar_bit_for_bit_on_small_shapes_and_all_transposes()
    {
        var rng = new Random(2);
        for (int m = 0; m <= 70; m += 1)
        {
            foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                int n = rng.Next(0, 71), k = rng.Next(0, 71);
                CompareFastToScalar(rng, ta, tb, m, n, k, accumulate: (m & 1) == 0, pad: m % 3);
                CompareFastToScalar(rng, ta, tb, n, m, k, accumulate: (m & 1) == 1, pad: 0);
                CompareFastToScalar(rng, ta, tb, k, n, m, accumulate: false, pad: 1);
            }
        }
    }

    [Fact]
    public void Fast_matches_scalar_across_cache_block_boundaries()
    {
        var rng = new Random(3);
        // k crosses KC (256) so the chain is handed over through C; m crosses MC; n crosses panels.
        CompareFastToScalar(rng, false, false, 100, 37, 600, false);
        CompareFastToScalar(rng, true, false, 97, 33, 513, true);
        CompareFastToScalar(rng, false, true, 193, 18, 257, false, pad: 3);
        CompareFastToScalar(rng, true, true, 13, 70, 300, true);
    }

    [Theory]
    // The Nature DQN's GEMMs at batch 32 (im2col layouts), scaled down in the long dimension to keep the test quick.
    [InlineData(false, true, 400, 32, 256)]   // conv1 forward: cols[400,256] · W1ᵀ
    [InlineData(false, false, 81, 64, 512)]   // conv2 forward
    [InlineData(false, true, 49, 64, 576)]    // conv3 forward
    [InlineData(false, true, 32, 512, 3136)]  // fc1 forward: X[32,3136] · Wᵀ
    [InlineData(true, false, 512, 3136, 32)]  // fc1 weight grad: dYᵀ · X
    [InlineData(false, false, 32, 3136, 512)] // fc1 input grad: dY · W
    [InlineData(false, true, 32, 6, 512)]     // head forward
    [InlineData(true, false, 32, 256, 400)]   // conv1 weight grad: dYᵀ[32,400] · cols[400,256]
    [InlineData(false, true, 1, 512, 3136)]   // fc1 forward when acting (batch 1, unpacked path, threads)
    [InlineData(false, false, 1, 3136, 512)]  // batch-1 product with B read row by row
    [InlineData(false, true, 3, 517, 301)]    // small-m path with column and depth tails
    public void Fast_matches_scalar_on_the_nature_network_shapes(bool ta, bool tb, int m, int n, int k)
    {
        CompareFastToScalar(new Random(m * 31 + n * 7 + k), ta, tb, m, n, k, accumulate: false);
    }

    [Fact]
    public void Thread_count_does_not_change_a_single_bit()
    {
        var rng = new Random(4);
        const int m = 130, n = 200, k = 300; // above the parallel threshold, uneven tiles
        float[] a = Random(rng, m * k), b = Random(rng, n * k);
        var results = new List<float[]>();
        int saved = WorkerPool.ThreadCount;
        try
        {
            foreach (int threads in new[] { 1, 2, 3, 5 })
            {
                WorkerPool.ThreadCount = threads;
                var c = new float[m * n];
                Gemm.Sgemm(false, true, m, n, k, a, k, b, k, c, n, false);
                results.Add(c);
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
        for (int t = 1; t < results.Count; t++)
            Assert.True(results[0].AsSpan().SequenceEqual(results[t]), $"thread setting #{t} changed the result");
    }

    [Fact]
    public void Zero_depth_clears_or_keeps_the_output()
    {
        float[] c = { 1, 2, 3, 4, 5, 6 };
        Gemm.Sgemm(false, false, 2, 3, 0, Array.Empty<float>(), 1, Array.Empty<float>(), 3, c, 3, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);
        Gemm.Sgemm(false, false, 2, 3, 0, Array.Empty<float>(), 1, Array.Empty<float>(), 3, c, 3, accumulate: false);
        Assert.Equal(new float[6], c);
    }

    [Fact]
    public void Too_short_operands_are_rejected_with_the_shape_in_the_message()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, false, 4, 4, 4, new float[15], 4, new float[16], 4, new float[16], 4, false));
        Assert.Contains("A holds 15 elements", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Sgemm(false, false, 4, 4, 4, new float[16], 3, new float[16], 4, new float[16], 4, false));
    }
}

/// <summary>The 6x16 AVX2 micro-kernel on a machine whose default is the 8x32 AVX-512 one (switched for the test, so run alone).</summary>
[Collection(KernelSwitchesCollection.Name)]
public class GemmAvx2KernelTests
{
    [FmaFact]
    public void The_avx2_micro_kernel_matches_scalar_too()
    {
        bool saved = Gemm.Blocked.UseAvx512;
        try
        {
            Gemm.Blocked.UseAvx512 = false;
            var rng = new Random(5);
            for (int m = 0; m <= 40; m += 3)
                foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    GemmTests.CompareFastToScalar(rng, ta, tb, m, rng.Next(0, 50), rng.Next(0, 300), accumulate: (m & 1) == 1, pad: m % 2);
        }
        finally { Gemm.Blocked.UseAvx512 = saved; }
    }
}

/// <summary>
/// The kernels of CPUs without FMA, forced on this machine (switched for the test, so run alone):
/// AVX's 6x16 and the 128-bit 4x8 multiply then add, each matching the scalar twin that does the
/// same; the 128-bit kernel's exact emulation gives the fused machines' bits instead.
/// </summary>
[Collection(KernelSwitchesCollection.Name)]
public class GemmWithoutFmaTests
{
    private static void Sweep(int seed)
    {
        var rng = new Random(seed);
        for (int m = 0; m <= 40; m += 3)
            foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                GemmTests.CompareFastToScalar(rng, ta, tb, m, rng.Next(0, 50), rng.Next(0, 300), accumulate: (m & 1) == 1, pad: m % 2);
    }

    /// <summary>C = A·B for a product whose fused and unfused chains round differently somewhere.</summary>
    private static float[] Product()
    {
        var rng = new Random(9);
        const int m = 12, n = 32, k = 200;
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 2 - 1);
        var c = new float[m * n];
        Gemm.Sgemm(false, false, m, n, k, a, k, b, n, c, n, accumulate: false);
        return c;
    }

    private static void With(Gemm.TileKernel tiles, bool forceUnfused, bool emulate, Action test)
    {
        var (savedTiles, savedUnfused, savedEmulate) = (Gemm.Blocked.ForceTiles, Gemm.Portable.ForceUnfused, Gemm.EmulateFusedMultiplyAdd);
        try
        {
            Gemm.Blocked.ForceTiles = tiles;
            Gemm.Portable.ForceUnfused = forceUnfused;
            Gemm.EmulateFusedMultiplyAdd = emulate;
            test();
        }
        finally
        {
            (Gemm.Blocked.ForceTiles, Gemm.Portable.ForceUnfused, Gemm.EmulateFusedMultiplyAdd) = (savedTiles, savedUnfused, savedEmulate);
        }
    }

    [AvxFact]
    public void The_avx_kernel_multiplies_then_adds_and_matches_its_scalar_twin()
    {
        float[] fused = [];
        if (Gemm.FusedChains) fused = Product();
        With(Gemm.TileKernel.Avx, false, false, () =>
        {
            Assert.False(Gemm.FusedChains);
            Assert.Contains("without FMA", Gemm.InstructionSet);
            Sweep(11);
            // Not the fused machines' bits: two roundings per step show somewhere in 12x32 sums of 200 terms.
            if (fused.Length > 0) Assert.NotEqual(fused, Product());
        });
    }

    [Fact]
    public void The_128_bit_kernel_without_fma_matches_its_scalar_twin_and_on_request_the_fused_bits()
    {
        float[] fusedHere = Gemm.FusedChains ? Product() : [];
        With(Gemm.TileKernel.Portable, true, false, () =>
        {
            Assert.False(Gemm.FusedChains);
            Sweep(12);
            if (fusedHere.Length > 0) Assert.NotEqual(fusedHere, Product());
        });
        With(Gemm.TileKernel.Portable, true, true, () =>
        {
            Assert.True(Gemm.FusedChains);
            Sweep(13);
            if (fusedHere.Length > 0) Assert.Equal(fusedHere, Product());
        });
    }
}
