using DeepQ.Nn.Layers;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Nn.Tests;

/// <summary>ZeroGrad marks gradients zero and Linear's backward then writes instead of adding: observably the same as clearing, bit for bit.</summary>
public class LazyZeroGradTests
{
    private static float[] R(Random rng, int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1); return a; }

    [Theory]
    [InlineData(32, 300, 40)] // training batch: the GEMM fast path
    [InlineData(1, 30, 7)]    // acting-size batch: the small path
    public void Linear_backward_after_zero_grad_matches_clear_then_add(int batch, int inF, int outF)
    {
        var rng = new Random(batch + inF);
        var lazy = new Linear(inF, outF);
        var eager = new Linear(inF, outF);
        R(rng, lazy.Weight.Length).CopyTo(lazy.Weight.Value, 0);
        lazy.Weight.Value.CopyTo(eager.Weight.Value, 0);
        var x = Tensor.FromArray(R(rng, batch * inF), batch, inF);
        var dy = Tensor.FromArray(R(rng, batch * outF), batch, outF);
        var dy2 = Tensor.FromArray(R(rng, batch * outF), batch, outF);
        // Stale gradients in both; one is cleared eagerly, the other lazily.
        R(rng, lazy.Weight.Length).CopyTo(lazy.Weight.Grad, 0);
        lazy.Weight.Grad.CopyTo(eager.Weight.Grad, 0);
        lazy.Weight.ZeroGrad();
        Array.Clear(eager.Weight.Grad);
        for (int pass = 0; pass < 2; pass++) // the second pass accumulates onto the first
        {
            var t = pass == 0 ? dy : dy2;
            lazy.Forward(x); lazy.Backward(t, true);
            eager.Forward(x); eager.Backward(t, true);
            Assert.Equal(eager.Weight.Grad.Select(BitConverter.SingleToInt32Bits), lazy.Weight.Grad.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(eager.Bias.Grad.Select(BitConverter.SingleToInt32Bits), lazy.Bias.Grad.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("nature")]
    public void Grad_reads_zero_after_zero_grad_and_a_step_sees_zero(string kind)
    {
        // Lazy ZeroGrad then a step (no backward in between) against an explicit clear: same weights.
        Parameter Make() { var p = new Parameter("w", [100_000], 4); Array.Fill(p.Grad, 3f); return p; }
        Optimizer Opt(Parameter p) => kind == "adam" ? new Adam([p]) { LearningRate = 1e-3 } : new NatureRmsProp([p]);
        var lazy = Make();
        var eager = Make();
        var optLazy = Opt(lazy);
        var optEager = Opt(eager);
        optLazy.Step(); // the fast kernels capture the Grad arrays on their first step
        optEager.Step();
        lazy.ZeroGrad();
        Array.Clear(eager.Grad);
        optLazy.Step();
        optEager.Step();
        Assert.Equal(eager.Value.Select(BitConverter.SingleToInt32Bits), lazy.Value.Select(BitConverter.SingleToInt32Bits));
        Assert.All(lazy.Grad, v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v)));
        Array.Fill(lazy.Grad, 2f);
        lazy.ZeroGrad();
        Assert.All(lazy.Grad, v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v)));
    }
}
