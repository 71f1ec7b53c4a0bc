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
