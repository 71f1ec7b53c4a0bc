using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

/// <summary>
/// The GEMM packers against their scalar twins, bit for bit, for every tile shape (8x32, 6x16,
/// 4x8), both orientations, plain and segmented operands (a batch of per-sample matrices laid
/// side by side, as the convolution passes them), and ragged edges.
/// </summary>
public unsafe class GemmPackTests
{
    private static float[] Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static void SameBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    // Storage: 3 blocks of [rows = 40, 13 floats], blocks 40·13 apart; as one matrix, ld = 13.
    private const int Rows = 40, Cols = 13, Blocks = 3;

    public static TheoryData<int, int> Tiles => new() { { 8, 32 }, { 6, 16 }, { 4, 8 } };

    [Theory]
    [MemberData(nameof(Tiles))]
    public void Packers_match_their_scalar_twins(int mr, int nr)
    {
        float[] store = Data(Blocks * Rows * Cols + 64, 7);
        var segmented = new Gemm.Seg(Cols, (long)Rows * Cols);
        foreach (bool trans in new[] { false, true })
            foreach (bool seg in new[] { false, true })
            {
                var s = seg ? segmented : Gemm.Seg.None;
                // Along the segmented axis the logical length is Blocks·Cols; else Cols. The other axis runs over Rows.
                int along = seg ? Blocks * Cols : Cols;
                foreach (var (start, count, depth0, depth) in new[] { (0, along, 0, Rows), (3, along - 5, 2, 17), (1, 7, 5, 9) })
                {
                    // A: op(A)[i, q] with i along rows of storage when !trans (q along the contiguous axis).
                    int mc = trans ? count : Math.Min(count, Rows - 1), kc = trans ? Math.Min(depth, Rows - depth0) : Math.Min(depth, along - depth0);
                    int ic = trans ? start : 1, pc = trans ? depth0 : depth0;
                    if (!trans) { mc = Math.Min(mc, Rows - ic); kc = Math.Min(kc, along - pc); }
                    int panels = (mc + mr - 1) / mr * mr * kc;
                    float[] a0 = Data(panels, 8), a1 = Data(panels, 9);
                    fixed (float* ps = store, p0 = a0, p1 = a1)
                    {
                        Gemm.Blocked.PackAScalar(trans, ps, Cols, s, ic, pc, mc, kc, mr, p0);
                        Gemm.Blocked.PackA(trans, ps, Cols, s, ic, pc, mc, kc, mr, p1);
                    }
                    SameBits(a0, a1, $"PackA trans={trans} seg={seg} tile {mr}x{nr} ic={ic} pc={pc} mc={mc} kc={kc}");

                    // B: op(B)[q, j]; !trans: q over storage rows, j along the contiguous axis; trans: the reverse.
                    int nc = trans ? Math.Min(count, Rows - 1) : count, kb = trans ? Math.Min(depth, along - depth0) : Math.Min(depth, Rows - depth0);
                    int jc = trans ? 1 : start, pb = depth0;
                    if (trans) nc = Math.Min(nc, Rows - jc);
                    int bpanels = (nc + nr - 1) / nr * nr * kb;
                    float[] b0 = Data(bpanels, 10), b1 = Data(bpanels, 11);
                    fixed (float* ps = store, p0 = b0, p1 = b1)
                    {
                        Gemm.Blocked.PackBScalar(trans, ps, Cols, s, pb, jc, kb, nc, nr, p0);
                        Gemm.Blocked.PackB(trans, ps, Cols, s, pb, jc, kb, nc, nr, p1);
                    }
                    SameBits(b0, b1, $"PackB trans={trans} seg={seg} tile {mr}x{nr} pc={pb} jc={jc} nc={nc} kc={kb}");
                }
            }
    }

    [Fact]
    public void The_128_bit_8x8_transpose_matches_its_scalar_twin_and_the_dispatching_one()
    {
        // Strides wider than the block (as the packers pass them), both read and write side.
        const int SrcStride = 11, DstStride = 13;
        float[] src = Data(8 * SrcStride, 12);
        float[] expected = Data(8 * DstStride, 13), sse = (float[])expected.Clone(), dispatched = (float[])expected.Clone();
        fixed (float* ps = src, pe = expected, p1 = sse, p2 = dispatched)
        {
            Transpose.Transpose8x8Scalar(ps, SrcStride, pe, DstStride);
            if (System.Runtime.Intrinsics.X86.Sse.IsSupported) Transpose.Transpose8x8Sse(ps, SrcStride, p1, DstStride);
            else Transpose.Transpose8x8Scalar(ps, SrcStride, p1, DstStride);
            Transpose.Transpose8x8(ps, SrcStride, p2, DstStride);
        }
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
                Assert.Equal(src[r * SrcStride + c], expected[c * DstStride + r]);
        SameBits(expected, sse, "Transpose8x8Sse");
        SameBits(expected, dispatched, "Transpose8x8");
    }
}
