using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static DeepQ.Nn.Kernels.Transpose;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Direct convolution passes on the indexed micro-kernel (<see cref="Gemm.Indexed"/>): no
/// column matrix [B,K,P] is ever written. With positions g = n·P + p of the whole batch and
/// taps t = (c·KH + i)·KW + j, the column entry col[t, g] is x[off(g) + tapOff(t)], where
/// off(g) is the flat index of position g's top-left input pixel in x [B,C,H,W] and
/// tapOff(t) = (c·H + i)·W + j, so the kernel reads the input in place through those two
/// offset tables. Forward: y[n,o,p] = bias[o] + Σ_t W[o,t]·col[t,g], tiles of 8 positions ×
/// 32 channels with Wᵀ packed once per task. Weight gradient: dW[o,t] += Σ_g dY[o,g]·col[t,g],
/// tiles of 8 taps × 32 channels with dYᵀ packed once per call. Every output is the same
/// in-order fused chain as in the explicit im2col + GEMM passes, so the bits are the same;
/// tasks own disjoint outputs, so thread count and timing change nothing.
/// </summary>
public static unsafe partial class Conv
{
    /// <summary>Refuses a direct pass where it cannot run: the caller's plan (<see cref="ConvPlan.Choose"/>) decides, there is no silent fallback.</summary>
    private static void CheckDirectRuns(in ConvShape s)
    {
        if (!ConvPlan.DirectRuns(s))
            throw new InvalidOperationException($"The direct convolution passes need AVX-512 or AVX2 + FMA, and no padding; follow ConvPlan.Choose for {s}.");
    }

    /// <summary>Depth block of the weight gradient: positions whose packed dYᵀ (32 channels) stays in L2 while every tap tile uses it.</summary>
    private const int DirectQC = 512;

    /// <summary>The definition <see cref="ForwardDirect"/> must match bit for bit: per output, bias then one fused chain over the taps in order (then max(0, ·) with <paramref name="relu"/>).</summary>
    public static void ForwardDirectScalar(in ConvShape s, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, bool relu = false)
    {
        CheckBatch(s, batch, x.Length, weight.Length, bias.Length, batch * s.ColRows * s.ColCols, y.Length);
        int k = s.ColRows, p = s.ColCols, ow = s.OutWidth, khw = s.KernelHeight * s.KernelWidth;
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < s.OutChannels; o++)
                for (int pos = 0; pos < p; pos++)
                {
                    float acc = bias[o];
                    for (int t = 0; t < k; t++)
                    {
                        int c = t / khw, i = t / s.KernelWidth % s.KernelHeight, j = t % s.KernelWidth;
                        int iy = pos / ow * s.Stride - s.Padding + i, ix = pos % ow * s.Stride - s.Padding + j;
                        float v = (uint)iy < (uint)s.Height && (uint)ix < (uint)s.Width ? x[n * s.InputSize + (c * s.Height + iy) * s.Width + ix] : 0f;
                        acc = MathF.FusedMultiplyAdd(weight[o * k + t], v, acc);
                    }
                    y[(n * s.OutChannels + o) * p + pos] = relu ? (acc > 0f ? acc : 0f) : acc;
                }
    }

    /// <summary>
    /// y[B,OC,P] = bias + W · col(x) for a float batch x [B,C,H,W] (the explicit <see cref="Forward"/>'s bits);
    /// with <paramref name="relu"/>, max(0, ·) of that, applied to each tile before it is stored
    /// (a fused ReLU: the same bits as <see cref="Elementwise.ReluForward"/> on the output, without its pass).
    /// </summary>
    public static void ForwardDirect(in ConvShape s, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, bool relu = false)
    {
        CheckBatch(s, batch, x.Length, weight.Length, bias.Length, batch * s.ColRows * s.ColCols, y.Length);
        CheckDirectRuns(s);
        if (batch == 0) return;
        int q = batch * s.ColCols, k = s.ColRows;
        int tasks = Math.Max(1, Math.Min((q + 7) / 8, 2 * WorkerPool.ThreadCount));
        var panels = Scratch(ref t_wPanel, (s.OutChannels + 31) / 32 * k * 32);
        fixed (float* px = x, pw = weight, pb = bias, py = y, pp = panels)
        {
            WeightPanels(s, pw, pp);
            var job = t_directForward ??= new DirectForwardJob();
            job.Set(s, batch, px, pp, pb, py, tasks, PositionTable(s, batch), relu);
            WorkerPool.Run(tasks, job);
            job.Clear();
        }
    }

    /// <summary>The definition <see cref="BackwardWeightsDirect"/> must match bit for bit: one fused chain per weight over samples, then positions.</summary>
    public static void BackwardWeightsDirectScalar(in ConvShape s, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        Span<float> weightGrad, Span<float> biasGrad)
    {
        CheckBatch(s, batch, x.Length, weightGrad.Length, biasGrad.Length, batch * s.ColRows * s.ColCols, dy.Length);
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, ow = s.OutWidth, khw = s.KernelHeight * s.KernelWidth;
        for (int o = 0; o < oc; o++)
            for (int t = 0; t < k; t++)
            {
                int c = t / khw, i = t / s.KernelWidth % s.KernelHeight, j = t % s.KernelWidth;
                float acc = weightGrad[o * k + t];
                for (int n = 0; n < batch; n++)
                    for (int pos = 0; pos < p; pos++)
                    {
                        int iy = pos / ow * s.Stride - s.Padding + i, ix = pos % ow * s.Stride - s.Padding + j;
                        float v = (uint)iy < (uint)s.Height && (uint)ix < (uint)s.Width ? x[n * s.InputSize + (c * s.Height + iy) * s.Width + ix] : 0f;
                        acc = MathF.FusedMultiplyAdd(dy[(n * oc + o) * p + pos], v, acc);
                    }
                weightGrad[o * k + t] = acc;
            }
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < oc; o++)
            {
                float sum = 0f;
                for (int pos = 0; pos < p; pos++) sum += dy[(n * oc + o) * p + pos];
                biasGrad[o] += sum;
            }
    }

    /// <summary>
    /// dW[OC,K] += Σ_n dy_n · col(x_n)ᵀ and dBias[oc] += Σ_n Σ_p dy[n,oc,p] for a float batch x
    /// (the explicit <see cref="BackwardWeights"/>'s bits: chains over samples, then positions).
    /// </summary>
    public static void BackwardWeightsDirect(in ConvShape s, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        Span<float> weightGrad, Span<float> biasGrad)
    {
        CheckBatch(s, batch, x.Length, weightGrad.Length, biasGrad.Length, batch * s.ColRows * s.ColCols, dy.Length);
        CheckDirectRuns(s);
        if (batch == 0) return;
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, q = batch * p;
        int blocks = (oc + 31) / 32;
        var packed = Scratch(ref t_dyT, blocks * q * 32);
        t_posOff = t_posOff is { } po && po.Length >= q ? po : new int[q];
        int threads = WorkerPool.ThreadCount;
        fixed (float* px = x, pdy = dy, pdw = weightGrad, pdb = biasGrad, pk = packed)
        fixed (int* ppos = t_posOff)
        {
            // 1. dYᵀ panels [blocks][q][32] and the position offsets, split over positions.
            var pack = t_dyPack ??= new DyPackJob();
            int packTasks = Math.Max(1, Math.Min((q + 7) / 8, 2 * threads));
            pack.Set(s, batch, pdy, pk, ppos, packTasks);
            WorkerPool.Run(packTasks, pack);
            pack.Clear();
            // 2. Tiles of 8 taps, split over taps; each chain runs over every position in order.
            var job = t_directWeight ??= new DirectWeightJob();
            int tasks = Math.Max(1, Math.Min((k + 7) / 8, threads));
            job.Set(s, batch, px, pk, ppos, pdw, tasks);
            WorkerPool.Run(tasks, job);
            job.Clear();
            var bias = t_biasJob ??= new BiasGradJob();
            int biasTasks = threads == 1 ? 1 : Math.Min((oc + 3) / 4, 2 * threads);
            bias.Set(batch, oc, p, pdy, pdb, biasTasks);
            WorkerPool.Run(biasTasks, bias);
            bias.Clear();
        }
    }

    /// <summary>
    /// The definition <see cref="BackwardInputDirect"/> must match bit for bit: per sample, each tap t in order adds
    /// dcol[t, pos] = (one fused chain over channels from zero of W[o,t]·dy[n,o,pos]) into the
    /// input pixel it read, then the ReLU mask if given (zero where mask ≤ 0 or NaN).
    /// </summary>
    public static void BackwardInputDirectScalar(in ConvShape s, int batch, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, Span<float> dx,
        ReadOnlySpan<float> reluMask = default)
    {
        CheckBatch(s, batch, dx.Length, weight.Length, s.OutChannels, batch * s.ColRows * s.ColCols, dy.Length);
        if (!reluMask.IsEmpty && reluMask.Length != dx.Length) throw new ArgumentException($"ReLU mask must hold {dx.Length} values, got {reluMask.Length}.");
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, ow = s.OutWidth, khw = s.KernelHeight * s.KernelWidth;
        dx.Clear();
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < k; t++)
            {
                int c = t / khw, i = t / s.KernelWidth % s.KernelHeight, j = t % s.KernelWidth;
                for (int pos = 0; pos < p; pos++)
                {
                    int iy = pos / ow * s.Stride - s.Padding + i, ix = pos % ow * s.Stride - s.Padding + j;
                    if ((uint)iy >= (uint)s.Height || (uint)ix >= (uint)s.Width) continue;
                    float v = 0f;
                    for (int o = 0; o < oc; o++) v = MathF.FusedMultiplyAdd(weight[o * k + t], dy[(n * oc + o) * p + pos], v);
                    dx[n * s.InputSize + (c * s.Height + iy) * s.Width + ix] += v;
                }
            }
        if (!reluMask.IsEmpty)
            for (int i = 0; i < dx.Length; i++) dx[i] = reluMask[i] > 0f ? dx[i] : 0f;
    }

    [ThreadStatic] private static float[]? t_wRows;
    [ThreadStatic] private static float[]? t_dcolBlock;
    [ThreadStatic] private static DirectInputJob? t_directInput;

    /// <summary>
    /// dx[B,C,H,W] = col2im(Wᵀ · dy_n) per sample (overwrites dx), the explicit
    /// <see cref="BackwardInput"/>'s bits: task n computes dcol_n 32 taps at a time on the
    /// indexed kernel (dy_n read in place, chains over channels from zero) into an L1-sized
    /// block and adds the block's rows into the phased gradient image in ascending row order.
    /// With a <paramref name="reluMask"/> (the input x [B,C,H,W] when it is a ReLU's output), the
    /// ReLU's backward rides along: dx = (x &gt; 0 ? dx : 0), applied to each sample's gradient while
    /// it is still in cache (<see cref="Elementwise.ReluBackward"/>'s bits, without its pass).
    /// </summary>
    public static void BackwardInputDirect(in ConvShape s, int batch, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, Span<float> dx,
        ReadOnlySpan<float> reluMask = default)
    {
        CheckBatch(s, batch, dx.Length, weight.Length, s.OutChannels, batch * s.ColRows * s.ColCols, dy.Length);
        if (!reluMask.IsEmpty && reluMask.Length != dx.Length) throw new ArgumentException($"ReLU mask must hold {dx.Length} values, got {reluMask.Length}.");
        CheckDirectRuns(s);
        if (batch == 0) return;
        const int NR = Gemm.Indexed.NR;
        int k = s.ColRows, oc = s.OutChannels, blocks = (k + NR - 1) / NR;
        var panels = Scratch(ref t_wRows, blocks * oc * NR);
        fixed (float* pw = weight, pdy = dy, pdx = dx, pp = panels, pm = reluMask)
        {
            // panel[blk][o][j] = W[o, 32·blk + j] (zero past the last tap).
            for (int blk = 0; blk < blocks; blk++)
                for (int o = 0; o < oc; o++)
                {
                    int t0 = blk * NR, nt = Math.Min(NR, k - t0);
                    float* d = pp + ((long)blk * oc + o) * NR;
                    new ReadOnlySpan<float>(pw + (long)o * k + t0, nt).CopyTo(new Span<float>(d, nt));
                    for (int j = nt; j < NR; j++) d[j] = 0f;
                }
            var job = t_directInput ??= new DirectInputJob();
            job.Set(s, pp, pdy, pdx, reluMask.IsEmpty ? null : pm);
            WorkerPool.Run(batch, job);
            job.Clear();
        }
    }

    /// <summary>Task n: sample n's input gradient (see <see cref="BackwardInputDirect"/>).</summary>
    private sealed class DirectInputJob : IParallelWork
    {
        private ConvShape _s;
        private float* _panels, _dy, _dx, _mask;

        public void Set(in ConvShape s, float* panels, float* dy, float* dx, float* mask) { _s = s; _panels = panels; _dy = dy; _dx = dx; _mask = mask; }

        public void Clear() { _panels = _dy = _dx = _mask = null; }

        public void Execute(int n)
        {
            const int MR = Gemm.Indexed.MR, NR = Gemm.Indexed.NR;
            var s = _s;
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels;
            var phases = Scratch(ref t_phases, PhasedSize(s));
            phases.Clear();
            int* rowOff = stackalloc int[MR];
            float* tile = stackalloc float[MR * NR];
            fixed (int* kOff = IntScratch(ref t_tapOff, oc))
            fixed (float* block = Scratch(ref t_dcolBlock, NR * p))
            {
                for (int o = 0; o < oc; o++) kOff[o] = o * p; // dy_n[o, pos] = dy_n[pos + o·P]
                float* dyn = _dy + (long)n * oc * p;
                for (int t0 = 0; t0 < k; t0 += NR)
                {
                    int nt = Math.Min(NR, k - t0);
                    float* panel = _panels + (long)(t0 / NR) * oc * NR;
                    for (int g = 0; g < p; g += MR)
                    {
                        int mr = Math.Min(MR, p - g);
                        for (int i = 0; i < MR; i++) rowOff[i] = g + Math.Min(i, mr - 1);
                        new Span<float>(tile, MR * NR).Clear();
                        Gemm.Indexed.Kernel8x32(oc, dyn, rowOff, kOff, panel, tile, nt);
                        // block[j, g + i] = dcol_n[t0 + j, g + i]
                        if (mr == MR && nt == NR)
                        {
                            for (int jb = 0; jb < NR; jb += 8) Transpose8x8(tile + jb, NR, block + (long)jb * p + g, p);
                            continue;
                        }
                        for (int i = 0; i < mr; i++)
                            for (int j = 0; j < nt; j++) block[(long)j * p + g + i] = tile[i * NR + j];
                    }
                    ScatterRows(s, new ReadOnlySpan<float>(block, nt * p), t0, nt, phases);
                }
            }
            var dxn = new Span<float>(_dx + (long)n * s.InputSize, s.InputSize);
            Interleave(s, phases, dxn);
            // The ReLU below this convolution (its output is this input): zero where it cut, in place while dxn is hot.
            if (_mask != null) Elementwise.ReluBackward(new ReadOnlySpan<float>(_mask + (long)n * s.InputSize, s.InputSize), dxn, dxn);
        }
    }

    /// <summary>
    /// Adds col rows r0..r0+count−1 (given as count rows of P) into the phased gradient image,
    /// in row order: each output row's run of OW entries lands on a contiguous run of a phase
    /// row. Runs are short (conv2: 9, conv3: 7), so the adds are inline: 8-wide, then one
    /// masked 8-wide add for the rest (lanes past the run are neither read nor written).
    /// Elementwise adds, so the same bits as the scalar col2im's.
    /// </summary>
    private static void ScatterRows(in ConvShape s, ReadOnlySpan<float> rows, int r0, int count, Span<float> phases)
    {
        int st = s.Stride, pw = PhaseWidth(s), oh = s.OutHeight, ow = s.OutWidth, p = oh * ow;
        int khw = s.KernelHeight * s.KernelWidth;
        int full = ow / 8 * 8, rest = ow - full;
        var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(rest)).AsSingle();
        fixed (float* pr = rows, ph = phases)
        {
            for (int r = 0; r < count; r++)
            {
                int g = r0 + r, c = g / khw, i = g / s.KernelWidth % s.KernelHeight, j = g % s.KernelWidth;
                float* src = pr + (long)r * p;
                float* dst = ph + ((c * s.Height + i) * st + j % st) * pw + j / st;
                long step = (long)st * st * pw; // one output row further: stride input rows of stride phases
                for (int oy = 0; oy < oh; oy++, src += ow, dst += step)
                {
                    int t = 0;
                    for (; t < full; t += 8) Avx.Store(dst + t, Avx.Add(Avx.LoadVector256(dst + t), Avx.LoadVector256(src + t)));
                    if (rest != 0) Avx.MaskStore(dst + t, mask, Avx.Add(Avx.MaskLoad(dst + t, mask), Avx.MaskLoad(src + t, mask)));
                }
            }
        }
    }

    /// <summary>
    /// x[i] = table[bytes[i]]: a byte batch as floats, for the direct passes. The usual table
    /// (b / 255) is computed with <see cref="Over255"/> (the same bits), any other is looked up.
    /// </summary>
    public static void BytesToFloats(ReadOnlySpan<byte> bytes, ReadOnlySpan<float> table, Span<float> x)
    {
        if (table.Length != 256) throw new ArgumentException($"Byte scale table must have 256 entries, got {table.Length}.");
        if (x.Length != bytes.Length) throw new ArgumentException($"Expected {bytes.Length} floats, got {x.Length}.");
        int i = 0;
        if (Avx2.IsSupported && table.SequenceEqual(s_byteOver255))
        {
            fixed (byte* pb = bytes)
            fixed (float* px = x)
                for (; i + 8 <= bytes.Length; i += 8)
                    Avx.Store(px + i, Over255(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(pb + i))));
        }
        for (; i < bytes.Length; i++) x[i] = table[bytes[i]];
    }

    /// <summary>Scalar twin of <see cref="BytesToFloats"/>.</summary>
    public static void BytesToFloatsScalar(ReadOnlySpan<byte> bytes, ReadOnlySpan<float> table, Span<float> x)
    {
        if (table.Length != 256) throw new ArgumentException($"Byte scale table must have 256 entries, got {table.Length}.");
        if (x.Length != bytes.Length) throw new ArgumentException($"Expected {bytes.Length} floats, got {x.Length}.");
        for (int i = 0; i < bytes.Length; i++) x[i] = table[bytes[i]];
    }

    [ThreadStatic] private static DirectForwardJob? t_directForward;
    [ThreadStatic] private static DirectWeightJob? t_directWeight;
    [ThreadStatic] private static DyPackJob? t_dyPack;
    [ThreadStatic] private static float[]? t_dyT;
    [ThreadStatic] private static int[]? t_posOff;
    [ThreadStatic] private static int[]? t_tapOff;
    [ThreadStatic] private static float[]? t_wPanel;
    [ThreadStatic] private static float[]? t_accTiles;

    /// <summary>
    /// Wᵀ in 32-channel panels, dst[blk][t][j] = W[32·blk + j, t] (zero past the last channel):
    /// the forward's B operand, packed once per call by the calling thread (8x8 transposes).
    /// </summary>
    private static void WeightPanels(in ConvShape s, float* w, float* dst)
    {
        const int NR = Gemm.Indexed.NR;
        int k = s.ColRows, oc = s.OutChannels;
        for (int o0 = 0; o0 < oc; o0 += NR)
        {
            float* panel = dst + (long)(o0 / NR) * k * NR;
            for (int jb = 0; jb < NR; jb += 8)
            {
                int t = 0;
                if (o0 + jb + 8 <= oc)
                    for (; t + 8 <= k; t += 8) Transpose8x8(w + (long)(o0 + jb) * k + t, k, panel + t * NR + jb, NR);
                for (; t < k; t++)
                    for (int j = jb; j < jb + 8; j++) panel[t * NR + j] = o0 + j < oc ? w[(long)(o0 + j) * k + t] : 0f;
            }
        }
    }

    /// <summary>Scalar twin of <see cref="WeightPanels"/>: dst[blk][t][j] = W[32·blk + j, t], zero past the last channel.</summary>
    internal static void WeightPanelsScalar(in ConvShape s, ReadOnlySpan<float> w, Span<float> dst)
    {
        const int NR = Gemm.Indexed.NR;
        int k = s.ColRows, oc = s.OutChannels;
        for (int blk = 0; blk < (oc + NR - 1) / NR; blk++)
            for (int t = 0; t < k; t++)
                for (int j = 0; j < NR; j++)
                    dst[(blk * k + t) * NR + j] = blk * NR + j < oc ? w[(blk * NR + j) * k + t] : 0f;
    }

    /// <summary><see cref="WeightPanels"/> on spans (dst holds ceil(OC/32)·K·32 floats): a test hook beside its twin.</summary>
    internal static void WeightPanels(in ConvShape s, ReadOnlySpan<float> w, Span<float> dst)
    {
        if (w.Length != s.WeightSize || dst.Length != (s.OutChannels + 31) / 32 * s.ColRows * 32) throw new ArgumentException("WeightPanels: wrong lengths.");
        fixed (float* pw = w, pd = dst) WeightPanels(s, pw, pd);
    }

    /// <summary>
    /// The weight gradient's packed dYᵀ panels, packed[blk][g][j] = dY[n, 32·blk + j, pos] for
    /// position g = n·P + pos (zero past the last channel), and posOff[g] = the position's input
    /// offset, on the pool as <see cref="BackwardWeightsDirect"/> packs them: a test hook.
    /// </summary>
    internal static void PackDyT(in ConvShape s, int batch, ReadOnlySpan<float> dy, Span<float> packed, Span<int> posOff)
    {
        int q = batch * s.ColCols;
        if (dy.Length != batch * s.OutputSize || packed.Length != (s.OutChannels + 31) / 32 * q * 32 || posOff.Length != q) throw new ArgumentException("PackDyT: wrong lengths.");
        fixed (float* pdy = dy, pk = packed)
        fixed (int* ppos = posOff)
        {
            var pack = new DyPackJob();
            int tasks = Math.Max(1, Math.Min((q + 7) / 8, 2 * WorkerPool.ThreadCount));
            pack.Set(s, batch, pdy, pk, ppos, tasks);
            WorkerPool.Run(tasks, pack);
        }
    }

    /// <summary>Scalar twin of <see cref="PackDyT"/>: the definition, element by element.</summary>
    internal static void PackDyTScalar(in ConvShape s, int batch, ReadOnlySpan<float> dy, Span<float> packed, Span<int> posOff)
    {
        const int NR = Gemm.Indexed.NR;
        int p = s.ColCols, oc = s.OutChannels, q = batch * p;
        for (int g = 0; g < q; g++)
        {
            int n = g / p, pos = g % p;
            posOff[g] = n * s.InputSize + pos / s.OutWidth * s.Stride * s.Width + pos % s.OutWidth * s.Stride;
            for (int blk = 0; blk < (oc + NR - 1) / NR; blk++)
                for (int j = 0; j < NR; j++)
                {
                    int o = blk * NR + j;
                    packed[(blk * q + g) * NR + j] = o < oc ? dy[(n * oc + o) * p + pos] : 0f;
                }
        }
    }

    /// <summary>Flat offset in x [B,C,H,W] of position g's top-left input pixel (g = n·P + oy·OW + ox).</summary>
    private static int PositionOffset(in ConvShape s, int g)
    {
        int p = s.ColCols, n = g / p, pos = g % p;
        return n * s.InputSize + pos / s.OutWidth * s.Stride * s.Width + pos % s.OutWidth * s.Stride;
    }

    /// <summary>A few (geometry, batch) → position-offset tables: one per layer of a network, per calling thread.</summary>
    private sealed class PositionCache
    {
        private readonly (ConvShape Shape, int Batch, int[] Table)[] _slots = new (ConvShape, int, int[])[8];
        private int _next;

        public int[] Get(in ConvShape s, int batch)
        {
            for (int i = 0; i < _slots.Length; i++)
                if (_slots[i].Table is { } t && _slots[i].Batch == batch && _slots[i].Shape == s) return t;
            int q = batch * s.ColCols;
            var table = new int[q];
            for (int g = 0; g < q; g++) table[g] = PositionOffset(s, g);
            _slots[_next] = (s, batch, table);
            _next = (_next + 1) % _slots.Length;
            return table;
        }
    }

    [ThreadStatic] private static PositionCache? t_positions;

    /// <summary>
    /// PositionOffset(g) for every position of the batch, built once per geometry and batch
    /// size (it depends on nothing else) and then reused.
    /// </summary>
    private static int[] PositionTable(in ConvShape s, int batch) => (t_positions ??= new PositionCache()).Get(s, batch);

    /// <summary>tapOff[t] = (c·H + i)·W + j for every tap t (per-thread scratch).</summary>
    private static int* TapOffsets(in ConvShape s, int* dst)
    {
        int khw = s.KernelHeight * s.KernelWidth;
        for (int t = 0; t < s.ColRows; t++)
        {
            int c = t / khw, i = t / s.KernelWidth % s.KernelHeight, j = t % s.KernelWidth;
            dst[t] = (c * s.Height + i) * s.Width + j;
        }
        return dst;
    }

    private static int[] IntScratch(ref int[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new int[length];
        return buffer;
    }

    /// <summary>Task: a run of 8-position tiles over the whole batch, every 32-channel block (W given as its packed panels).</summary>
    private sealed class DirectForwardJob : IParallelWork
    {
        private ConvShape _s;
        private int _batch, _tasks;
        private float* _x, _w, _b, _y;
        private int[]? _positions;
        private bool _relu;

        public void Set(in ConvShape s, int batch, float* x, float* w, float* b, float* y, int tasks, int[] positions, bool relu)
        {
            _s = s; _batch = batch; _x = x; _w = w; _b = b; _y = y; _tasks = tasks; _positions = positions; _relu = relu;
        }

        public void Clear() { _x = _w = _b = _y = null; _positions = null; }

        public void Execute(int index)
        {
            const int MR = Gemm.Indexed.MR, NR = Gemm.Indexed.NR;
            var s = _s;
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, q = _batch * p;
            (int start, int count) = Gemm.Blocked.Chunk(q, MR, _tasks, index);
            if (count == 0) return;
            int* rowOff = stackalloc int[MR];
            float* tile = stackalloc float[MR * NR];
            float* biasRow = stackalloc float[NR];
            fixed (int* tapOff = IntScratch(ref t_tapOff, k), positions = _positions)
            {
                TapOffsets(s, tapOff);
                for (int o0 = 0; o0 < oc; o0 += NR)
                {
                    int nc = Math.Min(NR, oc - o0);
                    float* panel = _w + (long)(o0 / NR) * k * NR; // Wᵀ for this block (WeightPanels)
                    for (int j = 0; j < NR; j++) biasRow[j] = j < nc ? _b[o0 + j] : 0f;
                    for (int g = start; g < start + count; g += MR)
                    {
                        int mr = Math.Min(MR, start + count - g);
                        // Rows past the last position repeat it (valid reads, results dropped).
                        // Whole tiles read their eight offsets straight from the table.
                        int* offsets = rowOff;
                        if (mr == MR) offsets = positions + g;
                        else for (int i = 0; i < MR; i++) rowOff[i] = positions[g + Math.Min(i, mr - 1)];
                        for (int i = 0; i < MR; i++)
                            for (int j = 0; j < NR; j += 8) Vector256.Store(Vector256.Load(biasRow + j), tile + i * NR + j);
                        Gemm.Indexed.Kernel8x32(k, _x, offsets, tapOff, panel, tile, nc);
                        if (_relu)
                            for (int i = 0; i < MR * NR; i += 8)
                            {
                                // Keep v only where v > 0 (NaN and −0 become +0): the ReLU kernel's rule.
                                var v = Vector256.Load(tile + i);
                                Vector256.Store(Vector256.GreaterThan(v, Vector256<float>.Zero) & v, tile + i);
                            }
                        int n0 = g / p, pos0 = g % p;
                        if (mr == MR && nc % 8 == 0 && pos0 + MR <= p)
                        {
                            // Eight positions of one sample: y[n0, o0 + j, pos0 .. pos0 + 7] is contiguous.
                            float* dst = _y + ((long)n0 * oc + o0) * p + pos0;
                            for (int jb = 0; jb < nc; jb += 8) Transpose8x8(tile + jb, NR, dst + (long)jb * p, p);
                            continue;
                        }
                        for (int i = 0; i < mr; i++)
                        {
                            int n = (g + i) / p, pos = (g + i) % p;
                            for (int j = 0; j < nc; j++) _y[((long)n * oc + o0 + j) * p + pos] = tile[i * NR + j];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Task: a run of positions; writes their dYᵀ rows (every channel block) and offsets.</summary>
    private sealed class DyPackJob : IParallelWork
    {
        private ConvShape _s;
        private int _batch, _tasks;
        private float* _dy, _packed;
        private int* _posOff;

        public void Set(in ConvShape s, int batch, float* dy, float* packed, int* posOff, int tasks)
        {
            _s = s; _batch = batch; _dy = dy; _packed = packed; _posOff = posOff; _tasks = tasks;
        }

        public void Clear() { _dy = _packed = null; _posOff = null; }

        public void Execute(int index)
        {
            const int NR = Gemm.Indexed.NR;
            var s = _s;
            int p = s.ColCols, oc = s.OutChannels, q = _batch * p;
            (int start, int count) = Gemm.Blocked.Chunk(q, 8, _tasks, index);
            for (int g = start; g < start + count; g++) _posOff[g] = PositionOffset(s, g);
            for (int o0 = 0, blk = 0; o0 < oc; o0 += NR, blk++)
            {
                int nc = Math.Min(NR, oc - o0);
                float* dst = _packed + (long)blk * q * NR;
                for (int g = start; g < start + count;)
                {
                    int n = g / p, pos = g % p;
                    float* src = _dy + ((long)n * oc + o0) * p + pos; // dY[n, o0 + j, pos] at src + j·p
                    if (nc == NR && pos + 8 <= p && g + 8 <= start + count)
                    {
                        for (int jb = 0; jb < NR; jb += 8) Transpose8x8(src + (long)jb * p, p, dst + (long)g * NR + jb, NR);
                        g += 8;
                        continue;
                    }
                    for (int j = 0; j < NR; j++) dst[(long)g * NR + j] = j < nc ? src[(long)j * p] : 0f;
                    g++;
                }
            }
        }
    }

    /// <summary>
    /// Task: a run of 8-tap tiles, every channel block; positions in blocks of
    /// <see cref="DirectQC"/> with each tile's partial chains parked in per-task scratch
    /// between blocks (an exact round trip), so a block's dYᵀ stays in L2 for all tiles.
    /// </summary>
    private sealed class DirectWeightJob : IParallelWork
    {
        private ConvShape _s;
        private int _batch, _tasks;
        private float* _x, _packed, _dw;
        private int* _posOff;

        public void Set(in ConvShape s, int batch, float* x, float* packed, int* posOff, float* dw, int tasks)
        {
            _s = s; _batch = batch; _x = x; _packed = packed; _posOff = posOff; _dw = dw; _tasks = tasks;
        }

        public void Clear() { _x = _packed = _dw = null; _posOff = null; }

        public void Execute(int index)
        {
            const int MR = Gemm.Indexed.MR, NR = Gemm.Indexed.NR;
            var s = _s;
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, q = _batch * p;
            (int start, int count) = Gemm.Blocked.Chunk(k, MR, _tasks, index);
            if (count == 0) return;
            int tiles = (count + MR - 1) / MR;
            int* rowOff = stackalloc int[MR];
            fixed (int* tapOff = IntScratch(ref t_tapOff, k))
            fixed (float* acc = Scratch(ref t_accTiles, tiles * MR * NR))
            {
                TapOffsets(s, tapOff);
                for (int o0 = 0, blk = 0; o0 < oc; o0 += NR, blk++)
                {
                    int nc = Math.Min(NR, oc - o0);
                    float* panel = _packed + (long)blk * q * NR;
                    // acc tile [t, j] = dW[o0 + j, tap t] (the chains start from the gradient so far).
                    for (int tt = 0; tt < tiles; tt++)
                        for (int i = 0; i < MR; i++)
                            for (int j = 0; j < NR; j++)
                            {
                                int t = start + tt * MR + i;
                                acc[(tt * MR + i) * NR + j] = t < start + count && j < nc ? _dw[(long)(o0 + j) * k + t] : 0f;
                            }
                    for (int qc = 0; qc < q; qc += DirectQC)
                    {
                        int kc = Math.Min(DirectQC, q - qc);
                        for (int tt = 0; tt < tiles; tt++)
                        {
                            int t0 = start + tt * MR, mr = Math.Min(MR, start + count - t0);
                            for (int i = 0; i < MR; i++) rowOff[i] = tapOff[t0 + Math.Min(i, mr - 1)];
                            Gemm.Indexed.Kernel8x32(kc, _x, rowOff, _posOff + qc, panel + (long)qc * NR, acc + tt * MR * NR, nc);
                        }
                    }
                    for (int tt = 0; tt < tiles; tt++)
                        for (int i = 0; i < MR; i++)
                        {
                            int t = start + tt * MR + i;
                            if (t >= start + count) break;
                            for (int j = 0; j < nc; j++) _dw[(long)(o0 + j) * k + t] = acc[(tt * MR + i) * NR + j];
                        }
                }
            }
        }
    }
}
