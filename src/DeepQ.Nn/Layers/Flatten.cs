namespace DeepQ.Nn.Layers;

/// <summary>[B, C, H, W] (or any sample shape) viewed as [B, C*H*W] without copying; the gradient is viewed back.</summary>
public sealed class Flatten : Layer
{
    private Tensor? _y;
    private Tensor? _dx;

    public override int[] OutputShape(int[] inputShape)
    {
        int n = 1;
        foreach (var d in inputShape) n *= d;
        return [n];
    }

    public override Tensor Forward(Tensor x)
    {
        if (_y is null || _y.SampleSize != x.SampleSize) _y = new Tensor(x.SampleSize);
        if (_dx is null || !_dx.SampleShape.AsSpan().SequenceEqual(x.SampleShape)) _dx = new Tensor(x.SampleShape);
        _y.AliasOf(x, x.Batch);
        return _y;
    }

    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (!needInputGrad) return null;
        var dx = _dx ?? throw new InvalidOperationException("Flatten.Backward called before Forward.");
        dx.AliasOf(dy, dy.Batch);
        return dx;
    }
}
