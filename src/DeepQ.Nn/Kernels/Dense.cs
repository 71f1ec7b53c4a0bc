using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static DeepQ.Nn.Kernels.Transpose;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Fully connected forward with the weight W [out, in] read in place by the indexed
/// micro-kernel (<see cref="Gemm.Indexed"/>) instead of being transposed into packed panels
/// on every call (fc1 of the Nature network: 6.4 MB of weights per forward):
/// y[b, o] = bias[o] + Σ_i W[o, i]·x[b, i] in tiles of 8 outputs × 32 samples, W's rows
/// broadcast in place and xᵀ (small) packed. Each element is the same in-order fused chain as
/// <see cref="Gemm.Sgemm"/> gives the layer, so the same bits; tasks own disjoint runs of
/// outputs, so thread count and timing change nothing. (The input gradient stays on the GEMM:
/// reading W by column bands in place measured slower than packing it.)
/// </summary>
public static unsafe class Dense
{
    /// <summary>Batches above this use the indexed passes (acting, B = 1, stays on the unpacked small-product path).</summary>
    public const int MinBatch = Gemm.SmallM + 1;

    /// <summary>True when the indexed passes run for this batch and these sizes.</summary>
    public static bool Applies(int batch, int inFeatures, int outFeatures) =>
        Gemm.Indexed.Available && Fma.IsSupported && batch >= MinBatch && (long)inFeatures * outFeatures < int.MaxValue;

    /// <summary>y[B, out] = x[B, in] · Wᵀ + bias, each element one chain from the bias.</summary>
    public static void Forward(int batch, int inFeatures, int outFeatures, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        Check(batch, inFeatures, outFeatures, x.Length, weight.Length, y.Length);
        if (bias.Length != outFeatures) throw new ArgumentException($"Bias must hold {outFeatures} values, got {bias.Length}.");
        if (!Applies(batch, inFeatures, outFeatures))
        {
            ForwardScalarOrGemm(batch, inFeatures, outFeatures, x, weight, bias, y, scalar: false);
            return;
        }
        const int NR = Gemm.Indexed.NR;
        int blocks = (batch + NR - 1) / NR;
        var panels = Scratch(ref t_panels, blocks * inFeatures * NR);
        var kOff = (t_forwardOffsets ??= new OffsetTable()).Get(inFeatures, 1);
        fixed (float* px = x, pw = weight, pb = bias, py = y, pp = panels)
        fixed (int* pk = kOff)
        {
            PackRows(px, batch, inFeatures, pp);
            var job = t_job ??= new Job();
            int tasks = Math.Max(1, Math.Min((outFeatures + 7) / 8, 2 * WorkerPool.ThreadCount));
            job.Set(batch, outFeatures, inFeatures, pw, pk, pp, pb, py, tasks);
            WorkerPool.Run(tasks, job);
            job.Clear();
        }
    }

    /// <summary>Scalar twin of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(int batch, int inFeatures, int outFeatures, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        Check(batch, inFeatures, outFeatures, x.Length, weight.Length, y.Length);
        ForwardScalarOrGemm(batch, inFeatures, outFeatures, x, weight, bias, y, scalar: true);
    }

    private static void ForwardScalarOrGemm(int batch, int inFeatures, int outFeatures, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, bool scalar)
    {
        for (int n = 0; n < batch; n++) bias.CopyTo(y.Slice(n * outFeatures, outFeatures));
        if (scalar) Gemm.SgemmScalar(false, true, batch, outFeatures, inFeatures, x, inFeatures, weight, inFeatures, y, outFeatures, accumulate: true);
        else Gemm.Sgemm(false, true, batch, outFeatures, inFeatures, x, inFeatures, weight, inFeatures, y, outFeatures, accumulate: true);
    }

    private static void Check(int batch, int inFeatures, int outFeatures, int xLength, int wLength, int yLength)
    {
        if (batch < 0 || inFeatures <= 0 || outFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(batch), $"Invalid dense sizes: batch {batch}, {inFeatures} -> {outFeatures}.");
        if (xLength != batch * inFeatures) throw new ArgumentException($"Input must hold B*in = {batch * inFeatures} values, got {xLength}.");
        if (wLength != inFeatures * outFeatures) throw new ArgumentException($"Weight must hold out*in = {inFeatures * outFeatures} values, got {wLength}.");
        if (yLength != batch * outFeatures) throw new ArgumentException($"Output must hold B*out = {batch * outFeatures} values, got {yLength}.");
    }

    [ThreadStatic] private static float[]? t_panels;
    [ThreadStatic] private static Job? t_job;

    private static Span<float> Scratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }

    /// <summary>kOff[p] = p · step for p &lt; count, per thread and per use, rebuilt only when the sizes change.</summary>
    private sealed class OffsetTable
    {
        private int[] _values = [];
        private int _count = -1, _step;

        public int[] Get(int count, int step)
        {
            if (count == _count && step == _step) return _values;
            if (_values.Length < count) _values = new int[count];
            for (int p = 0; p < count; p++) _values[p] = p * step;
            _count = count;
            _step = step;
            return _values;
        }
    }

    [ThreadStatic] private static OffsetTable? t_forwardOffsets;

    /// <summary>panel[blk][p][j] = m[32·blk + j, p] for a row-major m [rows, cols] (zero past the last row).</summary>
    private static void PackRows(float* m, int rows, int cols, float* dst)
    {
        const int NR = Gemm.Indexed.NR;
        for (int r0 = 0; r0 < rows; r0 += NR)
        {
            float* panel = dst + (long)(r0 / NR) * cols * NR;
            for (int jb = 0; jb < NR; jb += 8)
            {
                int p = 0;
                if (r0 + jb + 8 <= rows)
                    for (; p + 8 <= cols; p += 8) Transpose8x8(m + (long)(r0 + jb) * cols + p, cols, panel + p * NR + jb, NR);
                for (; p < cols; p++)
                    for (int j = jb; j < jb + 8; j++) panel[p * NR + j] = r0 + j < rows ? m[(long)(r0 + j) * cols + p] : 0f;
            }
        }
    }

    /// <summary>
    /// Task: a run of 8-output tiles over every 32-sample block; row r of the broadcast operand
    /// is W's row r (at w + r·in), its depth steps the offsets kOff (0, 1, 2, ...); tiles
    /// start from the bias.
    /// </summary>
    private sealed class Job : IParallelWork
    {
        private int _batch, _rows, _depth, _tasks;
        private float* _a, _panels, _bias, _out;
        private int* _kOff;

        public void Set(int batch, int rows, int depth, float* a, int* kOff, float* panels, float* bias, float* output, int tasks)
        {
            _batch = batch; _rows = rows; _depth = depth; _a = a;
            _kOff = kOff; _panels = panels; _bias = bias; _out = output; _tasks = tasks;
        }

        public void Clear() { _a = _panels = _bias = _out = null; _kOff = null; }

        public void Execute(int index)
        {
            const int MR = Gemm.Indexed.MR, NR = Gemm.Indexed.NR;
            (int start, int count) = Gemm.Blocked.Chunk(_rows, MR, _tasks, index);
            if (count == 0) return;
            int* rowOff = stackalloc int[MR];
            float* tile = stackalloc float[MR * NR];
            for (int b0 = 0; b0 < _batch; b0 += NR)
            {
                int nb = Math.Min(NR, _batch - b0);
                float* panel = _panels + (long)(b0 / NR) * _depth * NR;
                for (int r0 = start; r0 < start + count; r0 += MR)
                {
                    int mr = Math.Min(MR, start + count - r0);
                    for (int i = 0; i < MR; i++)
                    {
                        int r = r0 + Math.Min(i, mr - 1); // rows past the end repeat the last (results dropped)
                        rowOff[i] = r * _depth;
                    }
                    for (int i = 0; i < MR; i++)
                        new Span<float>(tile + i * NR, NR).Fill(_bias[r0 + Math.Min(i, mr - 1)]);
                    Gemm.Indexed.Kernel8x32(_depth, _a, rowOff, _kOff, panel, tile, nb);
                    // out[b0 + j, r0 + i] = tile[i, j]
                    int jb = 0;
                    if (mr == MR)
                        for (; jb + 8 <= nb; jb += 8) Transpose8x8(tile + jb, NR, _out + (long)(b0 + jb) * _rows + r0, _rows);
                    for (; jb < nb; jb++)
                        for (int i = 0; i < mr; i++) _out[(long)(b0 + jb) * _rows + r0 + i] = tile[i * NR + jb];
                }
            }
        }
    }
}
