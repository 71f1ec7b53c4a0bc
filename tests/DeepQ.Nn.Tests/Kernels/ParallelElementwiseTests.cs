using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

/// <summary>The thread-split elementwise passes against the scalar twins, around the split threshold and for any thread count.</summary>
public class ParallelElementwiseTests
{
    [Fact]
    public void Split_passes_match_the_scalar_twins_for_any_thread_count()
    {
        var rng = new Random(90);
        int saved = WorkerPool.ThreadCount;
        float[] table = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                WorkerPool.ThreadCount = threads;
                foreach (int n in new[] { 0, 7, ParallelElementwise.MinLength - 1, ParallelElementwise.MinLength, ParallelElementwise.MinLength + 13, 410 * 1024 + 5 })
                {
                    float[] x = new float[n], dy = new float[n];
                    for (int i = 0; i < n; i++) { x[i] = (float)(rng.NextDouble() * 2 - 1); dy[i] = (float)(rng.NextDouble() * 2 - 1); }
                    if (n > 3) { x[0] = -0f; x[1] = float.NaN; x[2] = 0f; }
                    float[] y0 = new float[n], y1 = new float[n], d0 = new float[n], d1 = new float[n];
                    Elementwise.ReluForwardScalar(x, y0);
                    ParallelElementwise.ReluForward(x, y1);
                    Elementwise.ReluBackwardScalar(y0, dy, d0);
                    ParallelElementwise.ReluBackward(y0, dy, d1);
                    var bytes = new byte[n];
                    rng.NextBytes(bytes);
                    float[] f0 = new float[n], f1 = new float[n];
                    Conv.BytesToFloatsScalar(bytes, table, f0);
                    ParallelElementwise.BytesToFloats(bytes, table, f1);
                    float[] s0 = (float[])dy.Clone(), s1 = (float[])dy.Clone(), z = (float[])dy.Clone();
                    Elementwise.ScaleScalar(s0, 0.37f);
                    ParallelElementwise.Scale(s1, 0.37f);
                    ParallelElementwise.Clear(z);
                    float[] p0 = (float[])x.Clone(), p1 = (float[])x.Clone();
                    Elementwise.PolyakScalar(p0, dy, 0.01f, 0.99f);
                    ParallelElementwise.Polyak(p1, dy, 0.01f, 0.99f);
                    Assert.All(z, v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v)));
                    for (int i = 0; i < n; i++)
                    {
                        Assert.Equal(BitConverter.SingleToInt32Bits(s0[i]), BitConverter.SingleToInt32Bits(s1[i]));
                        Assert.Equal(BitConverter.SingleToInt32Bits(p0[i]), BitConverter.SingleToInt32Bits(p1[i]));
                        Assert.Equal(BitConverter.SingleToInt32Bits(y0[i]), BitConverter.SingleToInt32Bits(y1[i]));
                        Assert.Equal(BitConverter.SingleToInt32Bits(d0[i]), BitConverter.SingleToInt32Bits(d1[i]));
                        Assert.Equal(BitConverter.SingleToInt32Bits(f0[i]), BitConverter.SingleToInt32Bits(f1[i]));
                    }
                }
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    [Fact]
    public void Chunked_sum_of_squares_matches_its_scalar_twin_for_any_thread_count()
    {
        var rng = new Random(91);
        int saved = WorkerPool.ThreadCount;
        int c = ParallelElementwise.SumChunk;
        try
        {
            foreach (int n in new[] { 0, 5, c - 1, c, c + 1, 3 * c + 17, 512 * 3136 })
            {
                float[] x = new float[n];
                for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
                double expected = ParallelElementwise.SumOfSquaresScalar(x);
                // One chunk is the serial kernel itself; longer: chunk sums in chunk order.
                if (n <= c) Assert.Equal(BitConverter.DoubleToInt64Bits(Elementwise.SumOfSquares(x)), BitConverter.DoubleToInt64Bits(expected));
                double byHand = 0;
                for (int s = 0; s < n; s += c) byHand += Elementwise.SumOfSquaresScalar(x.AsSpan(s, Math.Min(c, n - s)));
                if (n > c) Assert.Equal(BitConverter.DoubleToInt64Bits(byHand), BitConverter.DoubleToInt64Bits(expected));
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    WorkerPool.ThreadCount = threads;
                    double got = ParallelElementwise.SumOfSquares(x);
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(got), $"n={n} threads={threads}: {expected:R} vs {got:R}");
                }
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
    }
}
