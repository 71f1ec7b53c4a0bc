using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

/// <summary>The in-place-weight dense forward against their scalar twins (and the GEMM form the layer used), bit for bit.</summary>
public class DenseTests
{
    private static float[] Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static void SameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 32, 3136, 512 }, // Nature fc1
        { 32, 512, 6 },    // Nature fc2
        { 32, 2592, 256 }, // 2013 fc1
        { 16, 64, 9 },     // a batch of 16: the half-width tiles
        { 5, 7, 9 },       // smallest batch on the indexed path, ragged tiles
        { 33, 40, 17 },    // two sample panels, the second with one sample
        { 64, 300, 64 },
        { 1, 10, 10 },     // acting: the small-product path
        { 7, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_its_scalar_twin(int batch, int inFeatures, int outFeatures)
    {
        float[] x = Data(batch * inFeatures, 1), w = Data(inFeatures * outFeatures, 2), b = Data(outFeatures, 3);
        float[] y0 = Data(batch * outFeatures, 5), y1 = Data(y0.Length, 6);
        Dense.ForwardScalar(batch, inFeatures, outFeatures, x, w, b, y0);
        Dense.Forward(batch, inFeatures, outFeatures, x, w, b, y1);
        SameBits(y0, y1, "forward");
    }

    [Fact]
    public void Results_are_the_same_for_any_thread_count()
    {
        const int batch = 32, inFeatures = 3136, outFeatures = 512;
        float[] x = Data(batch * inFeatures, 11), w = Data(inFeatures * outFeatures, 12), b = Data(outFeatures, 13);
        float[] yRef = new float[batch * outFeatures];
        Dense.ForwardScalar(batch, inFeatures, outFeatures, x, w, b, yRef);
        int saved = WorkerPool.ThreadCount;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                WorkerPool.ThreadCount = threads;
                float[] y = new float[yRef.Length];
                Dense.Forward(batch, inFeatures, outFeatures, x, w, b, y);
                SameBits(yRef, y, $"forward, {threads} threads");
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
    }
}
