using System.Runtime.Intrinsics;
using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

/// <summary>
/// The fused multiply-add that the portable 4x8 kernel computes from doubles when the CPU has
/// no FMA unit must equal MathF.FusedMultiplyAdd bit for bit, including the cases its fast
/// path hands over (halfway sums, subnormal, overflowing and non-finite results).
/// </summary>
public class PortableFmaTests
{
    private static void Same(float a, float b, float c)
    {
        var got = Gemm.Portable.FusedNoFma(a, Vector128.Create(b), Vector128.Create(c));
        float want = MathF.FusedMultiplyAdd(a, b, c);
        for (int i = 0; i < 4; i++)
            if (BitConverter.SingleToInt32Bits(got.GetElement(i)) != BitConverter.SingleToInt32Bits(want))
                Assert.Fail($"fma({a:R}, {b:R}, {c:R}): expected {want:R}, got {got.GetElement(i):R}");
    }

    [Fact]
    public void Matches_the_fused_operation_on_random_and_cancelling_operands()
    {
        var rng = new Random(11);
        for (int t = 0; t < 200_000; t++)
        {
            float a = (float)(rng.NextDouble() * 4 - 2), b = (float)(rng.NextDouble() * 4 - 2), c = (float)(rng.NextDouble() * 4 - 2);
            Same(a, b, c);
            Same(a, b, -a * b);                                     // near-total cancellation
            Same(a, b, -a * b * (1 + (float)rng.NextDouble() * 1e-6f));
            Same(a * 1e-20f, b * 1e-20f, c * 1e-36f);               // tiny products and addends
        }
    }

    [Fact]
    public void Matches_the_fused_operation_where_the_double_sum_sits_halfway_between_floats()
    {
        // a·b = 1 + 2^-24 exactly (halfway between 1 and its float successor), c tips it by less
        // than a double's last place: a double sum rounds back onto the halfway point.
        float a = 1 + MathF.Pow(2, -12), b = 1 + MathF.Pow(2, -12); // a·b = 1 + 2^-11 + 2^-24
        Same(a, b, -MathF.Pow(2, -11));
        Same(a, b, -MathF.Pow(2, -11) + MathF.Pow(2, -60));
        Same(a, b, -MathF.Pow(2, -11) - MathF.Pow(2, -60));
        Same(1 + MathF.Pow(2, -23), 1 + MathF.Pow(2, -23), -MathF.Pow(2, -22));
        var rng = new Random(12);
        for (int t = 0; t < 100_000; t++)
        {
            // Products with many low bits, addends that cancel to the halfway pattern or near it.
            float x = 1 + rng.Next(1 << 12) * MathF.Pow(2, -12), y = 1 + rng.Next(1 << 12) * MathF.Pow(2, -12);
            double p = (double)x * y;
            float hi = (float)p;
            Same(x, y, -hi + (float)(rng.NextDouble() - 0.5) * MathF.Pow(2, -40));
            Same(x, y, (float)(-(p - Math.Floor(p * (1 << 23)) / (1 << 23))));
        }
    }

    [Fact]
    public void Matches_the_fused_operation_at_the_edges_of_the_float_range()
    {
        float[] specials =
        [
            0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, 1.17549435e-38f, -1.17549435e-38f, 1e-40f, 3e-39f,
            float.MaxValue, -float.MaxValue, 1e38f, 2e19f, 1e-20f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0.5f, 3f,
        ];
        foreach (float a in specials)
            foreach (float b in specials)
                foreach (float c in specials)
                    Same(a, b, c);
    }
}
