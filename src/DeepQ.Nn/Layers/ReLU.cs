namespace DeepQ.Nn.Layers;

/// <summary>
/// Elementwise max(0, x) on any shape; the gradient passes where the output is positive
/// (PyTorch's rule, 0 at x = 0). An input already rectified by its producer (a Conv2d with
/// this ReLU fused, <see cref="Tensor.Rectified"/>) is passed on as it is: max(0, ·) of it is
/// the same bits, and the backward mask reads it in place; a gradient the next layer already
/// masked with that output (<see cref="Tensor.ReluMasked"/>) is passed back as it is.
/// </summary>
public sealed class ReLU : Layer
{
    private Tensor _y = new(1);
    private Tensor _dx = new(1);
    private Tensor? _passed; // the last input when it was already rectified (it is then the output)

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override Tensor Forward(Tensor x)
    {
        if (!_dx.SampleShape.AsSpan().SequenceEqual(x.SampleShape)) { _y = new Tensor(x.SampleShape); _dx = new Tensor(x.SampleShape); }
        if (x.Rectified)
        {
            _passed = x;
            return x;
        }
        _passed = null;
        _y.Resize(x.Batch);
        Kernels.ParallelElementwise.ReluForward(x.Span, _y.Span);
        return _y;
    }

    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (!needInputGrad) return null;
        // The layer above already masked the gradient with our (passed-on) output: nothing left to do.
        if (_passed is not null && dy.ReluMasked) return dy;
        var y = _passed ?? _y;
        _dx.Resize(dy.Batch);
        Kernels.ParallelElementwise.ReluBackward(y.Span, dy.Span, _dx.Span);
        return _dx;
    }
}
