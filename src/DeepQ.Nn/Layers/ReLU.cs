namespace DeepQ.Nn.Layers;

/// <summary>Elementwise max(0, x) on any shape; the gradient passes where the output is positive (PyTorch's rule, 0 at x = 0).</summary>
public sealed class ReLU : Layer
{
    private Tensor _y = new(1);
    private Tensor _dx = new(1);

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override Tensor Forward(Tensor x)
    {
        if (!_y.SampleShape.AsSpan().SequenceEqual(x.SampleShape)) { _y = new Tensor(x.SampleShape); _dx = new Tensor(x.SampleShape); }
        _y.Resize(x.Batch);
        var src = x.Span;
        var dst = _y.Span;
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] > 0f ? src[i] : 0f;
        return _y;
    }

    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (!needInputGrad) return null;
        _dx.Resize(dy.Batch);
        var y = _y.Span;
        var g = dy.Span;
        var dx = _dx.Span;
        for (int i = 0; i < g.Length; i++) dx[i] = y[i] > 0f ? g[i] : 0f;
        return _dx;
    }
}
