namespace DeepQ.Nn.Layers;

/// <summary>
/// 2-D convolution (cross-correlation, like nn.Conv2d) with any kernel size, stride and zero
/// padding. Input [B, C, H, W], weight [OC, C, KH, KW], bias [OC], output [B, OC, OH, OW] with
/// OH = (H + 2*pad - KH) / stride + 1. Which kernels run is the <see cref="Kernels.ConvPlan"/>
/// made once per batch geometry. Where the direct kernels run (AVX-512 or AVX2 + FMA, no padding) the passes
/// read the input in place and no column matrix is built; Backward then needs the input itself (a reference for float input, a float copy
/// of a byte batch from <see cref="ForwardBytes"/>, 3.6 MB for 32 Nature frames). Elsewhere:
/// im2col + matrix product, the batch's column matrices ([B, C*KH*KW, OH*OW]) kept from
/// Forward for Backward, the byte batch's 1/255 scale folded into im2col. Same bits either way.
/// </summary>
public sealed class Conv2d : Layer
{
    private float[] _cols = [];
    private int _batch;

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0)
        : this(inChannels, outChannels, kernelSize, kernelSize, stride, padding) { }

    public Conv2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, int stride, int padding)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelHeight <= 0 || kernelWidth <= 0 || stride <= 0 || padding < 0)
            throw new ArgumentException($"Invalid Conv2d({inChannels}, {outChannels}, kernel {kernelHeight}x{kernelWidth}, stride {stride}, padding {padding}).");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Stride = stride;
        Padding = padding;
        int fanIn = inChannels * kernelHeight * kernelWidth;
        Weight = new Parameter("weight", [outChannels, inChannels, kernelHeight, kernelWidth], fanIn);
        Bias = new Parameter("bias", [outChannels], fanIn);
        _parameters = [Weight, Bias];
    }

    private readonly Parameter[] _parameters;
    private int[] _xShape = [1];

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelHeight { get; }
    public int KernelWidth { get; }
    public int Stride { get; }
    public int Padding { get; }
    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>
    /// Keep the batch's column matrices for <see cref="Backward"/> (default). False for a
    /// network that only infers (a target network, acting): each sample's columns then stay
    /// in per-thread scratch, saving the B*K*P buffer's memory traffic; outputs are identical.
    /// </summary>
    public bool KeepColumns { get; set; } = true;

    private bool _columnsKept;

    /// <summary>
    /// Output max(0, conv) instead of conv, marked <see cref="Tensor.Rectified"/> so the ReLU
    /// that follows passes it on (set by <see cref="Sequential"/> for Conv2d + ReLU). The direct
    /// passes rectify each output tile before it is stored; the im2col passes rectify in place.
    /// Same bits as a separate ReLU; Backward gets dy already masked by that ReLU, which is
    /// exactly what the convolution's gradient needs.
    /// </summary>
    public bool FuseRelu { get; set; }

    // Direct passes (the plan's ConvPath.Direct): the input [B, C, H, W] as floats is all Backward needs.
    private float[] _directInput = [];
    private float[] _floatInput = [];
    private bool _directKept;
    private bool _inputRectified; // the direct pass's input was a Rectified tensor (a ReLU's passed-on output)

    // Geometry of the current input, set by Configure.
    private int _h, _w, _oh, _ow;
    private Kernels.ConvPlan? _plan; // which kernels run for this geometry and batch (set by Configure)
    private Kernels.ConvPlan Plan => _plan!.Value;
    private int ColRows => InChannels * KernelHeight * KernelWidth;
    private int ColCols => _oh * _ow;

    public override int[] OutputShape(int[] inputShape)
    {
        if (inputShape.Length != 3 || inputShape[0] != InChannels)
            throw new ArgumentException($"Conv2d expects input [{InChannels}, H, W], got [{string.Join(",", inputShape)}].");
        int oh = (inputShape[1] + 2 * Padding - KernelHeight) / Stride + 1;
        int ow = (inputShape[2] + 2 * Padding - KernelWidth) / Stride + 1;
        if (inputShape[1] + 2 * Padding < KernelHeight || inputShape[2] + 2 * Padding < KernelWidth)
            throw new ArgumentException($"Conv2d kernel {KernelHeight}x{KernelWidth} does not fit input {inputShape[1]}x{inputShape[2]} with padding {Padding}.");
        return [OutChannels, oh, ow];
    }

    private void Configure(int[] inputShape, int batch)
    {
        if (_yTensor is null || inputShape.Length != 3 || inputShape[0] != InChannels || _h != inputShape[1] || _w != inputShape[2])
        {
            var o = OutputShape(inputShape);
            _h = inputShape[1]; _w = inputShape[2]; _oh = o[1]; _ow = o[2];
            _plan = null;
            _yShape = o;
            _xShape = [InChannels, _h, _w];
        }
        if (_batch != batch || _plan is null)
        {
            _batch = batch;
            _plan = Kernels.ConvPlan.Choose(Shape, batch);
        }
        EnsureShape(ref _yTensor, _yShape, batch);
        EnsureShape(ref _dxTensor, _xShape, batch);
    }

    /// <summary>The [B, K, P] column buffer, grown only when an explicit (im2col) pass runs.</summary>
    private void EnsureColumns()
    {
        long need = (long)_batch * ColRows * ColCols;
        if (_cols.Length < need) _cols = new float[need];
    }

    private int[] _yShape = [1];
    private Tensor? _yTensor;
    private Tensor? _dxTensor;

    private static void EnsureShape(ref Tensor? t, int[] shape, int batch)
    {
        if (t is null || !t.SampleShape.AsSpan().SequenceEqual(shape)) t = new Tensor(shape);
        t.Resize(batch);
    }

    // Geometry for the kernels: input [C,H,W] of the current batch, weight [OC,C,KH,KW].
    private Kernels.ConvShape Shape => new(InChannels, _h, _w, OutChannels, KernelHeight, KernelWidth, Stride, Padding);

    // Forward: y_n[OC, OH*OW] = W[OC, C*KH*KW] * col_n[C*KH*KW, OH*OW] + b for each sample n
    // (Kernels.Conv: samples in parallel, the column matrices kept in _cols for Backward).
    public override Tensor Forward(Tensor x)
    {
        Configure(x.SampleShape, x.Batch);
        var y = _yTensor!;
        var shape = Shape;
        if (Plan.Path == Kernels.ConvPath.Direct)
        {
            // Direct pass: no column matrices; Backward reads the input itself (like Linear, a
            // reference: the previous layer's output, valid until its next Forward).
            Kernels.Conv.ForwardDirect(shape, x.Batch, x.Span, Weight.Value, Bias.Value, y.Span, FuseRelu);
            return AfterDirectForward(y, x.Data, x.Rectified);
        }
        _directKept = false;
        _inputRectified = false;
        EnsureColumns();
        Kernels.Conv.Forward(shape, x.Batch, x.Span, Weight.Value, Bias.Value, _cols, y.Span, KeepColumns, Plan);
        RectifyInPlace(y);
        _columnsKept = KeepColumns;
        return y;
    }

    /// <summary>
    /// Forward from a byte batch [B, C, H, W] (e.g. uint8 frames): each byte b enters as
    /// <paramref name="scaleTable"/>[b] (b / 255 for the Nature network), so no float copy of
    /// the batch is ever made. No input gradient is available from this path.
    /// </summary>
    public Tensor ForwardBytes(ReadOnlySpan<byte> x, int batch, int height, int width, ReadOnlySpan<float> scaleTable)
    {
        int sample = InChannels * height * width;
        if (x.Length != batch * sample) throw new ArgumentException($"Conv2d byte input: expected {batch}x{InChannels}x{height}x{width} = {batch * sample} bytes, got {x.Length}.");
        if (scaleTable.Length != 256) throw new ArgumentException("scaleTable must have 256 entries.");
        if (_yTensor is null || _h != height || _w != width) Configure([InChannels, height, width], batch);
        else Configure(_xShape, batch);
        var y = _yTensor!;
        var shape = Shape;
        if (Plan.Path == Kernels.ConvPath.Direct)
        {
            // Direct pass on the batch as floats (3.6 MB for 32 Nature frames, instead of 13 MB
            // of columns), kept for the weight gradient.
            if (_floatInput.Length < x.Length) _floatInput = new float[x.Length];
            Kernels.ParallelElementwise.BytesToFloats(x, scaleTable, _floatInput.AsSpan(0, x.Length));
            Kernels.Conv.ForwardDirect(shape, batch, _floatInput.AsSpan(0, x.Length), Weight.Value, Bias.Value, y.Span, FuseRelu);
            return AfterDirectForward(y, _floatInput, inputRectified: false);
        }
        _directKept = false;
        _inputRectified = false;
        EnsureColumns();
        Kernels.Conv.ForwardBytes(shape, batch, x, scaleTable, Weight.Value, Bias.Value, _cols, y.Span, KeepColumns, Plan);
        RectifyInPlace(y);
        _columnsKept = KeepColumns;
        return y;
    }

    /// <summary>
    /// What a direct forward leaves for Backward: the input it read (by reference), whether that input is a
    /// fused ReLU's output (so the input gradient can be masked in place), and whether y is rectified.
    /// </summary>
    private Tensor AfterDirectForward(Tensor y, float[] input, bool inputRectified)
    {
        y.Rectified = FuseRelu;
        _inputRectified = inputRectified;
        _directInput = input;
        _directKept = KeepColumns;
        _columnsKept = false;
        return y;
    }

    /// <summary>The im2col passes' fused ReLU: y = max(0, y) in place (the ReLU kernel's bits).</summary>
    private void RectifyInPlace(Tensor y)
    {
        if (FuseRelu) Kernels.ParallelElementwise.ReluForward(y.Span, y.Span);
        y.Rectified = FuseRelu;
    }

    // Backward: dW[OC, K] += sum_n dy_n[OC, P] * col_n^T[P, K];  db[oc] += sum dy_n[oc, :];
    // dcol_n[K, P] = W^T[K, OC] * dy_n[OC, P], scattered back into dx_n by col2im.
    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (_yTensor is null) throw new InvalidOperationException("Conv2d.Backward called before Forward.");
        if (_directKept)
            Kernels.Conv.BackwardWeightsDirect(Shape, _batch, _directInput.AsSpan(0, _batch * InChannels * _h * _w), dy.Span, Weight.Grad, Bias.Grad);
        else if (_columnsKept)
            Kernels.Conv.BackwardWeights(Shape, _batch, _cols, dy.Span, Weight.Grad, Bias.Grad, Plan);
        else
            throw new InvalidOperationException("Conv2d.Backward after a Forward that did not keep its columns (KeepColumns was false); set KeepColumns = true before the Forward you train on.");
        if (!needInputGrad) return null;
        var dx = _dxTensor!;
        if (!_directKept)
        {
            Kernels.Conv.BackwardInput(Shape, _batch, Weight.Value, dy.Span, dx.Span, Plan);
            dx.ReluMasked = false;
            return dx;
        }
        // Input from a fused Conv2d + ReLU (direct pass): that ReLU's backward mask is applied here, per sample while hot.
        var mask = _inputRectified ? _directInput.AsSpan(0, dx.Length) : default;
        Kernels.Conv.BackwardInputDirect(Shape, _batch, Weight.Value, dy.Span, dx.Span, mask);
        dx.ReluMasked = _inputRectified;
        return dx;
    }
}
