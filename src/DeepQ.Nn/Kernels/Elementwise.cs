using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Elementwise and reduction loops of the layers and optimizers. Each SIMD kernel sits beside
/// its plain scalar twin (<c>...Scalar</c>) and returns the same bits: elementwise kernels use
/// only correctly rounded operations in the same order (no fused multiply-add contraction),
/// and reductions use one fixed 16-lane layout (element i goes to lane i mod 16, lanes folded
/// in a fixed tree, tail added in order) that the twin spells out, whatever the vector width.
/// </summary>
public static class Elementwise
{
    /// <summary>Lanes of the fixed reduction layout (independent of the machine's vector width).</summary>
    public const int ReductionLanes = 16;

    // ---- ReLU: forward y = max(x, 0) (NaN and −0 give +0), backward dx = dy where y > 0 ----

    public static void ReluForward(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSame(x.Length, y.Length, "ReluForward");
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated)
        {
            var zero = Vector<float>.Zero;
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref xs, (nuint)i);
                // Keep v only where v > 0: NaN and −0 compare false and become +0, like the twin.
                Vector.ConditionalSelect(Vector.GreaterThan(v, zero), v, zero).StoreUnsafe(ref ys, (nuint)i);
            }
        }
        for (; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    public static void ReluForwardScalar(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSame(x.Length, y.Length, "ReluForward");
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    /// <summary>dx = dy where the forward output y &gt; 0, else 0 (PyTorch's threshold_backward).</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSame(y.Length, dy.Length, "ReluBackward");
        CheckSame(y.Length, dx.Length, "ReluBackward");
        int i = 0;
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float gs = ref MemoryMarshal.GetReference(dy);
        ref float ds = ref MemoryMarshal.GetReference(dx);
        if (Vector.IsHardwareAccelerated)
        {
            var zero = Vector<float>.Zero;
            for (; i + Vector<float>.Count <= y.Length; i += Vector<float>.Count)
            {
                var mask = Vector.GreaterThan(Vector.LoadUnsafe(ref ys, (nuint)i), zero);
                Vector.ConditionalSelect(mask, Vector.LoadUnsafe(ref gs, (nuint)i), zero).StoreUnsafe(ref ds, (nuint)i);
            }
        }
        for (; i < y.Length; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }

    public static void ReluBackwardScalar(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckSame(y.Length, dy.Length, "ReluBackward");
        CheckSame(y.Length, dx.Length, "ReluBackward");
        for (int i = 0; i < y.Length; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }

    // ---- Bias: y[r, j] += b[j] over rows [R, N] (Linear), and its gradient db[j] += Σ_r dy[r, j] ----

    /// <summary>y[r, j] += bias[j] for a row-major [rows, bias.Length] matrix.</summary>
    public static void AddBiasRows(Span<float> y, ReadOnlySpan<float> bias)
    {
        int n = bias.Length;
        if (n == 0) return;
        if (y.Length % n != 0) throw new ArgumentException($"AddBiasRows: {y.Length} values are not whole rows of {n}.");
        for (int r = 0; r < y.Length; r += n) Add(y.Slice(r, n), bias);
    }

    public static void AddBiasRowsScalar(Span<float> y, ReadOnlySpan<float> bias)
    {
        int n = bias.Length;
        if (n == 0) return;
        if (y.Length % n != 0) throw new ArgumentException($"AddBiasRows: {y.Length} values are not whole rows of {n}.");
        for (int r = 0; r < y.Length; r += n)
            for (int j = 0; j < n; j++) y[r + j] += bias[j];
    }

    /// <summary>db[j] += Σ_r dy[r, j], rows added in order 0..R−1 (the Linear bias gradient).</summary>
    public static void BiasGradRows(ReadOnlySpan<float> dy, Span<float> db)
    {
        int n = db.Length;
        if (n == 0) return;
        if (dy.Length % n != 0) throw new ArgumentException($"BiasGradRows: {dy.Length} values are not whole rows of {n}.");
        for (int r = 0; r < dy.Length; r += n) Add(db, dy.Slice(r, n));
    }

    public static void BiasGradRowsScalar(ReadOnlySpan<float> dy, Span<float> db)
    {
        int n = db.Length;
        if (n == 0) return;
        if (dy.Length % n != 0) throw new ArgumentException($"BiasGradRows: {dy.Length} values are not whole rows of {n}.");
        for (int r = 0; r < dy.Length; r += n)
            for (int j = 0; j < n; j++) db[j] += dy[r + j];
    }

    /// <summary>x[i] += y[i].</summary>
    public static void Add(Span<float> x, ReadOnlySpan<float> y)
    {
        CheckSame(x.Length, y.Length, "Add");
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
                (Vector.LoadUnsafe(ref xs, (nuint)i) + Vector.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref xs, (nuint)i);
        for (; i < x.Length; i++) x[i] += y[i];
    }

    public static void AddScalar(Span<float> x, ReadOnlySpan<float> y)
    {
        CheckSame(x.Length, y.Length, "Add");
        for (int i = 0; i < x.Length; i++) x[i] += y[i];
    }

    /// <summary>x[i] *= s (gradient clipping).</summary>
    public static void Scale(Span<float> x, float s)
    {
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(s);
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
                (Vector.LoadUnsafe(ref xs, (nuint)i) * vs).StoreUnsafe(ref xs, (nuint)i);
        }
        for (; i < x.Length; i++) x[i] *= s;
    }

    public static void ScaleScalar(Span<float> x, float s)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= s;
    }

    /// <summary>
    /// Polyak averaging, target[i] = tau·source[i] + (1 − tau)·target[i]: two products and a sum,
    /// each rounded (no fused multiply-add), so every width gives the scalar twin's bits. With
    /// tau = 0.01 every update (pong-fast) this runs over all 1.34 M parameters every 4 agent
    /// steps, which the scalar loop made 7% of an agent step.
    /// </summary>
    public static void Polyak(Span<float> target, ReadOnlySpan<float> source, float tau, float oneMinusTau)
    {
        CheckSame(target.Length, source.Length, "Polyak");
        int i = 0;
        ref float ts = ref MemoryMarshal.GetReference(target);
        ref float ss = ref MemoryMarshal.GetReference(source);
        if (Vector.IsHardwareAccelerated)
        {
            var vt = new Vector<float>(tau);
            var vo = new Vector<float>(oneMinusTau);
            for (; i + Vector<float>.Count <= target.Length; i += Vector<float>.Count)
                (vt * Vector.LoadUnsafe(ref ss, (nuint)i) + vo * Vector.LoadUnsafe(ref ts, (nuint)i)).StoreUnsafe(ref ts, (nuint)i);
        }
        for (; i < target.Length; i++) target[i] = tau * source[i] + oneMinusTau * target[i];
    }

    public static void PolyakScalar(Span<float> target, ReadOnlySpan<float> source, float tau, float oneMinusTau)
    {
        CheckSame(target.Length, source.Length, "Polyak");
        for (int i = 0; i < target.Length; i++) target[i] = tau * source[i] + oneMinusTau * target[i];
    }

    // ---- Reductions in the fixed 16-lane layout ----

    /// <summary>Σ x[i] in float (a conv bias gradient over one [H*W] plane), fixed 16-lane order.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        int blocks = x.Length / ReductionLanes * ReductionLanes;
        float total = 0f;
        if (blocks > 0 && Vector256.IsHardwareAccelerated)
        {
            ref float xs = ref MemoryMarshal.GetReference(x);
            Vector256<float> lo = Vector256<float>.Zero, hi = Vector256<float>.Zero; // lanes 0..7, 8..15
            for (int i = 0; i < blocks; i += ReductionLanes)
            {
                lo += Vector256.LoadUnsafe(ref xs, (nuint)i);
                hi += Vector256.LoadUnsafe(ref xs, (nuint)(i + 8));
            }
            total = FoldLanes(lo, hi);
        }
        else if (blocks > 0)
        {
            // 128-bit vectors (SSE, NEON): four hold lanes 0..3, 4..7, 8..11, 12..15; same tree.
            ref float xs = ref MemoryMarshal.GetReference(x);
            Vector128<float> l0 = default, l1 = default, l2 = default, l3 = default;
            for (int i = 0; i < blocks; i += ReductionLanes)
            {
                l0 += Vector128.LoadUnsafe(ref xs, (nuint)i);
                l1 += Vector128.LoadUnsafe(ref xs, (nuint)(i + 4));
                l2 += Vector128.LoadUnsafe(ref xs, (nuint)(i + 8));
                l3 += Vector128.LoadUnsafe(ref xs, (nuint)(i + 12));
            }
            var q = (l0 + l2) + (l1 + l3);                          // (j + j+8) + (j+4 + j+12), as FoldLanes
            total = (q[0] + q[2]) + (q[1] + q[3]);
        }
        for (int i = blocks; i < x.Length; i++) total += x[i];
        return total;
    }

    public static float SumScalar(ReadOnlySpan<float> x)
    {
        Span<float> lane = stackalloc float[ReductionLanes];
        lane.Clear();
        int blocks = x.Length / ReductionLanes * ReductionLanes;
        for (int i = 0; i < blocks; i++) lane[i % ReductionLanes] += x[i];
        float total = blocks > 0 ? FoldLanesScalar(lane) : 0f;
        for (int i = blocks; i < x.Length; i++) total += x[i];
        return total;
    }

    /// <summary>Σ x[i]² accumulated in double (global-norm clipping), fixed 16-lane order.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int blocks = x.Length / ReductionLanes * ReductionLanes;
        double total = 0;
        if (blocks > 0 && Vector256.IsHardwareAccelerated)
        {
            ref float xs = ref MemoryMarshal.GetReference(x);
            // Four double vectors hold lanes 0..3, 4..7, 8..11, 12..15.
            Vector256<double> l0 = default, l1 = default, l2 = default, l3 = default;
            for (int i = 0; i < blocks; i += ReductionLanes)
            {
                var a = Vector256.LoadUnsafe(ref xs, (nuint)i);
                var b = Vector256.LoadUnsafe(ref xs, (nuint)(i + 8));
                var (a0, a1) = Vector256.Widen(a);
                var (b0, b1) = Vector256.Widen(b);
                l0 += a0 * a0; l1 += a1 * a1; l2 += b0 * b0; l3 += b1 * b1;
            }
            // Fold the 16 lanes: l[j] + l[j+8], then +4, +2, +1 (the twin's tree).
            var h0 = l0 + l2; var h1 = l1 + l3;       // lanes j + j+8, j = 0..7
            var q = h0 + h1;                          // j + j+4, j = 0..3
            total = (q[0] + q[2]) + (q[1] + q[3]);    // j + j+2, then + j+1
        }
        else if (blocks > 0)
        {
            // 128-bit vectors (SSE, NEON): eight double pairs hold lanes 0..1, 2..3, ..., 14..15; same tree.
            ref float xs = ref MemoryMarshal.GetReference(x);
            Vector128<double> l0 = default, l1 = default, l2 = default, l3 = default, l4 = default, l5 = default, l6 = default, l7 = default;
            for (int i = 0; i < blocks; i += ReductionLanes)
            {
                var (a0, a1) = Vector128.Widen(Vector128.LoadUnsafe(ref xs, (nuint)i));
                var (b0, b1) = Vector128.Widen(Vector128.LoadUnsafe(ref xs, (nuint)(i + 4)));
                var (c0, c1) = Vector128.Widen(Vector128.LoadUnsafe(ref xs, (nuint)(i + 8)));
                var (d0, d1) = Vector128.Widen(Vector128.LoadUnsafe(ref xs, (nuint)(i + 12)));
                l0 += a0 * a0; l1 += a1 * a1; l2 += b0 * b0; l3 += b1 * b1;
                l4 += c0 * c0; l5 += c1 * c1; l6 += d0 * d0; l7 += d1 * d1;
            }
            // j + j+8 (pairs 0..3 with 4..7), then j + j+4, then j + j+2, then + j+1.
            var h0 = l0 + l4; var h1 = l1 + l5; var h2 = l2 + l6; var h3 = l3 + l7;
            var q0 = h0 + h2; var q1 = h1 + h3;      // lanes 0..1 and 2..3 of j + j+4
            total = (q0[0] + q1[0]) + (q0[1] + q1[1]);
        }
        for (int i = blocks; i < x.Length; i++) total += (double)x[i] * x[i];
        return total;
    }

    public static double SumOfSquaresScalar(ReadOnlySpan<float> x)
    {
        Span<double> lane = stackalloc double[ReductionLanes];
        lane.Clear();
        int blocks = x.Length / ReductionLanes * ReductionLanes;
        for (int i = 0; i < blocks; i++) lane[i % ReductionLanes] += (double)x[i] * x[i];
        double total = 0;
        if (blocks > 0)
        {
            for (int w = ReductionLanes / 2; w >= 1; w /= 2)
                for (int j = 0; j < w; j++) lane[j] += lane[j + w];
            total = lane[0];
        }
        for (int i = blocks; i < x.Length; i++) total += (double)x[i] * x[i];
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float FoldLanes(Vector256<float> lo, Vector256<float> hi)
    {
        var h = lo + hi;                                        // j + j+8
        var q = h.GetLower() + h.GetUpper();                    // j + j+4
        return (q[0] + q[2]) + (q[1] + q[3]);                   // j + j+2, then + j+1
    }

    private static float FoldLanesScalar(Span<float> lane)
    {
        for (int w = ReductionLanes / 2; w >= 1; w /= 2)
            for (int j = 0; j < w; j++) lane[j] += lane[j + w];
        return lane[0];
    }

    // ---- Optimizer steps (PyTorch's update rules, same float operations in the same order) ----

    /// <summary>
    /// One Adam step (no weight decay, no AMSGrad) over one tensor:
    /// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p += −stepSize · m / (√v / √bc2 + ε),
    /// with stepSize = lr / (1 − β1^t) and bc2Sqrt = √(1 − β2^t) computed by the caller.
    /// g enters as g·gradScale (one rounded product, the same bits as scaling the gradient in
    /// place first, as a global-norm clip does), so a clip's scaling pass over the gradients
    /// can ride along with the step; gradScale = 1 is exact and leaves g as it is.
    /// </summary>
    public static void AdamStep(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float gradScale = 1f)
    {
        CheckOptimizer(p.Length, g.Length, m.Length, v.Length, "AdamStep");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float ps = ref MemoryMarshal.GetReference(p);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float ms = ref MemoryMarshal.GetReference(m);
            ref float vs = ref MemoryMarshal.GetReference(v);
            var b1 = new Vector<float>(beta1); var b2 = new Vector<float>(beta2);
            var o1 = new Vector<float>(oneMinusBeta1); var o2 = new Vector<float>(oneMinusBeta2);
            var step = new Vector<float>(-stepSize); var bc = new Vector<float>(bc2Sqrt); var e = new Vector<float>(eps);
            var sc = new Vector<float>(gradScale);
            for (; i + Vector<float>.Count <= p.Length; i += Vector<float>.Count)
            {
                var gj = Vector.LoadUnsafe(ref gs, (nuint)i) * sc;
                var mj = Vector.LoadUnsafe(ref ms, (nuint)i) * b1 + o1 * gj;
                var vj = Vector.LoadUnsafe(ref vs, (nuint)i) * b2 + o2 * (gj * gj);
                mj.StoreUnsafe(ref ms, (nuint)i);
                vj.StoreUnsafe(ref vs, (nuint)i);
                var denom = Vector.SquareRoot(vj) / bc + e;
                (Vector.LoadUnsafe(ref ps, (nuint)i) + step * (mj / denom)).StoreUnsafe(ref ps, (nuint)i);
            }
        }
        for (; i < p.Length; i++) AdamElement(ref p[i], g[i] * gradScale, ref m[i], ref v[i], beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps);
    }

    public static void AdamStepScalar(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps, float gradScale = 1f)
    {
        CheckOptimizer(p.Length, g.Length, m.Length, v.Length, "AdamStep");
        for (int i = 0; i < p.Length; i++) AdamElement(ref p[i], g[i] * gradScale, ref m[i], ref v[i], beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, bc2Sqrt, eps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AdamElement(ref float p, float g, ref float m, ref float v,
        float b1, float b2, float o1, float o2, float stepSize, float bc2Sqrt, float eps)
    {
        m = m * b1 + o1 * g;
        v = v * b2 + o2 * (g * g);
        float denom = MathF.Sqrt(v) / bc2Sqrt + eps;
        p += -stepSize * (m / denom);
    }

    /// <summary>
    /// One plain RMSprop step (no momentum, not centered, no weight decay), PyTorch's rule:
    /// s = α·s + (1−α)·g²; p += −lr · g / (√s + ε).
    /// </summary>
    public static void RmsPropStep(Span<float> p, ReadOnlySpan<float> g, Span<float> square,
        float alpha, float oneMinusAlpha, float lr, float eps)
    {
        CheckOptimizer(p.Length, g.Length, square.Length, square.Length, "RmsPropStep");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float ps = ref MemoryMarshal.GetReference(p);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float ss = ref MemoryMarshal.GetReference(square);
            var a = new Vector<float>(alpha); var oma = new Vector<float>(oneMinusAlpha);
            var nlr = new Vector<float>(-lr); var e = new Vector<float>(eps);
            for (; i + Vector<float>.Count <= p.Length; i += Vector<float>.Count)
            {
                var gj = Vector.LoadUnsafe(ref gs, (nuint)i);
                var sj = Vector.LoadUnsafe(ref ss, (nuint)i) * a + oma * (gj * gj);
                sj.StoreUnsafe(ref ss, (nuint)i);
                var d = Vector.SquareRoot(sj) + e;
                (Vector.LoadUnsafe(ref ps, (nuint)i) + nlr * (gj / d)).StoreUnsafe(ref ps, (nuint)i);
            }
        }
        for (; i < p.Length; i++) RmsPropElement(ref p[i], g[i], ref square[i], alpha, oneMinusAlpha, lr, eps);
    }

    public static void RmsPropStepScalar(Span<float> p, ReadOnlySpan<float> g, Span<float> square,
        float alpha, float oneMinusAlpha, float lr, float eps)
    {
        CheckOptimizer(p.Length, g.Length, square.Length, square.Length, "RmsPropStep");
        for (int i = 0; i < p.Length; i++) RmsPropElement(ref p[i], g[i], ref square[i], alpha, oneMinusAlpha, lr, eps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RmsPropElement(ref float p, float g, ref float s, float a, float oma, float lr, float eps)
    {
        s = s * a + oma * (g * g);
        float d = MathF.Sqrt(s) + eps;
        p += -lr * (g / d);
    }

    private static void CheckSame(int a, int b, string kernel)
    {
        if (a != b) throw new ArgumentException($"{kernel}: operands hold {a} and {b} elements; they must match.");
    }

    private static void CheckOptimizer(int p, int g, int m, int v, string kernel)
    {
        if (g != p || m != p || v != p)
            throw new ArgumentException($"{kernel}: parameter, gradient and state lengths must match (got {p}, {g}, {m}, {v}).");
    }
}
