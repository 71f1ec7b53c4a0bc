namespace DeepQ.Nn.Layers;

/// <summary>
/// 2-D convolution (cross-correlation, like nn.Conv2d) with any kernel size, stride and zero
/// padding. Input [B, C, H, W], weight [OC, C, KH, KW], bias [OC], output [B, OC, OH, OW] with
/// OH = (H + 2*pad - KH) / stride + 1. Computed as im2col + matrix product per sample; the
/// column matrices of the whole batch ([B, C*KH*KW, OH*OW]) are kept from Forward so Backward
/// needs neither the input nor a float copy of it. That is what lets the first layer read a
/// byte batch directly (<see cref="ForwardBytes"/>), folding the 1/255 scale into im2col.
/// </summary>
public sealed class Conv2d : Layer
{
    private float[] _cols = [];
    private float[] _dcol = [];
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
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelHeight { get; }
    public int KernelWidth { get; }
    public int Stride { get; }
    public int Padding { get; }
    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    // Geometry of the current input, set by Configure.
    private int _h, _w, _oh, _ow;
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
            _yShape = o;
        }
        _batch = batch;
        long need = (long)batch * ColRows * ColCols;
        if (_cols.Length < need) _cols = new float[need];
        if (_dcol.Length < (long)ColRows * ColCols) _dcol = new float[ColRows * ColCols];
        EnsureShape(ref _yTensor, _yShape, batch);
        EnsureShape(ref _dxTensor, [InChannels, _h, _w], batch);
    }

    private int[] _yShape = [1];
    private Tensor? _yTensor;
    private Tensor? _dxTensor;

    private static void EnsureShape(ref Tensor? t, int[] shape, int batch)
    {
        if (t is null || !t.SampleShape.AsSpan().SequenceEqual(shape)) t = new Tensor(shape);
        t.Resize(batch);
    }

    public override Tensor Forward(Tensor x)
    {
        Configure(x.SampleShape, x.Batch);
        for (int n = 0; n < x.Batch; n++) Im2Col(x.Sample(n), ColsOf(n));
        return Multiply();
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
        Configure([InChannels, height, width], batch);
        for (int n = 0; n < batch; n++) Im2ColBytes(x.Slice(n * sample, sample), ColsOf(n), scaleTable);
        return Multiply();
    }

    private Span<float> ColsOf(int n) => _cols.AsSpan(n * ColRows * ColCols, ColRows * ColCols);

    // y_n[OC, OH*OW] = W[OC, C*KH*KW] * col_n[C*KH*KW, OH*OW] + b.
    private Tensor Multiply()
    {
        var y = _yTensor!;
        int p = ColCols;
        for (int n = 0; n < _batch; n++)
        {
            var yn = y.Sample(n);
            for (int oc = 0; oc < OutChannels; oc++) yn.Slice(oc * p, p).Fill(Bias.Value[oc]);
            DenseMath.Sgemm(false, false, OutChannels, p, ColRows, Weight.Value, ColRows, ColsOf(n), p, yn, p, accumulate: true);
        }
        return y;
    }

    // Backward: dW[OC, K] += sum_n dy_n[OC, P] * col_n^T[P, K];  db[oc] += sum dy_n[oc, :];
    // dcol_n[K, P] = W^T[K, OC] * dy_n[OC, P], scattered back into dx_n by col2im.
    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (_yTensor is null) throw new InvalidOperationException("Conv2d.Backward called before Forward.");
        int p = ColCols, k = ColRows;
        for (int n = 0; n < _batch; n++)
        {
            var dyn = dy.Sample(n);
            DenseMath.Sgemm(false, true, OutChannels, k, p, dyn, p, ColsOf(n), p, Weight.Grad, k, accumulate: true);
            for (int oc = 0; oc < OutChannels; oc++)
            {
                var row = dyn.Slice(oc * p, p);
                float s = 0f;
                for (int i = 0; i < row.Length; i++) s += row[i];
                Bias.Grad[oc] += s;
            }
        }
        if (!needInputGrad) return null;
        var dx = _dxTensor!;
        for (int n = 0; n < _batch; n++)
        {
            DenseMath.Sgemm(true, false, k, p, OutChannels, Weight.Value, k, dy.Sample(n), p, _dcol, p, accumulate: false);
            var dxn = dx.Sample(n);
            dxn.Clear();
            Col2Im(_dcol, dxn);
        }
        return dx;
    }

    // col[(c*KH + i)*KW + j, oy*OW + ox] = x[c, oy*stride - pad + i, ox*stride - pad + j], 0 outside.
    private void Im2Col(ReadOnlySpan<float> x, Span<float> col)
    {
        int row = 0;
        for (int c = 0; c < InChannels; c++)
            for (int i = 0; i < KernelHeight; i++)
                for (int j = 0; j < KernelWidth; j++, row++)
                {
                    var dst = col.Slice(row * ColCols, ColCols);
                    int d = 0;
                    for (int oy = 0; oy < _oh; oy++)
                    {
                        int iy = oy * Stride - Padding + i;
                        bool rowInside = (uint)iy < (uint)_h;
                        int baseIdx = (c * _h + iy) * _w;
                        for (int ox = 0; ox < _ow; ox++, d++)
                        {
                            int ix = ox * Stride - Padding + j;
                            dst[d] = rowInside && (uint)ix < (uint)_w ? x[baseIdx + ix] : 0f;
                        }
                    }
                }
    }

    private void Im2ColBytes(ReadOnlySpan<byte> x, Span<float> col, ReadOnlySpan<float> table)
    {
        int row = 0;
        for (int c = 0; c < InChannels; c++)
            for (int i = 0; i < KernelHeight; i++)
                for (int j = 0; j < KernelWidth; j++, row++)
                {
                    var dst = col.Slice(row * ColCols, ColCols);
                    int d = 0;
                    for (int oy = 0; oy < _oh; oy++)
                    {
                        int iy = oy * Stride - Padding + i;
                        bool rowInside = (uint)iy < (uint)_h;
                        int baseIdx = (c * _h + iy) * _w;
                        for (int ox = 0; ox < _ow; ox++, d++)
                        {
                            int ix = ox * Stride - Padding + j;
                            dst[d] = rowInside && (uint)ix < (uint)_w ? table[x[baseIdx + ix]] : 0f;
                        }
                    }
                }
    }

    // Adjoint of Im2Col: dx[c, iy, ix] += dcol[row, d] for every (row, d) that read it.
    private void Col2Im(ReadOnlySpan<float> col, Span<float> dx)
    {
        int row = 0;
        for (int c = 0; c < InChannels; c++)
            for (int i = 0; i < KernelHeight; i++)
                for (int j = 0; j < KernelWidth; j++, row++)
                {
                    var src = col.Slice(row * ColCols, ColCols);
                    int d = 0;
                    for (int oy = 0; oy < _oh; oy++)
                    {
                        int iy = oy * Stride - Padding + i;
                        if ((uint)iy >= (uint)_h) { d += _ow; continue; }
                        int baseIdx = (c * _h + iy) * _w;
                        for (int ox = 0; ox < _ow; ox++, d++)
                        {
                            int ix = ox * Stride - Padding + j;
                            if ((uint)ix < (uint)_w) dx[baseIdx + ix] += src[d];
                        }
                    }
                }
    }
}
