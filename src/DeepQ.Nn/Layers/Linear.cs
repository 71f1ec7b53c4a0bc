namespace DeepQ.Nn.Layers;

/// <summary>
/// Fully connected layer y = x W^T + b with W [out, in] and b [out] (PyTorch's nn.Linear
/// layout and names <c>weight</c>, <c>bias</c>). Input [B, in], output [B, out].
/// </summary>
public sealed class Linear : Layer
{
    private readonly Tensor _y;
    private readonly Tensor _dx;
    private Tensor? _x;
    private readonly Parameter[] _parameters;
    private readonly int[] _inShape;

    public Linear(int inFeatures, int outFeatures)
    {
        if (inFeatures <= 0 || outFeatures <= 0) throw new ArgumentException($"Linear sizes must be positive, got {inFeatures} -> {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter("weight", [outFeatures, inFeatures], inFeatures);
        Bias = new Parameter("bias", [outFeatures], inFeatures);
        _parameters = [Weight, Bias];
        _inShape = [inFeatures];
        _y = new Tensor(outFeatures);
        _dx = new Tensor(inFeatures);
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override int[] OutputShape(int[] inputShape)
    {
        if (inputShape.Length != 1 || inputShape[0] != InFeatures)
            throw new ArgumentException($"Linear({InFeatures}->{OutFeatures}) expects input [{InFeatures}], got [{string.Join(",", inputShape)}].");
        return [OutFeatures];
    }

    // Forward: y[B,out] = x[B,in] * W^T[in,out] + b.
    public override Tensor Forward(Tensor x)
    {
        CheckShape(x, _inShape, "Linear");
        _x = x;
        int batch = x.Batch;
        _y.Resize(batch);
        var y = _y.Span;
        if (Kernels.Dense.Applies(batch, InFeatures, OutFeatures))
        {
            // Training batches: W read in place, not re-packed every call (same bits).
            Kernels.Dense.Forward(batch, InFeatures, OutFeatures, x.Span, Weight.Value, Bias.Value, y);
            return _y;
        }
        var b = Bias.Value.AsSpan();
        for (int n = 0; n < batch; n++) b.CopyTo(y.Slice(n * OutFeatures, OutFeatures));
        DenseMath.Sgemm(false, true, batch, OutFeatures, InFeatures, x.Span, InFeatures, Weight.Value, InFeatures, y, OutFeatures, accumulate: true);
        return _y;
    }

    // Backward: dW[out,in] += dy^T[out,B] * x[B,in];  db += sum_B dy;  dx[B,in] = dy[B,out] * W[out,in].
    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        var x = _x ?? throw new InvalidOperationException("Linear.Backward called before Forward.");
        int batch = dy.Batch;
        var g = dy.Span;
        // After ZeroGrad the product is written, not added to a cleared array: the same bits (each chain starts from 0 either way).
        var weightGrad = Weight.GradForWrite(out bool overwrite);
        DenseMath.Sgemm(true, false, OutFeatures, InFeatures, batch, g, OutFeatures, x.Span, InFeatures, weightGrad, InFeatures, accumulate: !overwrite);
        Kernels.Elementwise.BiasGradRows(g, Bias.Grad); // rows added in batch order
        if (!needInputGrad) return null;
        _dx.Resize(batch);
        DenseMath.Sgemm(false, false, batch, InFeatures, OutFeatures, g, OutFeatures, Weight.Value, InFeatures, _dx.Span, InFeatures, accumulate: false);
        return _dx;
    }
}
