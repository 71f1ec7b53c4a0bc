using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

public class ConvTests
{
    public static TheoryData<int, int, int, int, int, int, int, int> Shapes => new()
    {
        { 4, 84, 84, 32, 8, 8, 4, 0 },   // Nature conv1
        { 32, 20, 20, 64, 4, 4, 2, 0 },  // Nature conv2
        { 64, 9, 9, 64, 3, 3, 1, 0 },    // Nature conv3
        { 4, 84, 84, 16, 8, 8, 4, 0 },   // 2013 conv1: 16 channels, the half-width tiles
        { 16, 20, 20, 32, 4, 4, 2, 0 },  // 2013 conv2
        { 5, 9, 10, 40, 3, 3, 1, 0 },    // 40 channels: a full block, then a half-width one of 8
        { 3, 9, 9, 24, 2, 2, 1, 0 },     // 24 channels: one full-width block, three quarters used
        { 3, 11, 13, 5, 3, 2, 3, 0 },    // odd sizes, width not a multiple of the stride
        { 2, 7, 9, 3, 3, 3, 2, 1 },      // padded
        { 1, 5, 5, 2, 5, 5, 1, 0 },      // kernel covers the input
        { 2, 12, 44, 3, 8, 8, 4, 0 },    // stride-4 byte rows, 11 ints: last block of a row overlaps
        { 1, 8, 32, 2, 4, 4, 4, 0 },     // stride-4 byte rows of exactly 8 ints
        { 3, 6, 18, 2, 2, 2, 2, 0 },     // stride-2 float rows, 9 pairs: last block of a row overlaps
        { 2, 4, 16, 2, 4, 4, 2, 0 },     // stride-2 float rows of exactly 8 pairs
    };

    /// <summary>The shapes the direct passes take (no padding: a padded convolution runs the explicit passes).</summary>
    public static TheoryData<int, int, int, int, int, int, int, int> UnpaddedShapes
    {
        get
        {
            var data = new TheoryData<int, int, int, int, int, int, int, int>();
            foreach (var row in Shapes)
                if ((int)row[7] == 0) data.Add((int)row[0], (int)row[1], (int)row[2], (int)row[3], (int)row[4], (int)row[5], (int)row[6], 0);
            return data;
        }
    }

    private static float[] Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static float[] ByteTable() => Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    private static void SameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Im2col_and_col2im_match_their_scalar_twins(int c, int h, int w, int oc, int kh, int kw, int stride, int pad)
    {
        var s = new ConvShape(c, h, w, oc, kh, kw, stride, pad);
        int colLen = s.ColRows * s.ColCols;
        float[] x = Data(s.InputSize, 1);
        float[] c0 = new float[colLen], c1 = new float[colLen];
        Conv.Im2ColScalar(s, x, c0);
        Conv.Im2Col(s, x, c1);
        SameBits(c0, c1, "im2col");

        var bytes = new byte[s.InputSize];
        new Random(2).NextBytes(bytes);
        Conv.Im2ColBytesScalar(s, bytes, ByteTable(), c0);
        Conv.Im2ColBytes(s, bytes, ByteTable(), c1);
        SameBits(c0, c1, "im2col bytes");
        float[] other = Data(256, 20); // any table: looked up, not computed as b / 255
        Conv.Im2ColBytesScalar(s, bytes, other, c0);
        Conv.Im2ColBytes(s, bytes, other, c1);
        SameBits(c0, c1, "im2col bytes, other table");

        float[] col = Data(colLen, 3);
        float[] d0 = Data(s.InputSize, 4), d1 = Data(s.InputSize, 5); // garbage: col2im overwrites
        Conv.Col2ImScalar(s, col, d0);
        Conv.Col2Im(s, col, d1);
        SameBits(d0, d1, "col2im");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Col2im_is_the_adjoint_of_im2col(int c, int h, int w, int oc, int kh, int kw, int stride, int pad)
    {
        // <im2col(x), g> = <x, col2im(g)> for any x, g.
        var s = new ConvShape(c, h, w, oc, kh, kw, stride, pad);
        float[] x = Data(s.InputSize, 6), g = Data(s.ColRows * s.ColCols, 7);
        float[] col = new float[g.Length], back = new float[x.Length];
        Conv.Im2ColScalar(s, x, col);
        Conv.Col2ImScalar(s, g, back);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < g.Length; i++) lhs += (double)col[i] * g[i];
        for (int i = 0; i < x.Length; i++) rhs += (double)x[i] * back[i];
        Assert.Equal(lhs, rhs, 3);
    }

    [Fact]
    public void Im2col_reads_the_documented_element()
    {
        var s = new ConvShape(2, 6, 7, 1, 3, 2, 2, 0); // OH = 2, OW = 3
        float[] x = Enumerable.Range(0, s.InputSize).Select(i => (float)i).ToArray();
        float[] col = new float[s.ColRows * s.ColCols];
        Conv.Im2Col(s, x, col);
        // row (c=1, i=2, j=1) = 11, column (oy=1, ox=2) = 5: x[1, 1*2+2, 2*2+1] = 42 + 4*7 + 5
        Assert.Equal(42 + 28 + 5, col[11 * s.ColCols + 5]);
    }

    [Theory]
    [InlineData(4, 84, 84, 32, 8, 8, 4, 0, 2)]
    [InlineData(32, 20, 20, 64, 4, 4, 2, 0, 3)]
    [InlineData(3, 11, 13, 5, 3, 2, 3, 0, 4)]
    [InlineData(2, 7, 9, 3, 3, 3, 2, 1, 3)]
    [InlineData(32, 26, 26, 12, 3, 3, 1, 0, 2)] // K = 288 (two depth blocks), P = 576 (> one column block), OC not a multiple of 8
    public void Batched_passes_equal_the_per_sample_scalar_definition(int c, int h, int w, int oc, int kh, int kw, int stride, int pad, int batch)
    {
        var s = new ConvShape(c, h, w, oc, kh, kw, stride, pad);
        int k = s.ColRows, p = s.ColCols;
        float[] x = Data(batch * s.InputSize, 8), wt = Data(s.WeightSize, 9), bias = Data(oc, 10), dy = Data(batch * s.OutputSize, 11);

        // Reference: per sample, scalar im2col, bias fill, scalar GEMM; weight grad chained over samples.
        float[] yRef = new float[batch * s.OutputSize], colsRef = new float[batch * k * p];
        float[] dwRef = Data(s.WeightSize, 12), dbRef = Data(oc, 13), dxRef = new float[x.Length];
        float[] dwStart = (float[])dwRef.Clone(), dbStart = (float[])dbRef.Clone();
        for (int n = 0; n < batch; n++)
        {
            var col = colsRef.AsSpan(n * k * p, k * p);
            Conv.Im2ColScalar(s, x.AsSpan(n * s.InputSize, s.InputSize), col);
            var yn = yRef.AsSpan(n * s.OutputSize, s.OutputSize);
            for (int o = 0; o < oc; o++) yn.Slice(o * p, p).Fill(bias[o]);
            Gemm.SgemmScalar(false, false, oc, p, k, wt, k, col, p, yn, p, true);
            var dyn = dy.AsSpan(n * s.OutputSize, s.OutputSize);
            Gemm.SgemmScalar(false, true, oc, k, p, dyn, p, col, p, dwRef, k, true);
            for (int o = 0; o < oc; o++)
            {
                float sum = 0f;
                foreach (float v in dyn.Slice(o * p, p)) sum += v;
                dbRef[o] += sum;
            }
            var dcol = new float[k * p];
            Gemm.SgemmScalar(true, false, k, p, oc, wt, k, dyn, p, dcol, p, false);
            Conv.Col2ImScalar(s, dcol, dxRef.AsSpan(n * s.InputSize, s.InputSize));
        }

        // Every explicit variant the plan can choose (those this machine can run): the chosen one,
        // per-sample products on the scalar and the vector GEMM, the batched products, the implicit sample.
        var plans = new List<ConvPlan>
        {
            ConvPlan.ChooseExplicit(s, batch),
            ConvPlan.PerSample(ConvGemm.Scalar),
            ConvPlan.PerSample(ConvGemm.Blocked),
            new(ConvPath.Explicit, BatchedProduct: true, BatchedInputGrad: pad == 0, ImplicitInference: false, ConvGemm.Blocked),
            new(ConvPath.Explicit, BatchedProduct: false, BatchedInputGrad: false, ImplicitInference: true, ConvGemm.Blocked),
        };
        int ran = 0;
        foreach (var plan in plans.Where(p => p.RunsHere(s)))
        {
            ran++;
            float[] y = new float[yRef.Length], cols = new float[colsRef.Length], dx = Data(x.Length, 14);
            Conv.Forward(s, batch, x, wt, bias, cols, y, plan: plan);
            SameBits(colsRef, cols, $"cols, {plan}");
            SameBits(yRef, y, $"forward, {plan}");
            float[] yInfer = new float[yRef.Length];
            Conv.Forward(s, batch, x, wt, bias, new float[cols.Length], yInfer, keepColumns: false, plan: plan);
            SameBits(yRef, yInfer, $"inference forward (no columns kept), {plan}");
            float[] dw = (float[])dwStart.Clone(), db = (float[])dbStart.Clone();
            Conv.BackwardWeights(s, batch, cols, dy, dw, db, plan);
            SameBits(dwRef, dw, $"weight grad, {plan}");
            SameBits(dbRef, db, $"bias grad, {plan}");
            Conv.BackwardInput(s, batch, wt, dy, dx, plan);
            SameBits(dxRef, dx, $"input grad, {plan}");
        }
        Assert.True(ran >= 2, "the scalar plan and the chosen one run everywhere");
    }

    [Fact]
    public void Over255_is_the_division_for_every_byte()
    {
        // The implicit byte kernels compute b / 255 with a multiply and a fused correction; it
        // must round exactly like the division (the scalar twins' table) for all 256 values.
        var x = new byte[8];
        var y = new float[8];
        for (int b0 = 0; b0 < 256; b0 += 8)
        {
            for (int i = 0; i < 8; i++) x[i] = (byte)(b0 + i);
            Conv.Over255Bytes(x, y);
            for (int i = 0; i < 8; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits((b0 + i) / 255f), BitConverter.SingleToInt32Bits(y[i]));
        }
    }

    [IndexedTheory]
    [MemberData(nameof(UnpaddedShapes))]
    public void Direct_passes_match_their_scalar_twins_and_the_explicit_passes(int c, int h, int w, int oc, int kh, int kw, int stride, int pad)
    {
        var s = new ConvShape(c, h, w, oc, kh, kw, stride, pad);
        int k = s.ColRows, p = s.ColCols;
        foreach (int batch in new[] { 1, 3 })
        {
            float[] x = Data(batch * s.InputSize, 50 + batch), wt = Data(s.WeightSize, 51), bias = Data(oc, 52), dy = Data(batch * s.OutputSize, 53);
            float[] y0 = Data(batch * s.OutputSize, 54), y1 = Data(y0.Length, 55), y2 = new float[y0.Length];
            Conv.ForwardDirectScalar(s, batch, x, wt, bias, y0);
            Conv.ForwardDirect(s, batch, x, wt, bias, y1);
            SameBits(y0, y1, $"direct forward, batch {batch}");
            float[] cols = new float[batch * k * p];
            Conv.Forward(s, batch, x, wt, bias, cols, y2);
            SameBits(y0, y2, $"explicit forward, batch {batch}");

            // Fused ReLU: scalar twin, SIMD tiles and the separate ReLU kernel agree (some outputs negative).
            float[] r0 = new float[y0.Length], r1 = Data(y0.Length, 59), r2 = new float[y0.Length];
            Conv.ForwardDirectScalar(s, batch, x, wt, bias, r0, relu: true);
            Conv.ForwardDirect(s, batch, x, wt, bias, r1, relu: true);
            Elementwise.ReluForwardScalar(y0, r2);
            SameBits(r2, r0, $"fused relu scalar, batch {batch}");
            SameBits(r2, r1, $"fused relu direct, batch {batch}");

            float[] dw0 = Data(s.WeightSize, 56), db0 = Data(oc, 57);
            float[] dw1 = (float[])dw0.Clone(), db1 = (float[])db0.Clone(), dw2 = (float[])dw0.Clone(), db2 = (float[])db0.Clone();
            Conv.BackwardWeightsDirectScalar(s, batch, x, dy, dw0, db0);
            Conv.BackwardWeightsDirect(s, batch, x, dy, dw1, db1);
            SameBits(dw0, dw1, $"direct weight grad, batch {batch}");
            SameBits(db0, db1, $"direct bias grad, batch {batch}");
            Conv.BackwardWeights(s, batch, cols, dy, dw2, db2);
            SameBits(dw0, dw2, $"explicit weight grad, batch {batch}");
            SameBits(db0, db2, $"explicit bias grad, batch {batch}");

            // Input gradient: the per-sample scalar definition (scalar GEMM, scalar col2im).
            float[] dxRef = new float[x.Length], dx = Data(x.Length, 58), dcol = new float[k * p];
            for (int n = 0; n < batch; n++)
            {
                Gemm.SgemmScalar(true, false, k, p, oc, wt, k, dy.AsSpan(n * s.OutputSize, s.OutputSize), p, dcol, p, false);
                Conv.Col2ImScalar(s, dcol, dxRef.AsSpan(n * s.InputSize, s.InputSize));
            }
            float[] dxTwin = Data(x.Length, 67);
            Conv.BackwardInputDirectScalar(s, batch, wt, dy, dxTwin);
            SameBits(dxRef, dxTwin, $"direct input grad's scalar twin, batch {batch}");
            Conv.BackwardInputDirect(s, batch, wt, dy, dx);
            SameBits(dxRef, dx, $"direct input grad, batch {batch}");

            // With a ReLU mask (the input as a ReLU output, some entries zero): the ReLU backward's bits.
            float[] mask = new float[x.Length], dxMasked = Data(x.Length, 66), dxMaskedRef = new float[x.Length];
            Elementwise.ReluForwardScalar(x, mask);
            Elementwise.ReluBackwardScalar(mask, dxRef, dxMaskedRef);
            Conv.BackwardInputDirect(s, batch, wt, dy, dxMasked, mask);
            SameBits(dxMaskedRef, dxMasked, $"direct input grad + relu mask, batch {batch}");
            float[] dxMaskedTwin = Data(x.Length, 68);
            Conv.BackwardInputDirectScalar(s, batch, wt, dy, dxMaskedTwin, mask);
            SameBits(dxMaskedRef, dxMaskedTwin, $"direct input grad + relu mask, scalar twin, batch {batch}");
        }
    }

    [IndexedFact]
    public void Direct_weight_gradient_crosses_position_blocks_and_is_the_same_for_any_thread_count()
    {
        // conv1 of 6 frames: 2400 positions, more than one 2048-position block.
        var s = new ConvShape(4, 84, 84, 32, 8, 8, 4, 0);
        const int batch = 6;
        float[] x = Data(batch * s.InputSize, 60), dy = Data(batch * s.OutputSize, 61), wt = Data(s.WeightSize, 62), bias = Data(32, 63);
        float[] dwRef = Data(s.WeightSize, 64), dbRef = Data(32, 65);
        float[] dw0 = (float[])dwRef.Clone(), db0 = (float[])dbRef.Clone();
        Conv.BackwardWeightsDirectScalar(s, batch, x, dy, dw0, db0);
        float[] yRef = new float[batch * s.OutputSize];
        Conv.ForwardDirectScalar(s, batch, x, wt, bias, yRef);
        int saved = WorkerPool.ThreadCount;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                WorkerPool.ThreadCount = threads;
                float[] dw = (float[])dwRef.Clone(), db = (float[])dbRef.Clone(), y = new float[yRef.Length];
                Conv.BackwardWeightsDirect(s, batch, x, dy, dw, db);
                SameBits(dw0, dw, $"weight grad, {threads} threads");
                SameBits(db0, db, $"bias grad, {threads} threads");
                Conv.ForwardDirect(s, batch, x, wt, bias, y);
                SameBits(yRef, y, $"forward, {threads} threads");
                float[] r = new float[yRef.Length], rRef = new float[yRef.Length];
                Conv.ForwardDirect(s, batch, x, wt, bias, r, relu: true);
                Elementwise.ReluForwardScalar(yRef, rRef);
                SameBits(rRef, r, $"forward + relu, {threads} threads");
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    [FmaTheory]
    [MemberData(nameof(UnpaddedShapes))]
    public void Direct_passes_packers_match_their_scalar_twins(int c, int h, int w, int oc, int kh, int kw, int stride, int pad)
    {
        var s = new ConvShape(c, h, w, oc, kh, kw, stride, pad);
        float[] wt = Data(s.WeightSize, 90);
        int panels = (oc + 31) / 32 * s.ColRows * 32;
        float[] p0 = Data(panels, 91), p1 = Data(panels, 92);
        Conv.WeightPanelsScalar(s, wt, p0);
        Conv.WeightPanels(s, wt, p1);
        SameBits(p0, p1, "weight panels");
        foreach (int batch in new[] { 1, 3 })
        {
            int q = batch * s.ColCols;
            float[] dy = Data(batch * s.OutputSize, 93), d0 = Data((oc + 31) / 32 * q * 32, 94), d1 = Data(d0.Length, 95);
            int[] o0 = new int[q], o1 = new int[q];
            Conv.PackDyTScalar(s, batch, dy, d0, o0);
            Conv.PackDyT(s, batch, dy, d1, o1);
            SameBits(d0, d1, $"dY panels, batch {batch}");
            Assert.Equal(o0, o1);
        }
    }

    [Fact]
    public void Bytes_to_floats_matches_its_scalar_twin_at_every_length()
    {
        var rng = new Random(70);
        foreach (var table in new[] { ByteTable(), Data(256, 71) })
            for (int n = 0; n <= 256; n++)
            {
                var bytes = new byte[n];
                rng.NextBytes(bytes);
                float[] a = new float[n], b = new float[n];
                Conv.BytesToFloatsScalar(bytes, table, a);
                Conv.BytesToFloats(bytes, table, b);
                SameBits(a, b, $"length {n}");
            }
    }

    [Fact]
    public void Forward_is_a_cross_correlation()
    {
        // One 2x2 kernel with stride 1 on a 3x3 input, checked against hand-computed sums.
        var s = new ConvShape(1, 3, 3, 1, 2, 2, 1, 0);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9], wt = [1, 0, 0, -1], bias = [0.5f];
        float[] y = new float[4], cols = new float[4 * 4];
        Conv.Forward(s, 1, x, wt, bias, cols, y);
        Assert.Equal([1 - 5 + 0.5f, 2 - 6 + 0.5f, 4 - 8 + 0.5f, 5 - 9 + 0.5f], y);
    }

    [Fact]
    public void Byte_forward_equals_float_forward_of_the_scaled_bytes()
    {
        var s = new ConvShape(4, 84, 84, 32, 8, 8, 4, 0);
        const int batch = 2;
        var bytes = new byte[batch * s.InputSize];
        new Random(15).NextBytes(bytes);
        float[] table = ByteTable();
        float[] xf = bytes.Select(b => table[b]).ToArray();
        float[] wt = Data(s.WeightSize, 16), bias = Data(32, 17);
        float[] y0 = new float[batch * s.OutputSize], y1 = new float[y0.Length];
        float[] cols = new float[batch * s.ColRows * s.ColCols];
        Conv.Forward(s, batch, xf, wt, bias, cols, y0);
        Conv.ForwardBytes(s, batch, bytes, table, wt, bias, cols, y1);
        SameBits(y0, y1, "byte forward");
        float[] y2 = new float[y0.Length];
        Conv.ForwardBytes(s, batch, bytes, table, wt, bias, cols, y2, keepColumns: false);
        SameBits(y0, y2, "byte inference forward");
    }

    [Fact]
    public void Wrong_sizes_are_rejected_with_the_expected_size()
    {
        var s = new ConvShape(4, 84, 84, 32, 8, 8, 4, 0);
        var ex = Assert.Throws<ArgumentException>(() => Conv.Im2Col(s, new float[10], new float[s.ColRows * s.ColCols]));
        Assert.Contains("28224", ex.Message);
        Assert.Throws<ArgumentException>(() => Conv.Im2Col(new ConvShape(1, 2, 2, 1, 3, 3, 1, 0), new float[4], new float[0]));
    }
}
