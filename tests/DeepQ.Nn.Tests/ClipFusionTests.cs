using DeepQ.Nn.Optimizers;

namespace DeepQ.Nn.Tests;

/// <summary>A global-norm clip folded into the optimizer step (Step(scale)) gives the same weights, bit for bit, as clipping Grad in place and stepping.</summary>
public class ClipFusionTests
{
    private static Parameter[] Params(int seed)
    {
        var rng = new Random(seed);
        // A long tensor (several sum-of-squares chunks), a short one and a bias-sized one.
        int[] lengths = [200_000, 3_000, 17];
        return lengths.Select((n, i) =>
        {
            var p = new Parameter($"p{i}", [n], 16);
            for (int j = 0; j < n; j++) { p.Value[j] = (float)(rng.NextDouble() - 0.5); p.Grad[j] = (float)(rng.NextDouble() * 4 - 2); }
            return p;
        }).ToArray();
    }

    [Theory]
    [InlineData("adam", 10.0)]
    [InlineData("adam", 1e6)]
    [InlineData("adamw", 10.0)]
    [InlineData("sgd", 10.0)]
    public void Step_with_the_clip_coefficient_equals_clip_then_step(string kind, double maxNorm)
    {
        Optimizer Make(Parameter[] ps) => kind switch
        {
            "adam" => new Adam(ps) { LearningRate = 1e-3 },
            "adamw" => new AdamW(ps) { LearningRate = 1e-3 },
            _ => new Sgd(ps, 1e-2),
        };
        var a = Params(3);
        var b = Params(3);
        var optA = Make(a);
        var optB = Make(b);
        for (int step = 0; step < 3; step++)
        {
            // Fresh gradients each step (after a fused step Grad is left unscaled, after a clip it is scaled).
            var grads = Params(10 + step);
            for (int i = 0; i < a.Length; i++) { grads[i].Grad.CopyTo(a[i].Grad, 0); grads[i].Grad.CopyTo(b[i].Grad, 0); }
            float normA = GradClip.ClipByGlobalNorm(a, maxNorm);
            optA.Step();
            float normB = GradClip.GlobalNorm(b);
            optB.Step(GradClip.ClipCoefficient(normB, maxNorm));
            Assert.Equal(BitConverter.SingleToInt32Bits(normA), BitConverter.SingleToInt32Bits(normB));
            for (int i = 0; i < a.Length; i++)
                for (int j = 0; j < a[i].Length; j++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(a[i].Value[j]), BitConverter.SingleToInt32Bits(b[i].Value[j]));
        }
        Assert.Equal(1f, GradClip.ClipCoefficient(1f, 1e6));
        Assert.True(GradClip.ClipCoefficient(100f, 10) < 1f);
    }
}
