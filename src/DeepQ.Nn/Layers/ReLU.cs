namespace DeepQ.Nn.Layers;

/// <summary>
/// Elementwise y = max(0, x) on any shape; backward dx = dy where y &gt; 0, else 0 (PyTorch's
/// rule: 0 at x = 0). Two shortcuts, each giving the plain pass's bits without its pass:
/// forward, an input already rectified (<see cref="Tensor.Rectified"/>: a Conv2d with this
/// ReLU fused into its output tiles) is its own max(0, ·) and becomes the output as it is;
/// backward, a gradient already masked with this layer's output (<see cref="Tensor.ReluMasked"/>:
/// the Conv2d reading this output masked its input gradient while writing it) becomes dx as it is.
/// The output is always marked rectified, so the layer that reads it may take the mask on.
/// </summary>
public sealed class ReLU : Layer
{
    private Tensor _computed = new(1); // the output when this layer computes it
    private Tensor _output = new(1);   // the last forward's output: _computed, or the rectified input passed on
    private Tensor _dx = new(1);

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override Tensor Forward(Tensor x)
    {
        if (!_dx.SampleShape.AsSpan().SequenceEqual(x.SampleShape)) { _computed = new Tensor(x.SampleShape); _dx = new Tensor(x.SampleShape); }
        if (x.Rectified)
        {
            _output = x;
            return x;
        }
        _computed.Resize(x.Batch);
        Kernels.ParallelElementwise.ReluForward(x.Span, _computed.Span);
        _computed.Rectified = true;
        _output = _computed;
        return _computed;
    }

    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (!needInputGrad) return null;
        if (dy.ReluMasked) return dy;
        _dx.Resize(dy.Batch);
        Kernels.ParallelElementwise.ReluBackward(_output.Span, dy.Span, _dx.Span);
        return _dx;
    }
}
