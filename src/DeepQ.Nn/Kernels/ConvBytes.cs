using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Byte-input convolution (uint8 frames x [B,C,H,W], each byte b entering as table[b], e.g.
/// b / 255 for the Nature network's first layer) without the float column matrix [B,K,P]
/// (conv1 of a batch of 32: 13 MB written by im2col, then read back and transposed by the
/// packer). The forward already packs its panels from a phased image of one sample (see
/// <see cref="ImplicitSample"/>); the weight gradient here packs its [kc positions, 32 taps]
/// panels straight from the bytes. Same panel values in the same places and the same
/// micro-kernel and depth blocking as the explicit path, so the results are equal bit for bit.
/// </summary>
public static unsafe partial class Conv
{
    /// <summary>
    /// True when <see cref="BackwardWeightsBytes"/> (and the batch forward from bytes) run
    /// implicitly: AVX-512 tiles and no padding. Otherwise they build the column matrices.
    /// </summary>
    public static bool ImplicitBytes(in ConvShape s) =>
        Gemm.Blocked.UseAvx512 && Avx512F.IsSupported && Fma.IsSupported && Avx2.IsSupported && s.Padding == 0;

    /// <summary>
    /// b / 255 rounded to float for integer-valued b in 0..255, exactly as the division rounds:
    /// q = b·(1/255) is at most one unit off, the fused residual b − 255·q is exact, and one
    /// fused correction step lands on the correctly rounded quotient (checked for all 256 bytes
    /// by the tests). Several times cheaper than a vector divide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Over255(Vector256<float> b)
    {
        if (!Fma.IsSupported) return Avx.Divide(b, Vector256.Create(255f));
        var r = Vector256.Create(1f / 255f);
        var q = Avx.Multiply(b, r);
        var e = Fma.MultiplyAddNegated(q, Vector256.Create(255f), b);
        return Fma.MultiplyAdd(e, r, q);
    }

    /// <summary>Over255 on eight bytes: a test hook for the exactness claim (all 256 values).</summary>
    internal static void Over255Bytes(ReadOnlySpan<byte> x, Span<float> y)
    {
        if (x.Length != 8 || y.Length != 8) throw new ArgumentException("Eight bytes in, eight floats out.");
        fixed (byte* px = x)
        fixed (float* py = y)
            Avx.Store(py, Over255(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(px))));
    }

    /// <summary>
    /// dW[OC,K] += Σ_n dy_n[OC,P] · col_nᵀ and dBias[oc] += Σ_n Σ_p dy[n,oc,p], where col_n is
    /// im2col of the byte sample x_n through <paramref name="table"/>; the same chains and bits
    /// as <see cref="BackwardWeights"/> on those columns, without ever writing them.
    /// </summary>
    public static void BackwardWeightsBytes(in ConvShape s, int batch, ReadOnlySpan<byte> x, ReadOnlySpan<float> table,
        ReadOnlySpan<float> dy, Span<float> weightGrad, Span<float> biasGrad)
    {
        CheckBatch(s, batch, x.Length, weightGrad.Length, biasGrad.Length, batch * s.ColRows * s.ColCols, dy.Length);
        if (table.Length != 256) throw new ArgumentException($"Byte scale table must have 256 entries, got {table.Length}.");
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels;
        if (!ImplicitBytes(s) || batch == 0)
        {
            // Portable path: the column matrices in scratch, then the explicit pass.
            var cols = Scratch(ref t_byteCols, batch * k * p);
            for (int n = 0; n < batch; n++)
                Im2ColBytes(s, x.Slice(n * s.InputSize, s.InputSize), table, cols.Slice(n * k * p, k * p));
            BackwardWeights(s, batch, cols, dy, weightGrad, biasGrad);
            return;
        }
        bool over255 = table.SequenceEqual(s_byteOver255);
        fixed (byte* px = x)
        fixed (float* pt = table, pdy = dy, pdw = weightGrad, pdb = biasGrad)
        {
            // Fixed partition: task t owns a run of whole 32-tap column panels of dW over all
            // positions in order, so each element's chain is the serial one for any thread count.
            int panels = (k + 31) / 32;
            int tasks = Math.Min(panels, WorkerPool.ThreadCount);
            var job = t_byteWeightJob ??= new ByteWeightGradJob();
            job.Set(s, batch, px, over255 ? null : pt, pdy, pdw, tasks);
            WorkerPool.Run(tasks, job);
            job.Clear();
            var bias = t_biasJob ??= new BiasGradJob();
            int biasTasks = WorkerPool.ThreadCount == 1 ? 1 : Math.Min((oc + 3) / 4, 2 * WorkerPool.ThreadCount);
            bias.Set(batch, oc, p, pdy, pdb, biasTasks);
            WorkerPool.Run(biasTasks, bias);
            bias.Clear();
        }
    }

    /// <summary>
    /// Scalar twin of <see cref="BackwardWeightsBytes"/>: the definition, one fused chain per
    /// weight over samples then positions in order; each bias plane summed left to right and
    /// the plane sums added in sample order.
    /// </summary>
    public static void BackwardWeightsBytesScalar(in ConvShape s, int batch, ReadOnlySpan<byte> x, ReadOnlySpan<float> table,
        ReadOnlySpan<float> dy, Span<float> weightGrad, Span<float> biasGrad)
    {
        CheckBatch(s, batch, x.Length, weightGrad.Length, biasGrad.Length, batch * s.ColRows * s.ColCols, dy.Length);
        int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, ow = s.OutWidth;
        for (int o = 0; o < oc; o++)
            for (int kk = 0; kk < k; kk++)
            {
                int c = kk / (s.KernelHeight * s.KernelWidth), i = kk / s.KernelWidth % s.KernelHeight, j = kk % s.KernelWidth;
                float acc = weightGrad[o * k + kk];
                for (int n = 0; n < batch; n++)
                    for (int q = 0; q < p; q++)
                    {
                        int iy = q / ow * s.Stride - s.Padding + i, ix = q % ow * s.Stride - s.Padding + j;
                        float v = (uint)iy < (uint)s.Height && (uint)ix < (uint)s.Width ? table[x[n * s.InputSize + (c * s.Height + iy) * s.Width + ix]] : 0f;
                        acc = MathF.FusedMultiplyAdd(dy[(n * oc + o) * p + q], v, acc);
                    }
                weightGrad[o * k + kk] = acc;
            }
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < oc; o++)
            {
                float sum = 0f;
                for (int q = 0; q < p; q++) sum += dy[(n * oc + o) * p + q];
                biasGrad[o] += sum;
            }
    }

    [ThreadStatic] private static float[]? t_byteCols;
    [ThreadStatic] private static ByteWeightGradJob? t_byteWeightJob;

    /// <summary>
    /// Task t: dW[:, its 32-tap panels] += dY[OC, B*P] · col[K, B*P]ᵀ on the 8x32 micro-kernel,
    /// depth (positions, samples in order) in blocks of KC: dY packed as A once per block, each
    /// [kc, 32] panel of colᵀ packed from the bytes and reused by every 8-row tile of dW.
    /// </summary>
    private sealed class ByteWeightGradJob : IParallelWork
    {
        private ConvShape _s;
        private int _batch, _tasks;
        private byte* _x;
        private float* _table, _dy, _dw;

        /// <summary><paramref name="table"/> null: bytes enter as b / 255 (computed exactly).</summary>
        public void Set(in ConvShape s, int batch, byte* x, float* table, float* dy, float* dw, int tasks)
        {
            _s = s; _batch = batch; _x = x; _table = table; _dy = dy; _dw = dw; _tasks = tasks;
        }

        public void Clear() { _x = null; _table = _dy = _dw = null; }

        public void Execute(int index)
        {
            const int MR = 8, NR = 32, KC = Gemm.Blocked.KC;
            var s = _s;
            int k = s.ColRows, p = s.ColCols, oc = s.OutChannels, q = _batch * p;
            (int start, int count) = Gemm.Blocked.Chunk(k, NR, _tasks, index);
            if (count == 0) return;
            int ocPad = (oc + MR - 1) / MR * MR;
            var packA = Scratch(ref t_implicitA, ocPad * KC);
            var packB = Scratch(ref t_implicitB, KC * NR);
            var seg = new Gemm.Seg(p, (long)oc * p);
            fixed (float* pa = packA, panel = packB)
            {
                for (int pc = 0; pc < q; pc += KC)
                {
                    int kc = Math.Min(KC, q - pc);
                    Gemm.Blocked.PackA(false, _dy, p, seg, 0, pc, oc, kc, MR, pa);
                    for (int jr = start; jr < start + count; jr += NR)
                    {
                        int nr = Math.Min(NR, start + count - jr);
                        PackBytePanel(s, _x, _table, pc, kc, jr, nr, panel);
                        for (int ir = 0; ir < oc; ir += MR)
                        {
                            int mr = Math.Min(MR, oc - ir);
                            float* ct = _dw + (long)ir * k + jr;
                            if (mr == MR && nr == NR) Gemm.Blocked.Kernel8x32(kc, pa + ir * kc, panel, ct, k, true);
                            else Gemm.Blocked.EdgeTile(true, kc, pa + ir * kc, panel, ct, k, mr, nr, true);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// panel[r, t] = col[tap0 + t, position pc + r] (zero for t ≥ nr): the [kc, 32] B panel of
    /// colᵀ for taps tap0.. and positions pc.. of the whole batch (position g = n·P + p). When
    /// the kernel width is a multiple of 8, eight consecutive taps are eight consecutive bytes
    /// of one input row, converted in one go; otherwise element by element.
    /// </summary>
    private static void PackBytePanel(in ConvShape s, byte* x, float* table, int pc, int kc, int tap0, int nr, float* panel)
    {
        const int NR = 32;
        int p = s.ColCols, ow = s.OutWidth, st = s.Stride, w = s.Width, insz = s.InputSize;
        int khw = s.KernelHeight * s.KernelWidth;
        // Offset of each tap inside a sample, relative to the position's top-left input pixel.
        int* tapOffset = stackalloc int[NR];
        for (int t = 0; t < nr; t++)
        {
            int tap = tap0 + t, c = tap / khw, i = tap / s.KernelWidth % s.KernelHeight, j = tap % s.KernelWidth;
            tapOffset[t] = (c * s.Height + i) * w + j;
        }
        bool runs = table == null && nr == NR && s.KernelWidth % 8 == 0 && tap0 % 8 == 0;
        int n = pc / p, pos = pc % p;
        for (int r = 0; r < kc; r++)
        {
            byte* origin = x + (long)n * insz + pos / ow * st * w + pos % ow * st;
            float* d = panel + r * NR;
            if (runs)
            {
                // Taps t..t+7 (t a multiple of 8) share c and i and run j over eight consecutive bytes.
                for (int t = 0; t < NR; t += 8)
                    Avx.Store(d + t, Over255(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(origin + tapOffset[t]))));
            }
            else
            {
                int t = 0;
                if (table == null) for (; t < nr; t++) d[t] = s_byteOver255[origin[tapOffset[t]]];
                else for (; t < nr; t++) d[t] = table[origin[tapOffset[t]]];
                for (; t < NR; t++) d[t] = 0f;
            }
            if (++pos == p) { pos = 0; n++; }
        }
    }
}
