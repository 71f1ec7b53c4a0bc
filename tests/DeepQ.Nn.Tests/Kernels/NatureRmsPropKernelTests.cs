using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

public class NatureRmsPropKernelTests
{
    private static float[] Data(int n, int seed)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(r.NextDouble() * 2 - 1);
        return a;
    }

    private static void AssertSameBits(float[] a, float[] b, string what)
    {
        for (int i = 0; i < a.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]), $"{what}[{i}]: {a[i]:R} vs {b[i]:R}");
    }

    [Fact]
    public void Simd_step_matches_the_scalar_twin_at_every_length()
    {
        for (int n = 0; n <= 256; n++)
        {
            float[] g = Data(n, n), p0 = Data(n, n + 1), ga0 = Data(n, n + 2), sa0 = Data(n, n + 3);
            for (int i = 0; i < n; i++) sa0[i] = Math.Abs(sa0[i]) + ga0[i] * ga0[i]; // s >= ḡ², as the rule keeps it
            float[] p1 = (float[])p0.Clone(), ga1 = (float[])ga0.Clone(), sa1 = (float[])sa0.Clone();
            NatureRmsPropKernel.StepScalar(p0, g, ga0, sa0, 0.95f, 0.05f, 0.95f, 0.05f, 2.5e-4f, 0.01f);
            NatureRmsPropKernel.Step(p1, g, ga1, sa1, 0.95f, 0.05f, 0.95f, 0.05f, 2.5e-4f, 0.01f);
            AssertSameBits(p0, p1, $"p n={n}");
            AssertSameBits(ga0, ga1, $"grad_avg n={n}");
            AssertSameBits(sa0, sa1, $"square_avg n={n}");
        }
    }

    [Fact]
    public void Scalar_step_is_the_nature_rule()
    {
        // From zero state: ḡ = 0.05 g, s = 0.05 g², θ -= lr g / sqrt(0.05 g² - 0.0025 g² + 0.01).
        float[] p = [1f, -2f], g = [0.5f, -4f], ga = new float[2], sa = new float[2];
        NatureRmsPropKernel.StepScalar(p, g, ga, sa, 0.95f, 0.05f, 0.95f, 0.05f, 2.5e-4f, 0.01f);
        for (int i = 0; i < 2; i++)
        {
            double gi = new[] { 0.5, -4.0 }[i], p0 = new[] { 1.0, -2.0 }[i];
            double expected = p0 - 2.5e-4 * gi / Math.Sqrt(0.05 * gi * gi - 0.0025 * gi * gi + 0.01);
            Assert.Equal(expected, p[i], 6);
            Assert.Equal(0.05 * gi, ga[i], 6);
        }
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => NatureRmsPropKernel.Step(new float[3], new float[3], new float[2], new float[3], 0, 0, 0, 0, 0, 0));
        Assert.Contains("lengths differ", e.Message);
    }
}
