using DeepQ.Nn.Layers;
using DeepQ.Nn.Losses;
using DeepQ.Nn.Networks;

namespace DeepQ.Nn.Tests;

/// <summary>
/// Finite-difference checks of every layer's backward: with f = Σ r ⊙ layer(x) for a fixed
/// random r, the analytic dL/dx and dL/dθ from Backward(r) must match central differences
/// (f(v + h) − f(v − h)) / 2h computed in double over the float32 outputs. Linear, Conv2d and
/// the dueling head are linear in each input, so the difference quotient is exact up to
/// rounding; ReLU inputs are kept further than h from the kink.
/// </summary>
public class GradientCheckTests
{
    private static float[] RandomArray(Random rng, int n, float scale = 1f) =>
        Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();

    private static Tensor RandomTensor(Random rng, int batch, params int[] shape)
    {
        var t = new Tensor(shape);
        t.Resize(batch);
        RandomArray(rng, t.Length).CopyTo(t.Span);
        return t;
    }

    /// <summary>Runs the check; returns how many elements were compared.</summary>
    private static int Check(Layer layer, Tensor x, double h = 1e-2, double tol = 2e-3, int maxPerTensor = 150)
    {
        var rng = new Random(99);
        var y = layer.Forward(x);
        var r = RandomArray(rng, y.Length);
        var dy = new Tensor(y.SampleShape);
        dy.Resize(y.Batch);
        r.CopyTo(dy.Span);
        foreach (var p in layer.Parameters) p.ZeroGrad();
        var dx = layer.Backward(dy, needInputGrad: true)!.Span.ToArray();
        var grads = layer.Parameters.Select(p => p.Grad.ToArray()).ToList();

        double F()
        {
            var o = layer.Forward(x).Span;
            double s = 0;
            for (int i = 0; i < o.Length; i++) s += (double)r[i] * o[i];
            return s;
        }

        int compared = 0;
        void CheckArray(string what, float[] values, float[] analytic)
        {
            double scale = analytic.Max(v => Math.Abs((double)v));
            int step = Math.Max(1, values.Length / maxPerTensor);
            for (int i = 0; i < values.Length; i += step)
            {
                float keep = values[i];
                values[i] = keep + (float)h; double fp = F();
                values[i] = keep - (float)h; double fm = F();
                values[i] = keep;
                double hp = (double)(keep + (float)h) - keep, hm = keep - (double)(keep - (float)h);
                double numeric = (fp - fm) / (hp + hm);
                Assert.True(Math.Abs(numeric - analytic[i]) <= tol * (Math.Abs(analytic[i]) + 0.01 * scale),
                    $"{what}[{i}]: analytic {analytic[i]} vs finite difference {numeric}");
                compared++;
            }
        }

        CheckArray("dx", x.Data, dx);
        for (int k = 0; k < layer.Parameters.Count; k++) CheckArray(layer.Parameters[k].Name, layer.Parameters[k].Value, grads[k]);
        return compared;
    }

    private static void InitLayer(Layer layer, ulong seed)
    {
        foreach (var p in layer.Parameters) Init.Default(p, seed);
    }

    [Fact]
    public void Linear()
    {
        var l = new Linear(7, 5);
        InitLayer(l, 1);
        Assert.True(Check(l, RandomTensor(new Random(1), 3, 7)) > 40);
    }

    [Theory]
    [InlineData(3, 4, 3, 3, 1, 0, 7, 6)]
    [InlineData(2, 3, 4, 4, 2, 0, 10, 10)]
    [InlineData(2, 3, 3, 2, 2, 1, 7, 8)]   // non-square kernel, stride and zero padding
    [InlineData(1, 2, 8, 8, 4, 0, 20, 20)] // the Nature first-layer geometry, small
    public void Conv2d(int cin, int cout, int kh, int kw, int stride, int pad, int height, int width)
    {
        var c = new Conv2d(cin, cout, kh, kw, stride, pad);
        InitLayer(c, 2);
        Assert.True(Check(c, RandomTensor(new Random(2), 2, cin, height, width)) > 50);
    }

    [Fact]
    public void ReLU_away_from_the_kink()
    {
        var rng = new Random(3);
        var x = new Tensor(4, 5);
        x.Resize(2);
        for (int i = 0; i < x.Length; i++)
        {
            double v = 0.1 + rng.NextDouble();
            x.Span[i] = (float)(rng.Next(2) == 0 ? v : -v);
        }
        var relu = new ReLU();
        Check(relu, x);
        var dy = new Tensor(4, 5);
        dy.Resize(2);
        dy.Span.Fill(1f);
        relu.Forward(x);
        var dx = relu.Backward(dy, true)!.Span;
        for (int i = 0; i < x.Length; i++) Assert.Equal(x.Span[i] > 0 ? 1f : 0f, dx[i]);
    }

    [Fact]
    public void Flatten_passes_values_and_gradients_through()
    {
        var f = new Flatten();
        var x = RandomTensor(new Random(4), 2, 3, 2, 2);
        var y = f.Forward(x);
        Assert.Equal([12], y.SampleShape);
        Assert.Equal(x.Span.ToArray(), y.Span.ToArray());
        Check(f, x);
    }

    [Fact]
    public void Dueling_head()
    {
        var d = new DuelingHead(new Sequential(new Linear(6, 1)), new Sequential(new Linear(6, 4)), 4);
        InitLayer(d, 5);
        Check(d, RandomTensor(new Random(5), 3, 6));
        // Q − mean_a Q equals A − mean_a A, so the per-row mean of Q equals V.
        var x = RandomTensor(new Random(6), 2, 6);
        var q = d.Forward(x).Span.ToArray();
        var v = d.Value.Forward(x).Span.ToArray();
        for (int b = 0; b < 2; b++) Assert.Equal(v[b], q.Skip(4 * b).Take(4).Average(), 5);
    }

    [Fact]
    public void Sequential_conv_relu_linear()
    {
        var seq = new Sequential(new Conv2d(2, 3, 3, 3, 2, 1), new ReLU(), new Flatten(), new Linear(3 * 3 * 3, 4));
        InitLayer(seq, 7);
        // Small h: ReLU kinks are rare at this scale; tolerance loosened accordingly.
        Check(seq, RandomTensor(new Random(7), 2, 2, 5, 5), h: 1e-3, tol: 2e-2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Losses_match_finite_differences(bool huber)
    {
        var rng = new Random(8);
        // Differences spread over both Huber regimes but away from |d| = 1.
        var pred = RandomArray(rng, 12, 3f);
        var target = new float[12];
        for (int i = 0; i < 12; i++)
        {
            float d = pred[i] - target[i];
            if (Math.Abs(Math.Abs(d) - 1) < 0.05) pred[i] += 0.2f;
        }
        var g = new float[12];
        var scratch = new float[12];
        float L(float[] p) => huber ? Loss.Huber(p, target, scratch) : Loss.Mse(p, target, scratch);
        L(pred);
        (huber ? (Func<float>)(() => Loss.Huber(pred, target, g)) : () => Loss.Mse(pred, target, g))();
        for (int i = 0; i < 12; i++)
        {
            float keep = pred[i];
            pred[i] = keep + 1e-2f; double fp = L(pred);
            pred[i] = keep - 1e-2f; double fm = L(pred);
            pred[i] = keep;
            Assert.Equal(g[i], (fp - fm) / 2e-2, 3);
        }
    }

    [Fact]
    public void Byte_input_conv_equals_float_input_conv_on_x_over_255()
    {
        var a = new Conv2d(2, 3, 4, 4, 2, 0);
        var b = new Conv2d(2, 3, 4, 4, 2, 0);
        InitLayer(a, 9);
        InitLayer(b, 9);
        var rng = new Random(10);
        var bytes = new byte[2 * 2 * 12 * 12];
        rng.NextBytes(bytes);
        var table = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();
        var ya = a.ForwardBytes(bytes, 2, 12, 12, table).Span.ToArray();
        var x = Tensor.FromArray(bytes.Select(v => v / 255f).ToArray(), 2, 2, 12, 12);
        var yb = b.Forward(x).Span.ToArray();
        Assert.Equal(yb, ya);
        // Parameter gradients agree too (the byte path keeps its im2col columns for backward).
        var dy = Tensor.FromArray(RandomArray(rng, ya.Length), 2, a.OutputShape([2, 12, 12]));
        a.Backward(dy, false);
        b.Backward(dy, false);
        Assert.Equal(b.Weight.Grad, a.Weight.Grad);
        Assert.Equal(b.Bias.Grad, a.Bias.Grad);
    }

    [Fact]
    public void Mlp_network_gradient_matches_finite_differences_through_gather_and_huber()
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(5, 3, [6, 4], dueling: true), 11);
        var rng = new Random(12);
        var x = RandomArray(rng, 4 * 5);
        int[] actions = [0, 2, 1, 1];
        float[] targets = [0.3f, -2f, 1.5f, 0f];
        var qa = new float[4];
        var dqa = new float[4];
        var dq = new float[12];
        double LossOf()
        {
            DqnMath.Gather(net.Forward(x, 4).Span, 3, actions, qa);
            return Loss.Huber(qa, targets, dqa);
        }
        net.ZeroGrad();
        LossOf();
        DqnMath.GatherBackward(dqa, 3, actions, dq);
        net.Backward(dq);
        foreach (var p in net.Parameters)
        {
            double scale = p.Grad.Max(v => Math.Abs((double)v));
            for (int i = 0; i < p.Length; i += 3)
            {
                float keep = p.Value[i];
                p.Value[i] = keep + 1e-3f; double fp = LossOf();
                p.Value[i] = keep - 1e-3f; double fm = LossOf();
                p.Value[i] = keep;
                double numeric = (fp - fm) / 2e-3;
                Assert.True(Math.Abs(numeric - p.Grad[i]) <= 2e-2 * (Math.Abs(p.Grad[i]) + 0.05 * scale) + 1e-6,
                    $"{p.Name}[{i}]: analytic {p.Grad[i]} vs finite difference {numeric}");
            }
        }
    }
}
