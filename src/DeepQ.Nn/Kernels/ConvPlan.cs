using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Which kernel runs each pass of one convolution, chosen once for a geometry and batch size
/// on this machine (Conv2d makes it when it configures a batch; the Conv passes only obey it).
/// Every path gives the same bits; the plan only picks the fastest one that can run here:
/// <code>
/// path        passes                         runs when
/// Direct      forward, dW, dx (ConvDirect)   AVX-512, or AVX2 + FMA; no padding: the input is read in place
/// Explicit    im2col + GEMM (Conv)           otherwise, with these choices inside:
///   BatchedProduct   forward and dx as one product over the batch's positions [B*P] instead of
///                    one per sample: FMA, batch &gt; 1, P leaves ragged GEMM tiles (&gt; 10% waste,
///                    e.g. P = 81, 49), and for dx no padding
///   ImplicitInference inference forward without a column matrix (panels packed from the phased
///                    image): AVX-512 tiles, batch &gt; 1, no padding, per-sample products
///   Gemm             Vector (the blocked FMA product) or Scalar (the twin: no FMA here)
/// </code>
/// </summary>
public readonly record struct ConvPlan(ConvPath Path, bool BatchedProduct, bool BatchedInputGrad, bool ImplicitInference, ConvGemm Gemm)
{
    /// <summary>The fastest plan for <paramref name="s"/> with <paramref name="batch"/> samples on this machine.</summary>
    public static ConvPlan Choose(in ConvShape s, int batch) =>
        DirectRuns(s) ? ChooseExplicit(s, batch) with { Path = ConvPath.Direct } : ChooseExplicit(s, batch);

    /// <summary>The explicit passes' choices for <paramref name="s"/> and <paramref name="batch"/> (what runs where Direct does not).</summary>
    public static ConvPlan ChooseExplicit(in ConvShape s, int batch)
    {
        const ConvGemm gemm = ConvGemm.Blocked;
        int nr = Kernels.Gemm.Blocked.NR(), p = s.ColCols;
        bool ragged = ((p + nr - 1) / nr * nr - p) * 10 > p;
        bool batched = batch > 1 && ragged && gemm == ConvGemm.Blocked;
        bool implicitInference = !batched && batch > 1 && gemm == ConvGemm.Blocked && Kernels.Gemm.Blocked.UseAvx512 && s.Padding == 0;
        return new ConvPlan(ConvPath.Explicit, batched, batched && s.Padding == 0, implicitInference, gemm);
    }

    /// <summary>The explicit im2col + GEMM passes with the given product kernel and no batched or implicit variants (a test reference point).</summary>
    public static ConvPlan PerSample(ConvGemm gemm) => new(ConvPath.Explicit, false, false, false, gemm);

    /// <summary>True when the direct passes can run here for <paramref name="s"/> (the indexed kernel: AVX-512, or AVX2 + FMA; no padding).</summary>
    public static bool DirectRuns(in ConvShape s) => Kernels.Gemm.Indexed.Available && Fma.IsSupported && Avx2.IsSupported && s.Padding == 0;

    /// <summary>True when every kernel the plan names can run on this machine (a forced plan in a test may not).</summary>
    public bool RunsHere(in ConvShape s) =>
        (Path != ConvPath.Direct || DirectRuns(s))
        && (!ImplicitInference || (Gemm == ConvGemm.Blocked && Kernels.Gemm.Blocked.UseAvx512 && s.Padding == 0))
        && (!BatchedProduct || Gemm == ConvGemm.Blocked)
        && (!BatchedInputGrad || (BatchedProduct && s.Padding == 0));

    internal void CheckRunsHere(in ConvShape s)
    {
        if (!RunsHere(s)) throw new InvalidOperationException($"Convolution plan {this} cannot run on this machine for {s}.");
    }
}

/// <summary>The two families of convolution passes (see <see cref="ConvPlan"/>).</summary>
public enum ConvPath
{
    /// <summary>im2col (or implicit panels) + the GEMM kernel.</summary>
    Explicit,
    /// <summary>The indexed micro-kernel reading the input in place (ConvDirect).</summary>
    Direct,
}

/// <summary>The matrix product the explicit passes run on.</summary>
public enum ConvGemm
{
    /// <summary><see cref="Gemm.SgemmScalar"/>: one fused chain per element (the reference).</summary>
    Scalar,
    /// <summary>The blocked product (<see cref="Gemm.Blocked"/>) on this CPU's widest tiles.</summary>
    Blocked,
}
