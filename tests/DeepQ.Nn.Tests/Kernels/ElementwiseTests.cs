using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

public class ElementwiseTests
{
    private static float[] Data(int length, int seed, bool specials = false)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        if (specials && length > 3)
        {
            x[rng.Next(length)] = 0f;
            x[rng.Next(length)] = -0f;
            x[rng.Next(length)] = float.NaN;
        }
        return x;
    }

    private static void AssertSameBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} of {expected.Length}: scalar {expected[i]:R}, SIMD {actual[i]:R}");
    }

    [Fact]
    public void Relu_forward_and_backward_match_their_scalar_twins_at_every_length()
    {
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Data(n, n, specials: true), dy = Data(n, n + 1000);
            float[] y0 = new float[n], y1 = new float[n], d0 = new float[n], d1 = new float[n];
            Elementwise.ReluForwardScalar(x, y0);
            Elementwise.ReluForward(x, y1);
            AssertSameBits(y0, y1, $"relu forward n={n}");
            Elementwise.ReluBackwardScalar(y0, dy, d0);
            Elementwise.ReluBackward(y0, dy, d1);
            AssertSameBits(d0, d1, $"relu backward n={n}");
        }
    }

    [Fact]
    public void Relu_scalar_follows_pytorch_semantics()
    {
        float[] x = [-1f, 0f, -0f, 2.5f, float.NaN], y = new float[5], dx = new float[5];
        Elementwise.ReluForwardScalar(x, y);
        Assert.Equal([0f, 0f, 0f, 2.5f, 0f], y);
        Assert.Equal(0, BitConverter.SingleToInt32Bits(y[2])); // −0 becomes +0
        Elementwise.ReluBackwardScalar(y, [1f, 2f, 3f, 4f, 5f], dx);
        Assert.Equal([0f, 0f, 0f, 4f, 0f], dx);
    }

    [Fact]
    public void Bias_add_bias_grad_add_scale_and_polyak_match_their_scalar_twins_at_every_length()
    {
        for (int n = 0; n <= 256; n++)
        {
            int rows = 1 + n % 5;
            float[] bias = Data(n, n), y = Data(rows * n, n + 1);
            float[] y0 = (float[])y.Clone(), y1 = (float[])y.Clone();
            Elementwise.AddBiasRowsScalar(y0, bias);
            Elementwise.AddBiasRows(y1, bias);
            AssertSameBits(y0, y1, $"add bias n={n}");

            float[] db0 = Data(n, n + 2), db1 = (float[])db0.Clone();
            Elementwise.BiasGradRowsScalar(y, db0);
            Elementwise.BiasGradRows(y, db1);
            AssertSameBits(db0, db1, $"bias grad n={n}");

            float[] a0 = Data(n, n + 3), a1 = (float[])a0.Clone();
            Elementwise.AddScalar(a0, bias);
            Elementwise.Add(a1, bias);
            AssertSameBits(a0, a1, $"add n={n}");

            Elementwise.ScaleScalar(a0, 0.37f);
            Elementwise.Scale(a1, 0.37f);
            AssertSameBits(a0, a1, $"scale n={n}");

            float[] t0 = Data(n, n + 4), t1 = (float[])t0.Clone();
            Elementwise.PolyakScalar(t0, a0, 0.01f, 0.99f);
            Elementwise.Polyak(t1, a0, 0.01f, 0.99f);
            AssertSameBits(t0, t1, $"polyak n={n}");
        }
    }

    [Fact]
    public void Polyak_moves_the_target_tau_of_the_way_to_the_source()
    {
        float[] target = [10f, -4f, 0f], source = [20f, 4f, 1f];
        Elementwise.PolyakScalar(target, source, 0.25f, 0.75f);
        Assert.Equal([12.5f, -2f, 0.25f], target);
    }

    [Fact]
    public void Bias_grad_sums_rows_into_the_existing_gradient()
    {
        float[] dy = [1, 2, 3, 10, 20, 30], db = [100, 200, 300];
        Elementwise.BiasGradRowsScalar(dy, db);
        Assert.Equal([111f, 222f, 333f], db);
    }

    [Fact]
    public void Reductions_match_their_scalar_twins_at_every_length()
    {
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Data(n, 7 * n);
            float s0 = Elementwise.SumScalar(x), s1 = Elementwise.Sum(x);
            Assert.True(BitConverter.SingleToInt32Bits(s0) == BitConverter.SingleToInt32Bits(s1), $"sum n={n}: {s0:R} vs {s1:R}");
            double q0 = Elementwise.SumOfSquaresScalar(x), q1 = Elementwise.SumOfSquares(x);
            Assert.True(BitConverter.DoubleToInt64Bits(q0) == BitConverter.DoubleToInt64Bits(q1), $"sum of squares n={n}: {q0:R} vs {q1:R}");

            double exact = 0, exactSq = 0;
            foreach (var v in x) { exact += v; exactSq += (double)v * v; }
            Assert.True(Math.Abs(s0 - exact) <= 1e-4 * (1 + Math.Abs(exact)), $"sum n={n} is {s0}, exact {exact}");
            Assert.True(Math.Abs(q0 - exactSq) <= 1e-12 * (1 + exactSq), $"sum of squares n={n} is {q0}, exact {exactSq}");
        }
    }

    [Fact]
    public void Optimizer_steps_match_their_scalar_twins_at_every_length()
    {
        for (int n = 0; n <= 256; n++)
        {
            float[] g = Data(n, n), p0 = Data(n, n + 1), m0 = Data(n, n + 2), v0 = Data(n, n + 3);
            for (int i = 0; i < n; i++) v0[i] = Math.Abs(v0[i]);
            float[] p1 = (float[])p0.Clone(), m1 = (float[])m0.Clone(), v1 = (float[])v0.Clone();
            Elementwise.AdamStepScalar(p0, g, m0, v0, 0.9f, 0.999f, 0.1f, 0.001f, 1e-3f, 0.0447f, 1e-8f);
            Elementwise.AdamStep(p1, g, m1, v1, 0.9f, 0.999f, 0.1f, 0.001f, 1e-3f, 0.0447f, 1e-8f);
            AssertSameBits(p0, p1, $"adam p n={n}");
            AssertSameBits(m0, m1, $"adam m n={n}");
            AssertSameBits(v0, v1, $"adam v n={n}");

            float[] s0 = (float[])v0.Clone(), s1 = (float[])v0.Clone();
            Elementwise.RmsPropStepScalar(p0, g, s0, 0.99f, 0.01f, 1e-2f, 1e-8f);
            Elementwise.RmsPropStep(p1, g, s1, 0.99f, 0.01f, 1e-2f, 1e-8f);
            AssertSameBits(p0, p1, $"rmsprop p n={n}");
            AssertSameBits(s0, s1, $"rmsprop square n={n}");
        }
    }

    [Fact]
    public void Adam_step_with_a_grad_scale_is_scaling_first_then_stepping()
    {
        // The clip's coefficient folded into Adam's pass: same bits as Scale(g) then AdamStep(g), SIMD and scalar, at every length.
        for (int n = 0; n <= 256; n++)
        {
            float[] g = Data(n, 3 * n), p0 = Data(n, 3 * n + 1), m0 = Data(n, 3 * n + 2), v0 = Data(n, 3 * n + 3);
            for (int i = 0; i < n; i++) v0[i] = Math.Abs(v0[i]);
            float[] p1 = (float[])p0.Clone(), m1 = (float[])m0.Clone(), v1 = (float[])v0.Clone();
            float[] p2 = (float[])p0.Clone(), m2 = (float[])m0.Clone(), v2 = (float[])v0.Clone();
            float[] scaled = (float[])g.Clone();
            Elementwise.ScaleScalar(scaled, 0.173f);
            Elementwise.AdamStepScalar(p0, scaled, m0, v0, 0.9f, 0.999f, 0.1f, 0.001f, 1e-3f, 0.0447f, 1e-8f);
            Elementwise.AdamStepScalar(p1, g, m1, v1, 0.9f, 0.999f, 0.1f, 0.001f, 1e-3f, 0.0447f, 1e-8f, gradScale: 0.173f);
            Elementwise.AdamStep(p2, g, m2, v2, 0.9f, 0.999f, 0.1f, 0.001f, 1e-3f, 0.0447f, 1e-8f, gradScale: 0.173f);
            AssertSameBits(p0, p1, $"scaled adam scalar p n={n}");
            AssertSameBits(m0, m1, $"scaled adam scalar m n={n}");
            AssertSameBits(v0, v1, $"scaled adam scalar v n={n}");
            AssertSameBits(p0, p2, $"scaled adam p n={n}");
            AssertSameBits(m0, m2, $"scaled adam m n={n}");
            AssertSameBits(v0, v2, $"scaled adam v n={n}");
        }
    }

    [Fact]
    public void Adam_scalar_step_is_the_pytorch_rule()
    {
        // First step from zero state: m = 0.1 g, v = 0.001 g², bias corrections 0.1 and 0.001,
        // so the update is −lr · g / (|g| + ε') ≈ −lr · sign(g).
        float[] p = [1f], g = [0.5f], m = [0f], v = [0f];
        Elementwise.AdamStepScalar(p, g, m, v, 0.9f, 0.999f, 0.1f, 0.001f, stepSize: 1e-3f / 0.1f, bc2Sqrt: MathF.Sqrt(0.001f), eps: 1e-8f);
        Assert.Equal(0.05f, m[0], 6);
        Assert.Equal(0.00025f, v[0], 8);
        Assert.Equal(1f - 1e-3f, p[0], 5);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Elementwise.ReluForward(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Elementwise.AddBiasRows(new float[7], new float[2]));
        Assert.Throws<ArgumentException>(() => Elementwise.AdamStep(new float[3], new float[3], new float[2], new float[3], 0, 0, 0, 0, 0, 1, 0));
    }
}
