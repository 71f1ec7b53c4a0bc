using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// The elementwise step of DeepMind's Nature RMSProp, per element with g the gradient:
///   ḡ ← γ·ḡ + (1−γ)·g;   s ← ρ·s + (1−ρ)·g²;   θ ← θ − lr · g / sqrt(s − ḡ² + c)
/// SIMD over Vector&lt;float&gt; (8 floats with AVX, 4 with SSE or NEON) with a scalar twin that does the same float operations in the same order
/// (sqrt and division are correctly rounded in both), so the two give the same bits.
/// </summary>
public static class NatureRmsPropKernel
{
    /// <summary>One step over a tensor: <paramref name="p"/>, <paramref name="gradAvg"/> (ḡ) and <paramref name="squareAvg"/> (s) are updated in place.</summary>
    public static void Step(Span<float> p, ReadOnlySpan<float> g, Span<float> gradAvg, Span<float> squareAvg,
        float gm, float oneMinusGm, float sm, float oneMinusSm, float lr, float c)
    {
        Check(p.Length, g.Length, gradAvg.Length, squareAvg.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float ps = ref MemoryMarshal.GetReference(p);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float gas = ref MemoryMarshal.GetReference(gradAvg);
            ref float sas = ref MemoryMarshal.GetReference(squareAvg);
            var vgm = new Vector<float>(gm); var vogm = new Vector<float>(oneMinusGm);
            var vsm = new Vector<float>(sm); var vosm = new Vector<float>(oneMinusSm);
            var nlr = new Vector<float>(-lr); var vc = new Vector<float>(c);
            for (; i + Vector<float>.Count <= p.Length; i += Vector<float>.Count)
            {
                var gj = Vector.LoadUnsafe(ref gs, (nuint)i);
                var ga = Vector.LoadUnsafe(ref gas, (nuint)i) * vgm + vogm * gj;
                var sa = Vector.LoadUnsafe(ref sas, (nuint)i) * vsm + vosm * (gj * gj);
                ga.StoreUnsafe(ref gas, (nuint)i);
                sa.StoreUnsafe(ref sas, (nuint)i);
                var root = Vector.SquareRoot(sa - ga * ga + vc);
                (Vector.LoadUnsafe(ref ps, (nuint)i) + nlr * (gj / root)).StoreUnsafe(ref ps, (nuint)i);
            }
        }
        for (; i < p.Length; i++) Element(ref p[i], g[i], ref gradAvg[i], ref squareAvg[i], gm, oneMinusGm, sm, oneMinusSm, lr, c);
    }

    /// <summary>The scalar twin of <see cref="Step"/>.</summary>
    public static void StepScalar(Span<float> p, ReadOnlySpan<float> g, Span<float> gradAvg, Span<float> squareAvg,
        float gm, float oneMinusGm, float sm, float oneMinusSm, float lr, float c)
    {
        Check(p.Length, g.Length, gradAvg.Length, squareAvg.Length);
        for (int i = 0; i < p.Length; i++) Element(ref p[i], g[i], ref gradAvg[i], ref squareAvg[i], gm, oneMinusGm, sm, oneMinusSm, lr, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Element(ref float p, float g, ref float ga, ref float sa, float gm, float ogm, float sm, float osm, float lr, float c)
    {
        ga = ga * gm + ogm * g;
        sa = sa * sm + osm * (g * g);
        p += -lr * (g / MathF.Sqrt(sa - ga * ga + c));
    }

    private static void Check(int p, int g, int ga, int sa)
    {
        if (g != p || ga != p || sa != p)
            throw new ArgumentException($"Nature RMSProp step: parameter ({p}), gradient ({g}) and state ({ga}, {sa}) lengths differ.");
    }
}

/// <summary>
/// <see cref="NatureRmsPropKernel.Step"/> over many tensors, fixed chunks in parallel (same bits for any thread count).
/// One instance per optimizer; <see cref="Run"/> sets the step's scalars.
/// </summary>
public sealed class ParallelNatureRmsPropStep : ParallelOptimizerStep
{
    private float _gm, _ogm, _sm, _osm, _lr, _c;

    /// <summary>Parameters, gradients, ḡ and s: index-aligned lists of equal-length arrays.</summary>
    public ParallelNatureRmsPropStep(float[][] parameters, float[][] gradients, float[][] gradAvg, float[][] squareAvg)
        : base("Nature RMSProp step", parameters, gradients, gradAvg, squareAvg) { }

    /// <summary>One step with the given decays, learning rate and constant (see <see cref="NatureRmsPropKernel"/>).</summary>
    public void Run(float gm, float oneMinusGm, float sm, float oneMinusSm, float lr, float c)
    {
        (_gm, _ogm, _sm, _osm, _lr, _c) = (gm, oneMinusGm, sm, oneMinusSm, lr, c);
        RunChunks();
    }

    protected override void StepChunk(Span<float> p, ReadOnlySpan<float> g, Span<float> gradAvg, Span<float> squareAvg) =>
        NatureRmsPropKernel.Step(p, g, gradAvg, squareAvg, _gm, _ogm, _sm, _osm, _lr, _c);
}
