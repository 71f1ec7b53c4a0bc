using DeepQ.Nn.Layers;

namespace DeepQ.Nn.Tests;

/// <summary>Conv2d + ReLU with the ReLU fused into the convolution's output gives the same bits, forward and backward, as the two layers apart.</summary>
public class ReluFusionTests
{
    [Theory]
    [InlineData(0)] // direct passes (tiles rectified before the store)
    [InlineData(1)] // im2col passes (rectified in place)
    public void Fused_conv_relu_matches_separate_layers_bit_for_bit(int padding)
    {
        const int batch = 3;
        var rng = new Random(31 + padding);
        float[] R(int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1); return a; }
        var fused = new Conv2d(4, 32, 4, 4, 2, padding) { FuseRelu = true };
        var plain = new Conv2d(4, 32, 4, 4, 2, padding);
        R(fused.Weight.Length).CopyTo(fused.Weight.Value, 0);
        R(fused.Bias.Length).CopyTo(fused.Bias.Value, 0);
        fused.Weight.Value.CopyTo(plain.Weight.Value, 0);
        fused.Bias.Value.CopyTo(plain.Bias.Value, 0);
        var reluF = new ReLU();
        var reluP = new ReLU();
        var x = Tensor.FromArray(R(batch * 4 * 18 * 18), batch, 4, 18, 18);
        var convOut = fused.Forward(x);
        var yF = reluF.Forward(convOut);
        var preActivation = plain.Forward(x);
        Assert.Contains(preActivation.Span.ToArray(), v => v < 0); // the ReLU does cut something
        var yP = reluP.Forward(preActivation);
        Assert.Same(convOut, yF); // passed on, not copied
        Assert.Equal(yP.Span.ToArray().Select(BitConverter.SingleToInt32Bits), yF.Span.ToArray().Select(BitConverter.SingleToInt32Bits));

        var dy = Tensor.FromArray(R(yF.Length), batch, yF.SampleShape);
        var dxF = fused.Backward(reluF.Backward(dy, true)!, true)!;
        var dxP = plain.Backward(reluP.Backward(dy, true)!, true)!;
        Assert.Equal(dxP.Span.ToArray().Select(BitConverter.SingleToInt32Bits), dxF.Span.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(plain.Weight.Grad.Select(BitConverter.SingleToInt32Bits), fused.Weight.Grad.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(plain.Bias.Grad.Select(BitConverter.SingleToInt32Bits), fused.Bias.Grad.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Conv_relu_conv_stack_matches_the_unfused_layers_bit_for_bit(int padding)
    {
        // conv → ReLU → conv: the second convolution masks its input gradient with the ReLU's output and the ReLU passes it back.
        const int batch = 2;
        var rng = new Random(47 + padding);
        float[] R(int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1); return a; }
        Layer[] Build(bool fuse)
        {
            var a = new Conv2d(3, 8, 3, 3, 2, padding) { FuseRelu = fuse };
            var b = new Conv2d(8, 5, 3, 3, 1, padding);
            return [a, new ReLU(), b];
        }
        var fused = Build(true);
        var plain = Build(false);
        foreach (var (f, q) in new[] { ((Conv2d)fused[0], (Conv2d)plain[0]), ((Conv2d)fused[2], (Conv2d)plain[2]) })
        {
            R(f.Weight.Length).CopyTo(f.Weight.Value, 0); R(f.Bias.Length).CopyTo(f.Bias.Value, 0);
            f.Weight.Value.CopyTo(q.Weight.Value, 0); f.Bias.Value.CopyTo(q.Bias.Value, 0);
        }
        var x = Tensor.FromArray(R(batch * 3 * 17 * 17), batch, 3, 17, 17);
        Tensor Run(Layer[] net) { var t = x; foreach (var l in net) t = l.Forward(t); return t; }
        var yF = Run(fused);
        var yP = Run(plain);
        Assert.Equal(yP.Span.ToArray().Select(BitConverter.SingleToInt32Bits), yF.Span.ToArray().Select(BitConverter.SingleToInt32Bits));
        var dy = Tensor.FromArray(R(yF.Length), batch, yF.SampleShape);
        Tensor Back(Layer[] net) { var g = dy; for (int i = net.Length - 1; i >= 0; i--) g = net[i].Backward(g, true)!; return g; }
        var dxF = Back(fused);
        var dxP = Back(plain);
        Assert.Equal(dxP.Span.ToArray().Select(BitConverter.SingleToInt32Bits), dxF.Span.ToArray().Select(BitConverter.SingleToInt32Bits));
        for (int i = 0; i < 3; i += 2)
            for (int k = 0; k < 2; k++)
                Assert.Equal(plain[i].Parameters[k].Grad.Select(BitConverter.SingleToInt32Bits), fused[i].Parameters[k].Grad.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Sequential_fuses_a_convolution_followed_by_a_relu_only()
    {
        var c1 = new Conv2d(1, 2, 3);
        var c2 = new Conv2d(2, 2, 3);
        _ = new Sequential(c1, new ReLU(), c2, new Flatten());
        Assert.True(c1.FuseRelu);
        Assert.False(c2.FuseRelu);
    }
}
