using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Geometry of a 2-D convolution over one sample: input [C,H,W], weight [OC,C,KH,KW],
/// output [OC,OH,OW]; the im2col matrix of a sample is [K = C*KH*KW, P = OH*OW] with row
/// (c*KH + i)*KW + j and column oy*OW + ox holding x[c, oy*stride − pad + i, ox*stride − pad + j].
/// </summary>
public readonly record struct ConvShape(int Channels, int Height, int Width, int OutChannels,
    int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    public int OutHeight => (Height + 2 * Padding - KernelHeight) / Stride + 1;
    public int OutWidth => (Width + 2 * Padding - KernelWidth) / Stride + 1;
    /// <summary>K: rows of the column matrix (inputs feeding one output value).</summary>
    public int ColRows => Channels * KernelHeight * KernelWidth;
    /// <summary>P: columns of the column matrix (output positions per channel).</summary>
    public int ColCols => OutHeight * OutWidth;
    public int InputSize => Channels * Height * Width;
    public int OutputSize => OutChannels * ColCols;
    public int WeightSize => OutChannels * ColRows;

    internal void Validate()
    {
        if (Channels <= 0 || Height <= 0 || Width <= 0 || OutChannels <= 0 || KernelHeight <= 0 || KernelWidth <= 0 || Stride <= 0 || Padding < 0
            || Height + 2 * Padding < KernelHeight || Width + 2 * Padding < KernelWidth)
            throw new ArgumentException($"Invalid convolution geometry {this}.");
    }
}

/// <summary>
/// Convolution kernels for Conv2d on NCHW batches: im2col / col2im (with scalar twins) and
/// the batched forward, weight-gradient and input-gradient passes on the GEMM kernel.
/// Parallel work is split over samples (forward, input gradient) or over columns of the
/// weight gradient, never over a summation, so results are the same for any thread count:
/// the forward equals, bit for bit, bias-filled y_n = W·col_n per sample, and the weight
/// gradient is one fma chain per element over samples n, then positions p, in order.
/// </summary>
public static unsafe partial class Conv
{
    // ---------------- im2col / col2im, one sample ----------------

    /// <summary>col[K,P] from a float sample x[C,H,W] (zero outside the padded border): the definition, element by element; <see cref="Im2Col"/> is its fast twin.</summary>
    public static void Im2ColScalar(in ConvShape s, ReadOnlySpan<float> x, Span<float> col)
    {
        CheckSample(s, x.Length, col.Length);
        int oh = s.OutHeight, ow = s.OutWidth, d = 0;
        for (int c = 0; c < s.Channels; c++)
            for (int i = 0; i < s.KernelHeight; i++)
                for (int j = 0; j < s.KernelWidth; j++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++, d++)
                        {
                            int iy = oy * s.Stride - s.Padding + i, ix = ox * s.Stride - s.Padding + j;
                            col[d] = (uint)iy < (uint)s.Height && (uint)ix < (uint)s.Width ? x[(c * s.Height + iy) * s.Width + ix] : 0f;
                        }
    }

    /// <summary>col[K,P] from a byte sample x[C,H,W], each byte b entering as table[b]: the definition; <see cref="Im2ColBytes"/> is its fast twin.</summary>
    public static void Im2ColBytesScalar(in ConvShape s, ReadOnlySpan<byte> x, ReadOnlySpan<float> table, Span<float> col)
    {
        CheckSample(s, x.Length, col.Length);
        int oh = s.OutHeight, ow = s.OutWidth, d = 0;
        for (int c = 0; c < s.Channels; c++)
            for (int i = 0; i < s.KernelHeight; i++)
                for (int j = 0; j < s.KernelWidth; j++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++, d++)
                        {
                            int iy = oy * s.Stride - s.Padding + i, ix = ox * s.Stride - s.Padding + j;
                            col[d] = (uint)iy < (uint)s.Height && (uint)ix < (uint)s.Width ? table[x[(c * s.Height + iy) * s.Width + ix]] : 0f;
                        }
    }

    /// <summary>Fast twin of <see cref="Im2ColScalar"/> (same values): phase split, then block copies.</summary>
    public static void Im2Col(in ConvShape s, ReadOnlySpan<float> x, Span<float> col)
    {
        CheckSample(s, x.Length, col.Length);
        if (s.Padding != 0) { Im2ColScalar(s, x, col); return; }
        var phases = Scratch(ref t_phases, PhasedSize(s));
        Deinterleave(s, x, phases);
        GatherPhased(s, phases, col);
    }

    /// <summary>Fast twin of <see cref="Im2ColBytesScalar"/> (same values); each byte b enters as table[b] (e.g. b / 255).</summary>
    public static void Im2ColBytes(in ConvShape s, ReadOnlySpan<byte> x, ReadOnlySpan<float> table, Span<float> col)
    {
        CheckSample(s, x.Length, col.Length);
        if (table.Length != 256) throw new ArgumentException($"Byte scale table must have 256 entries, got {table.Length}.");
        if (s.Padding != 0) { Im2ColBytesScalar(s, x, table, col); return; }
        var phases = Scratch(ref t_phases, PhasedSize(s));
        DeinterleaveBytes(s, x, table, phases);
        GatherPhased(s, phases, col);
    }

    /// <summary>
    /// dx[C,H,W] = adjoint of im2col applied to col[K,P] (overwrites dx): the definition. Each dx element
    /// is the in-order sum, over rows of col ascending, of the entries that read it; <see cref="Col2Im"/> is its fast twin.
    /// </summary>
    public static void Col2ImScalar(in ConvShape s, ReadOnlySpan<float> col, Span<float> dx)
    {
        CheckSample(s, dx.Length, col.Length);
        dx.Clear();
        int oh = s.OutHeight, ow = s.OutWidth, d = 0;
        for (int c = 0; c < s.Channels; c++)
            for (int i = 0; i < s.KernelHeight; i++)
                for (int j = 0; j < s.KernelWidth; j++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++, d++)
                        {
                            int iy = oy * s.Stride - s.Padding + i, ix = ox * s.Stride - s.Padding + j;
                            if ((uint)iy < (uint)s.Height && (uint)ix < (uint)s.Width) dx[(c * s.Height + iy) * s.Width + ix] += col[d];
                        }
    }

    /// <summary>Fast twin of <see cref="Col2ImScalar"/>: the same in-order sums (same bits), scattered into the phase split.</summary>
    public static void Col2Im(in ConvShape s, ReadOnlySpan<float> col, Span<float> dx)
    {
        CheckSample(s, dx.Length, col.Length);
        if (s.Padding != 0) { Col2ImScalar(s, col, dx); return; }
        var phases = Scratch(ref t_phases, PhasedSize(s));
        phases.Clear();
        ScatterPhased(s, col, phases);
        Interleave(s, phases, dx);
    }

    // The fast paths (no padding) first split every input row into its Stride phases,
    // phase q holding x[.., q], x[.., q + stride], ...: then the entries of one im2col row for
    // one output row, x[c, oy*stride + i, ox*stride + j] for ox = 0..OW−1, are OW consecutive
    // floats of phase j mod stride starting at j / stride, a plain block copy.
    // Phased layout: [C, H, stride, PW] with PW = ceil(W / stride).

    private static int PhaseWidth(in ConvShape s) => (s.Width + s.Stride - 1) / s.Stride;
    private static int PhasedSize(in ConvShape s) => s.Channels * s.Height * s.Stride * PhaseWidth(s);

    [ThreadStatic] private static float[]? t_phases;
    private static readonly float[] s_byteOver255 = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();
    [ThreadStatic] private static float[]? t_dcol;

    private static Span<float> Scratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }

    private static void Deinterleave(in ConvShape s, ReadOnlySpan<float> x, Span<float> phases)
    {
        int st = s.Stride, pw = PhaseWidth(s), w = s.Width;
        if (st == 2 && w == 2 * pw && pw >= 8 && Avx2.IsSupported)
        {
            DeinterleaveStride2(s.Channels * s.Height, pw, x, phases);
            return;
        }
        for (int r = 0; r < s.Channels * s.Height; r++)
        {
            var row = x.Slice(r * w, w);
            var dst = phases.Slice(r * st * pw, st * pw);
            if (st == 1) { row.CopyTo(dst); continue; }
            for (int t = 0, xi = 0; xi < w; t++)
                for (int q = 0; q < st && xi < w; q++, xi++) dst[q * pw + t] = row[xi];
        }
    }

    private static void DeinterleaveBytes(in ConvShape s, ReadOnlySpan<byte> x, ReadOnlySpan<float> table, Span<float> phases)
    {
        int st = s.Stride, pw = PhaseWidth(s), w = s.Width;
        if (st == 4 && w % 4 == 0 && pw >= 8 && Avx2.IsSupported)
        {
            DeinterleaveBytesStride4(s.Channels * s.Height, pw, x, table, phases);
            return;
        }
        for (int r = 0; r < s.Channels * s.Height; r++)
        {
            var row = x.Slice(r * w, w);
            var dst = phases.Slice(r * st * pw, st * pw);
            for (int t = 0, xi = 0; xi < w; t++)
                for (int q = 0; q < st && xi < w; q++, xi++) dst[q * pw + t] = table[row[xi]];
        }
    }

    /// <summary>
    /// Stride-4 byte rows (conv1 of the Nature net: 84 = 4 * 21 bytes a row) split into their
    /// four phases with table lookups 8 at a time: 32 bytes load as 8 ints, int t holding
    /// x[4t .. 4t+3], so phase q of eight consecutive t is byte q of each int, gathered from
    /// the table. The last block of a row overlaps the previous one (same values rewritten).
    /// Same floats as the scalar lookup, bit for bit (a gather only copies table entries).
    /// </summary>
    private static void DeinterleaveBytesStride4(int rows, int pw, ReadOnlySpan<byte> x, ReadOnlySpan<float> table, Span<float> phases)
    {
        var low = Vector256.Create(0xFF);
        // The usual table (b / 255) is computed instead of gathered: an int converts to float
        // exactly and Over255 rounds like the division, so the result is the table entry bit for bit.
        if (table.SequenceEqual(s_byteOver255))
        {
            fixed (byte* px = x)
            fixed (float* pd = phases)
            {
                for (int r = 0; r < rows; r++)
                {
                    int* src = (int*)(px + (long)r * 4 * pw);
                    float* dst = pd + (long)r * 4 * pw;
                    for (int t = 0; ; t += 8)
                    {
                        if (t + 8 > pw) t = pw - 8;
                        Vector256<int> v = Avx.LoadVector256(src + t);
                        Avx.Store(dst + t, Over255(Avx.ConvertToVector256Single(Avx2.And(v, low))));
                        Avx.Store(dst + pw + t, Over255(Avx.ConvertToVector256Single(Avx2.And(Avx2.ShiftRightLogical(v, 8), low))));
                        Avx.Store(dst + 2 * pw + t, Over255(Avx.ConvertToVector256Single(Avx2.And(Avx2.ShiftRightLogical(v, 16), low))));
                        Avx.Store(dst + 3 * pw + t, Over255(Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(v, 24))));
                        if (t + 8 >= pw) break;
                    }
                }
            }
            return;
        }
        fixed (byte* px = x)
        fixed (float* pt = table, pd = phases)
        {
            for (int r = 0; r < rows; r++)
            {
                int* src = (int*)(px + (long)r * 4 * pw);
                float* dst = pd + (long)r * 4 * pw;
                for (int t = 0; ; t += 8)
                {
                    if (t + 8 > pw) t = pw - 8;
                    Vector256<int> v = Avx.LoadVector256(src + t);
                    Avx.Store(dst + t, Avx2.GatherVector256(pt, Avx2.And(v, low), 4));
                    Avx.Store(dst + pw + t, Avx2.GatherVector256(pt, Avx2.And(Avx2.ShiftRightLogical(v, 8), low), 4));
                    Avx.Store(dst + 2 * pw + t, Avx2.GatherVector256(pt, Avx2.And(Avx2.ShiftRightLogical(v, 16), low), 4));
                    Avx.Store(dst + 3 * pw + t, Avx2.GatherVector256(pt, Avx2.ShiftRightLogical(v, 24), 4));
                    if (t + 8 >= pw) break;
                }
            }
        }
    }

    /// <summary>
    /// Stride-2 float rows of even width (conv2 of the Nature net: 20 = 2 * 10) split into
    /// even and odd columns 8 at a time: two 8-float loads, an in-lane shuffle picks evens and
    /// odds, a 64-bit permute puts the lanes in order. The last block of a row overlaps the
    /// previous one (same values rewritten). Pure copies, so the scalar loop's bits.
    /// </summary>
    private static void DeinterleaveStride2(int rows, int pw, ReadOnlySpan<float> x, Span<float> phases)
    {
        fixed (float* px = x, pd = phases)
        {
            for (int r = 0; r < rows; r++)
            {
                float* src = px + (long)r * 2 * pw;
                float* dst = pd + (long)r * 2 * pw;
                for (int t = 0; ; t += 8)
                {
                    if (t + 8 > pw) t = pw - 8;
                    Vector256<float> a = Avx.LoadVector256(src + 2 * t), b = Avx.LoadVector256(src + 2 * t + 8);
                    // Per 128-bit lane: evens a0 a2 b0 b2 | a4 a6 b4 b6; the permute orders the 64-bit pairs a0a2 a4a6 b0b2 b4b6.
                    Vector256<float> even = Avx.Shuffle(a, b, 0b10_00_10_00), odd = Avx.Shuffle(a, b, 0b11_01_11_01);
                    Avx.Store(dst + t, Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle());
                    Avx.Store(dst + pw + t, Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
                    if (t + 8 >= pw) break;
                }
            }
        }
    }

    private static void Interleave(in ConvShape s, ReadOnlySpan<float> phases, Span<float> dx)
    {
        int st = s.Stride, pw = PhaseWidth(s), w = s.Width;
        if (st == 2 && w == 2 * pw && pw >= 8 && Avx2.IsSupported)
        {
            InterleaveStride2(s.Channels * s.Height, pw, phases, dx);
            return;
        }
        for (int r = 0; r < s.Channels * s.Height; r++)
        {
            var row = dx.Slice(r * w, w);
            var src = phases.Slice(r * st * pw, st * pw);
            if (st == 1) { src.CopyTo(row); continue; }
            for (int t = 0, xi = 0; xi < w; t++)
                for (int q = 0; q < st && xi < w; q++, xi++) row[xi] = src[q * pw + t];
        }
    }

    /// <summary>
    /// Inverse of <see cref="DeinterleaveStride2"/> (col2im of conv2's input gradient): unpack
    /// 8 evens and 8 odds into pairs per 128-bit lane, then reorder the lanes. Pure copies.
    /// </summary>
    private static void InterleaveStride2(int rows, int pw, ReadOnlySpan<float> phases, Span<float> dx)
    {
        fixed (float* ps = phases, pd = dx)
        {
            for (int r = 0; r < rows; r++)
            {
                float* src = ps + (long)r * 2 * pw;
                float* dst = pd + (long)r * 2 * pw;
                for (int t = 0; ; t += 8)
                {
                    if (t + 8 > pw) t = pw - 8;
                    Vector256<float> even = Avx.LoadVector256(src + t), odd = Avx.LoadVector256(src + pw + t);
                    // lo = e0 o0 e1 o1 | e4 o4 e5 o5, hi = e2 o2 e3 o3 | e6 o6 e7 o7.
                    Vector256<float> lo = Avx.UnpackLow(even, odd), hi = Avx.UnpackHigh(even, odd);
                    Avx.Store(dst + 2 * t, Avx.Permute2x128(lo, hi, 0x20));
                    Avx.Store(dst + 2 * t + 8, Avx.Permute2x128(lo, hi, 0x31));
                    if (t + 8 >= pw) break;
                }
            }
        }
    }

    private static void GatherPhased(in ConvShape s, ReadOnlySpan<float> phases, Span<float> col)
    {
        int st = s.Stride, pw = PhaseWidth(s), oh = s.OutHeight, ow = s.OutWidth, p = oh * ow;
        int row = 0;
        for (int c = 0; c < s.Channels; c++)
            for (int i = 0; i < s.KernelHeight; i++)
                for (int j = 0; j < s.KernelWidth; j++, row++)
                {
                    int q = j % st, off = j / st;
                    var dst = col.Slice(row * p, p);
                    if (ow >= 8 && Avx.IsSupported)
                    {
                        fixed (float* src0 = phases, dst0 = dst)
                            for (int oy = 0; oy < oh; oy++)
                                CopyRun(src0 + ((c * s.Height + oy * st + i) * st + q) * pw + off, dst0 + oy * ow, ow);
                        continue;
                    }
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int start = ((c * s.Height + oy * st + i) * st + q) * pw + off;
                        phases.Slice(start, ow).CopyTo(dst.Slice(oy * ow, ow));
                    }
                }
    }

    /// <summary>Copies a short run (8 or more floats) with 8-wide moves, the last one overlapping.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(float* src, float* dst, int count)
    {
        int t = 0;
        for (; t + 8 <= count; t += 8) Avx.Store(dst + t, Avx.LoadVector256(src + t));
        if (t < count) Avx.Store(dst + count - 8, Avx.LoadVector256(src + count - 8));
    }

    /// <summary>
    /// Copies a run of 1..32 floats inline (a panel piece: runs are an output row or less, so a
    /// call to memmove per piece cost more than the copy); 8-wide moves, the last one overlapping.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void CopyShort(float* src, float* dst, int count)
    {
        if (count >= 8) { CopyRun(src, dst, count); return; }
        for (int t = 0; t < count; t++) dst[t] = src[t];
    }

    private static void ScatterPhased(in ConvShape s, ReadOnlySpan<float> col, Span<float> phases)
        => ScatterPhased(s, col, s.ColCols, phases);

    /// <summary>Adds col rows (row r at r * rowStride, P entries) into the phased gradient image.</summary>
    private static void ScatterPhased(in ConvShape s, ReadOnlySpan<float> col, int rowStride, Span<float> phases)
    {
        int st = s.Stride, pw = PhaseWidth(s), oh = s.OutHeight, ow = s.OutWidth, p = oh * ow;
        int row = 0;
        for (int c = 0; c < s.Channels; c++)
            for (int i = 0; i < s.KernelHeight; i++)
                for (int j = 0; j < s.KernelWidth; j++, row++)
                {
                    int q = j % st, off = j / st;
                    var src = col.Slice(row * rowStride, p);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int start = ((c * s.Height + oy * st + i) * st + q) * pw + off;
                        Elementwise.Add(phases.Slice(start, ow), src.Slice(oy * ow, ow));
                    }
                }
    }

    private static void CheckSample(in ConvShape s, int inputLength, int colLength)
    {
        s.Validate();
        if (inputLength != s.InputSize) throw new ArgumentException($"Convolution sample must hold C*H*W = {s.InputSize} values, got {inputLength}.");
        if (colLength != s.ColRows * s.ColCols) throw new ArgumentException($"Column matrix must hold K*P = {s.ColRows}*{s.ColCols} values, got {colLength}.");
    }

    // ---------------- batched layer passes ----------------

    /// <summary>
    /// y[B,OC,P] = bias + W[OC,K] · col_n for every sample, where col_n = im2col(x_n) is written
    /// to <paramref name="cols"/> [B,K,P] (kept for the weight gradient). x is float [B,C,H,W].
    /// </summary>
    /// <remarks>
    /// With <paramref name="keepColumns"/> false (inference: no weight gradient follows) the
    /// column matrices may live only in per-thread scratch, where they stay in cache, and the
    /// contents of <paramref name="cols"/> are then unspecified. y is the same, bit for bit.
    /// </remarks>
    public static void Forward(in ConvShape s, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> cols, Span<float> y, bool keepColumns = true, ConvPlan? plan = null)
    {
        CheckBatch(s, batch, x.Length, weight.Length, bias.Length, cols.Length, y.Length);
        var chosen = ExplicitPlan(s, batch, plan);
        fixed (float* px = x, pw = weight, pb = bias, pc = cols, py = y)
            RunForward(s, batch, px, null, default, pw, pb, pc, py, keepColumns, chosen);
    }

    /// <summary><see cref="Forward"/> from a byte batch [B,C,H,W]; byte b enters as table[b].</summary>
    public static void ForwardBytes(in ConvShape s, int batch, ReadOnlySpan<byte> x, ReadOnlySpan<float> table,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> cols, Span<float> y, bool keepColumns = true, ConvPlan? plan = null)
    {
        CheckBatch(s, batch, x.Length, weight.Length, bias.Length, cols.Length, y.Length);
        if (table.Length != 256) throw new ArgumentException($"Byte scale table must have 256 entries, got {table.Length}.");
        var chosen = ExplicitPlan(s, batch, plan);
        fixed (byte* px = x)
        fixed (float* pt = table, pw = weight, pb = bias, pc = cols, py = y)
            RunForward(s, batch, null, px, pt, pw, pb, pc, py, keepColumns, chosen);
    }

    /// <summary>
    /// The plan an explicit pass follows: the caller's (Conv2d's, made once per batch), else the
    /// one <see cref="ConvPlan.Choose"/> makes, taken as its explicit variant when it says Direct
    /// (a caller of an explicit pass asked for the explicit passes).
    /// </summary>
    private static ConvPlan ExplicitPlan(in ConvShape s, int batch, ConvPlan? plan)
    {
        var chosen = plan ?? ConvPlan.Choose(s, batch);
        if (chosen.Path == ConvPath.Direct) chosen = ConvPlan.ChooseExplicit(s, batch);
        chosen.CheckRunsHere(s);
        return chosen;
    }

    /// <summary>
    /// dW[OC,K] += Σ_n dy_n[OC,P] · col_nᵀ and dBias[oc] += Σ_n Σ_p dy[n,oc,p] (each plane
    /// summed left to right, plane sums added in sample order).
    /// </summary>
    public static void BackwardWeights(in ConvShape s, int batch, ReadOnlySpan<float> cols, ReadOnlySpan<float> dy,
        Span<float> weightGrad, Span<float> biasGrad, ConvPlan? plan = null)
    {
        CheckBatch(s, batch, batch * s.InputSize, weightGrad.Length, biasGrad.Length, cols.Length, dy.Length);
        var chosen = ExplicitPlan(s, batch, plan);
        fixed (float* pc = cols, pdy = dy, pdw = weightGrad, pdb = biasGrad)
        {
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels;
            if (chosen.Gemm == ConvGemm.Blocked)
            {
                // One product over the whole batch: dW[OC,K] += dY[OC, B*P] · cols[K, B*P]ᵀ, the
                // samples' matrices read in place as segments; chains run over (n, p) in order.
                Gemm.RunParallel(false, true, oc, k, batch * p, pdy, p, new Gemm.Seg(p, (long)oc * p), pc, p, new Gemm.Seg(p, (long)k * p), pdw, k, accumulate: true);
                var bias = t_biasJob ??= new BiasGradJob();
                int tasks = WorkerPool.ThreadCount == 1 ? 1 : Math.Min((oc + 3) / 4, 2 * WorkerPool.ThreadCount);
                bias.Set(batch, oc, p, pdy, pdb, tasks);
                WorkerPool.Run(tasks, bias);
                bias.Clear();
                return;
            }
            var job = t_weightJob ??= new WeightGradJob();
            job.Set(s, batch, pc, pdy, pdw, pdb, 1, chosen.Gemm);
            WorkerPool.Run(2, job); // task 1 sums the bias gradient
            job.Clear();
        }
    }

    /// <summary>dx[B,C,H,W] = col2im(Wᵀ[K,OC] · dy_n) for every sample (overwrites dx).</summary>
    public static void BackwardInput(in ConvShape s, int batch, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, Span<float> dx, ConvPlan? plan = null)
    {
        CheckBatch(s, batch, dx.Length, weight.Length, s.OutChannels, batch * s.ColRows * s.ColCols, dy.Length);
        var chosen = ExplicitPlan(s, batch, plan);
        fixed (float* pw = weight, pdy = dy, pdx = dx)
        {
            var job = t_inputJob ??= new InputGradJob();
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels;
            if (chosen.BatchedInputGrad)
            {
                // Ragged P: one product for the batch, dcol[K, B*P] = Wᵀ · dY[OC, B*P] (samples read
                // in place as segments; same chains as per sample), then col2im per sample in parallel.
                int q = batch * p;
                var all = Scratch(ref t_batchDcol, k * q);
                fixed (float* pall = all)
                {
                    Gemm.RunParallel(true, false, k, q, oc, pw, k, Gemm.Seg.None, pdy, p, new Gemm.Seg(p, (long)oc * p), pall, q, accumulate: false);
                    job.Set(s, pw, pdy, pdx, pall, q, chosen.Gemm);
                    WorkerPool.Run(batch, job);
                    job.Clear();
                }
                return;
            }
            job.Set(s, pw, pdy, pdx, null, 0, chosen.Gemm);
            WorkerPool.Run(batch, job);
            job.Clear();
        }
    }

    [ThreadStatic] private static float[]? t_batchDcol;

    private static void CheckBatch(in ConvShape s, int batch, int xLength, int wLength, int bLength, int colsLength, int yLength)
    {
        s.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch));
        if (xLength != batch * s.InputSize) throw new ArgumentException($"Convolution input must hold B*C*H*W = {batch}*{s.InputSize} values, got {xLength}.");
        if (wLength != s.WeightSize) throw new ArgumentException($"Convolution weight must hold OC*K = {s.WeightSize} values, got {wLength}.");
        if (bLength != s.OutChannels) throw new ArgumentException($"Convolution bias must hold OC = {s.OutChannels} values, got {bLength}.");
        if (colsLength < (long)batch * s.ColRows * s.ColCols) throw new ArgumentException($"Column buffer must hold B*K*P = {(long)batch * s.ColRows * s.ColCols} values, got {colsLength}.");
        if (yLength != batch * s.OutputSize) throw new ArgumentException($"Convolution output must hold B*OC*P = {batch}*{s.OutputSize} values, got {yLength}.");
    }

    private static void RunForward(in ConvShape s, int batch, float* x, byte* bytes, float* table, float* w, float* b, float* cols, float* y, bool keepColumns, in ConvPlan plan)
    {
        var job = t_forwardJob ??= new ForwardJob();
        // Per sample, each task multiplies the column matrix it just wrote (still in its L2);
        // when P leaves ragged tiles (P = 81, 49 waste 19% and 31% of a 32-wide tile row) one
        // product over the whole batch is faster despite reading the columns back from L3.
        bool batched = plan.BatchedProduct;
        bool scratch = !keepColumns && !batched;
        job.Set(s, batch, x, bytes, table, w, b, cols, y, im2colOnly: batched, scratchColumns: scratch,
            implicitProduct: scratch && plan.ImplicitInference, plan.Gemm);
        WorkerPool.Run(batch, job);
        job.Clear();
        if (!batched) return;
        // One product for the whole batch, C[OC, B*P] = W · [col_0 … col_B−1] (no ragged
        // per-sample tiles), each chain starting from the bias as in the per-sample form.
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, q = batch * p;
        var cq = Scratch(ref t_batchOut, oc * q);
        fixed (float* pcq = cq)
        {
            for (int o = 0; o < oc; o++) new Span<float>(pcq + (long)o * q, q).Fill(b[o]);
            Gemm.RunParallel(false, false, oc, q, k, w, k, Gemm.Seg.None, cols, p, new Gemm.Seg(p, (long)k * p), pcq, q, accumulate: true);
            for (int n = 0; n < batch; n++) // y[n, o, :] = C[o, n*P .. n*P + P)
                for (int o = 0; o < oc; o++)
                    new ReadOnlySpan<float>(pcq + (long)o * q + (long)n * p, p).CopyTo(new Span<float>(y + ((long)n * oc + o) * p, p));
        }
    }

    [ThreadStatic] private static float[]? t_batchOut;
    [ThreadStatic] private static BiasGradJob? t_biasJob;

    /// <summary>Tasks: runs of output channels; each channel's plane sums are added in sample order.</summary>
    private sealed class BiasGradJob : IParallelWork
    {
        private int _batch, _oc, _p, _tasks;
        private float* _dy, _db;

        public void Set(int batch, int oc, int p, float* dy, float* db, int tasks) { _batch = batch; _oc = oc; _p = p; _dy = dy; _db = db; _tasks = tasks; }

        public void Clear() { _dy = _db = null; }

        public void Execute(int index)
        {
            (int start, int count) = Gemm.Blocked.Chunk(_oc, 4, _tasks, index);
            if (count == 0) return;
            for (int n = 0; n < _batch; n++) PlaneSums(_dy + ((long)n * _oc + start) * _p, count, _p, _db + start);
        }
    }

    [ThreadStatic] private static ForwardJob? t_forwardJob;
    [ThreadStatic] private static float[]? t_forwardCols;
    [ThreadStatic] private static WeightGradJob? t_weightJob;
    [ThreadStatic] private static InputGradJob? t_inputJob;

    /// <summary>Serial GEMM on pointers (inside a task, the task is the unit of parallelism).</summary>
    private static void SerialGemm(ConvGemm gemm, bool ta, bool tb, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool acc)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!acc) for (int i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
            return;
        }
        if (gemm == ConvGemm.Blocked)
        {
            Gemm.Blocked.Run(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, acc);
            return;
        }
        long aLen = ta ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k;
        long bLen = tb ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        Gemm.SgemmScalar(ta, tb, m, n, k, new ReadOnlySpan<float>(a, (int)aLen), lda, new ReadOnlySpan<float>(b, (int)bLen), ldb,
            new Span<float>(c, (m - 1) * ldc + n), ldc, acc);
    }

    /// <summary>Task n: im2col of sample n, y_n = bias, y_n += W · col_n.</summary>
    private sealed class ForwardJob : IParallelWork
    {
        private ConvShape _s;
        private bool _single, _im2colOnly, _scratch, _implicit;
        private ConvGemm _gemm;
        private float* _x, _table, _w, _b, _cols, _y;
        private byte* _bytes;

        public void Set(in ConvShape s, int batch, float* x, byte* bytes, float* table, float* w, float* b, float* cols, float* y,
            bool im2colOnly, bool scratchColumns, bool implicitProduct, ConvGemm gemm)
        {
            _s = s; _single = batch == 1; _im2colOnly = im2colOnly; _scratch = scratchColumns; _implicit = implicitProduct; _gemm = gemm;
            _x = x; _bytes = bytes; _table = table; _w = w; _b = b; _cols = cols; _y = y;
        }

        public void Clear() { _x = _table = _w = _b = _cols = _y = null; _bytes = null; }

        public void Execute(int n)
        {
            int k = _s.ColRows, p = _s.ColCols;
            // Inference: this sample's columns in the task thread's scratch (stays in L2, never written back to a B*K*P buffer).
            if (_implicit)
            {
                ImplicitForward(n);
                return;
            }
            if (_scratch)
            {
                fixed (float* scratch = Scratch(ref t_forwardCols, k * p)) Sample(n, scratch);
                return;
            }
            Sample(n, _cols + (long)n * k * p);
        }

        /// <summary>Inference, no column matrix at all: phased image, bias, then the implicit product.</summary>
        private void ImplicitForward(int n)
        {
            var s = _s;
            int insz = s.InputSize, p = s.ColCols;
            var phases = Scratch(ref t_phases, PhasedSize(s));
            if (_bytes != null) DeinterleaveBytes(s, new ReadOnlySpan<byte>(_bytes + (long)n * insz, insz), new ReadOnlySpan<float>(_table, 256), phases);
            else Deinterleave(s, new ReadOnlySpan<float>(_x + (long)n * insz, insz), phases);
            float* yn = _y + (long)n * s.OutputSize;
            for (int oc = 0; oc < s.OutChannels; oc++) new Span<float>(yn + (long)oc * p, p).Fill(_b[oc]);
            fixed (float* ph = phases) ImplicitSample(s, ph, _w, yn);
        }

        private void Sample(int n, float* col)
        {
            var s = _s;
            int k = s.ColRows, p = s.ColCols, insz = s.InputSize;
            var colSpan = new Span<float>(col, k * p);
            if (_bytes != null) Im2ColBytes(s, new ReadOnlySpan<byte>(_bytes + (long)n * insz, insz), new ReadOnlySpan<float>(_table, 256), colSpan);
            else Im2Col(s, new ReadOnlySpan<float>(_x + (long)n * insz, insz), colSpan);
            if (_im2colOnly) return;
            float* yn = _y + (long)n * s.OutputSize;
            for (int oc = 0; oc < s.OutChannels; oc++) new Span<float>(yn + (long)oc * p, p).Fill(_b[oc]);
            if (_single && _gemm == ConvGemm.Blocked)
                // One sample (acting): the product itself is split over the threads.
                Gemm.Sgemm(false, false, s.OutChannels, p, k, new ReadOnlySpan<float>(_w, s.WeightSize), k,
                    new ReadOnlySpan<float>(col, k * p), p, new Span<float>(yn, s.OutputSize), p, accumulate: true);
            else
                SerialGemm(_gemm, false, false, s.OutChannels, p, k, _w, k, col, p, yn, p, acc: true);
        }
    }

    [ThreadStatic] private static float[]? t_implicitA;
    [ThreadStatic] private static float[]? t_implicitB;

    /// <summary>
    /// y[OC, P] += W[OC, K] · col[K, P] for one sample without writing col (implicit GEMM,
    /// AVX-512 tiles): each [kc, 32] panel of col is packed straight from the phased image
    /// (see <see cref="GatherPhased"/>) and multiplied while it sits in L1, instead of writing
    /// the whole [K, P] matrix (conv1: 400 KB a sample) and packing it again. The panels hold
    /// the same values in the same places, and the micro-kernel and K blocking are those of
    /// <see cref="Gemm.Blocked.Run"/>, so y is the same bit for bit. y must hold the bias.
    /// </summary>
    private static void ImplicitSample(in ConvShape s, float* phases, float* w, float* y)
    {
        const int MR = 8, NR = 32, KC = Gemm.Blocked.KC;
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, ow = s.OutWidth;
        int st = s.Stride, pw = PhaseWidth(s), taps = s.KernelHeight * s.KernelWidth;
        int ocPad = (oc + MR - 1) / MR * MR;
        var packA = Scratch(ref t_implicitA, ocPad * KC);
        var packB = Scratch(ref t_implicitB, KC * NR);
        int* pieceDst = stackalloc int[NR];
        int* pieceSrc = stackalloc int[NR];
        int* pieceLen = stackalloc int[NR];
        fixed (float* pa = packA, panel = packB)
        {
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                Gemm.Blocked.PackA(false, w, k, Gemm.Seg.None, 0, pc, oc, kc, MR, pa);
                for (int jr = 0; jr < p; jr += NR)
                {
                    int nr = Math.Min(NR, p - jr);
                    // Positions jr..jr+nr−1 as runs inside one output row: run t starts at (oy, ox),
                    // which sits oy*stride rows of stride phases further into the phased image.
                    int pieces = 0;
                    for (int jj = 0; jj < nr;)
                    {
                        int idx = jr + jj, oy = idx / ow, ox = idx % ow, len = Math.Min(ow - ox, nr - jj);
                        pieceDst[pieces] = jj; pieceSrc[pieces] = oy * st * st * pw + ox; pieceLen[pieces] = len;
                        pieces++;
                        jj += len;
                    }
                    for (int r = 0; r < kc; r++)
                    {
                        int g = pc + r, c = g / taps, tap = g % taps, i = tap / s.KernelWidth, j = tap % s.KernelWidth;
                        float* src = phases + ((c * s.Height + i) * st + j % st) * pw + j / st;
                        float* d = panel + r * NR;
                        for (int t = 0; t < pieces; t++)
                            CopyShort(src + pieceSrc[t], d + pieceDst[t], pieceLen[t]);
                        for (int jj = nr; jj < NR; jj++) d[jj] = 0f;
                    }
                    for (int ir = 0; ir < oc; ir += MR)
                    {
                        int mr = Math.Min(MR, oc - ir);
                        float* ct = y + (long)ir * p + jr;
                        if (mr == MR && nr == NR) Gemm.Blocked.Kernel8x32(kc, pa + ir * kc, panel, ct, p, true);
                        else Gemm.Blocked.EdgeTile(Gemm.TileKernel.Avx512, kc, pa + ir * kc, panel, ct, p, mr, nr, true);
                    }
                }
            }
        }
    }

    /// <summary>Tasks 0..T−1: a run of dW columns over all samples in order; task T: the bias gradient.</summary>
    private sealed class WeightGradJob : IParallelWork
    {
        private ConvShape _s;
        private int _batch, _tasks;
        private ConvGemm _gemm;
        private float* _cols, _dy, _dw, _db;

        public void Set(in ConvShape s, int batch, float* cols, float* dy, float* dw, float* db, int tasks, ConvGemm gemm)
        {
            _s = s; _batch = batch; _cols = cols; _dy = dy; _dw = dw; _db = db; _tasks = tasks; _gemm = gemm;
        }

        public void Clear() { _cols = _dy = _dw = _db = null; }

        public void Execute(int index)
        {
            var s = _s;
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels;
            if (index == _tasks)
            {
                for (int n = 0; n < _batch; n++) PlaneSums(_dy + (long)n * oc * p, oc, p, _db);
                return;
            }
            (int start, int count) = Gemm.Blocked.Chunk(k, Gemm.Blocked.NR(), _tasks, index);
            if (count == 0) return;
            for (int n = 0; n < _batch; n++)
            {
                // dW[:, start..start+count] += dy_n[OC,P] · (col_n rows start..start+count)ᵀ
                float* dyn = _dy + (long)n * oc * p;
                float* coln = _cols + (long)n * k * p + (long)start * p;
                SerialGemm(_gemm, false, true, oc, count, p, dyn, p, coln, p, _dw + start, k, acc: true);
            }
        }
    }

    /// <summary>
    /// db[o] += Σ_p plane[o, p], each plane summed left to right in float (the plain loop's
    /// rounding, which PyTorch-parity tolerances were tuned on); four planes at a time so the
    /// four dependent add chains overlap.
    /// </summary>
    private static void PlaneSums(float* planes, int count, int p, float* db)
    {
        int o = 0;
        for (; o + 4 <= count; o += 4)
        {
            float* r0 = planes + (long)o * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int i = 0; i < p; i++) { s0 += r0[i]; s1 += r1[i]; s2 += r2[i]; s3 += r3[i]; }
            db[o] += s0; db[o + 1] += s1; db[o + 2] += s2; db[o + 3] += s3;
        }
        for (; o < count; o++)
        {
            float* r = planes + (long)o * p;
            float sum = 0f;
            for (int i = 0; i < p; i++) sum += r[i];
            db[o] += sum;
        }
    }

    /// <summary>Task n: dcol = Wᵀ · dy_n in per-thread scratch, then col2im into dx_n.</summary>
    private sealed class InputGradJob : IParallelWork
    {
        private ConvShape _s;
        private float* _w, _dy, _dx, _dcolAll;
        private int _q;
        private ConvGemm _gemm;

        /// <summary><paramref name="dcolAll"/>: the batch's dcol [K, q] already computed (then tasks only scatter), or null.</summary>
        public void Set(in ConvShape s, float* w, float* dy, float* dx, float* dcolAll, int q, ConvGemm gemm) { _s = s; _w = w; _dy = dy; _dx = dx; _dcolAll = dcolAll; _q = q; _gemm = gemm; }

        public void Clear() { _w = _dy = _dx = _dcolAll = null; }

        public void Execute(int n)
        {
            var s = _s;
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels;
            if (_dcolAll != null)
            {
                var phases = Scratch(ref t_phases, PhasedSize(s));
                phases.Clear();
                ScatterPhased(s, new ReadOnlySpan<float>(_dcolAll + (long)n * p, (k - 1) * _q + p), _q, phases);
                Interleave(s, phases, new Span<float>(_dx + (long)n * s.InputSize, s.InputSize));
                return;
            }
            var dcol = Scratch(ref t_dcol, k * p);
            fixed (float* pd = dcol)
                SerialGemm(_gemm, true, false, k, p, oc, _w, k, _dy + (long)n * oc * p, p, pd, p, acc: false);
            Col2Im(s, dcol, new Span<float>(_dx + (long)n * s.InputSize, s.InputSize));
        }
    }
}
