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
        Kernels.ParallelElementwise.ReluForward(x.Span, _y.Span);
        return _y;
    }

    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (!needInputGrad) return null;
        _dx.Resize(dy.Batch);
        Kernels.ParallelElementwise.ReluBackward(_y.Span, dy.Span, _dx.Span);
        return _dx;
    }
}
