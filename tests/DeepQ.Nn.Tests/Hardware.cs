using System.Runtime.Intrinsics.X86;
using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests;

/// <summary>
/// What this machine's instruction sets let the kernels run, for tests of one kernel: a test of
/// a kernel the machine cannot run is skipped with the reason (shown by
/// <c>dotnet test --logger "console;verbosity=normal"</c>) instead of passing without testing it.
/// CI also runs the suite under DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and DOTNET_EnableAVX=0, which force the
/// other paths on a machine that has them all.
/// </summary>
public static class Hardware
{
    /// <summary>The AVX-512 kernels (8x32 tiles, the 512-bit indexed kernel).</summary>
    public static string? Avx512SkipReason =>
        Avx512F.IsSupported && Gemm.Blocked.UseAvx512 ? null
        : "Needs AVX-512 (the 8x32 tiles): not on this CPU or switched off (DOTNET_EnableAVX512=0).";

    /// <summary>The indexed kernel and what runs on it (the direct convolution, the dense forward): AVX-512, or AVX2 + FMA.</summary>
    public static string? IndexedSkipReason =>
        Gemm.Indexed.Available ? null
        : "Needs AVX-512, or AVX2 + FMA (the indexed kernel, the direct convolution): not on this CPU or switched off (DOTNET_EnableAVX2=0).";

    /// <summary>The 256-bit kernel without FMA (6x16 tiles, multiply then add).</summary>
    public static string? AvxSkipReason =>
        Avx.IsSupported ? null : "Needs AVX (the 6x16 multiply-then-add kernel): not on this CPU or switched off (DOTNET_EnableAVX=0).";

    /// <summary>The 256-bit FMA kernels (6x16 tiles, the blocked product).</summary>
    public static string? FmaSkipReason =>
        Fma.IsSupported && Avx2.IsSupported ? null
        : "Needs AVX2 and FMA (the 6x16 kernel): not on this CPU or switched off (DOTNET_EnableAVX2=0).";
}

/// <summary>A fact about an AVX-512 kernel: skipped with the reason where it cannot run.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute() { Skip = Hardware.Avx512SkipReason; }
}

/// <summary>A theory about an AVX-512 kernel: skipped with the reason where it cannot run.</summary>
public sealed class Avx512TheoryAttribute : TheoryAttribute
{
    public Avx512TheoryAttribute() { Skip = Hardware.Avx512SkipReason; }
}

/// <summary>A fact about the indexed kernel or the direct passes: skipped with the reason where it cannot run.</summary>
public sealed class IndexedFactAttribute : FactAttribute
{
    public IndexedFactAttribute() { Skip = Hardware.IndexedSkipReason; }
}

/// <summary>A theory about the indexed kernel or the direct passes: skipped with the reason where it cannot run.</summary>
public sealed class IndexedTheoryAttribute : TheoryAttribute
{
    public IndexedTheoryAttribute() { Skip = Hardware.IndexedSkipReason; }
}

/// <summary>A fact about an AVX2/FMA kernel: skipped with the reason where it cannot run.</summary>
public sealed class FmaFactAttribute : FactAttribute
{
    public FmaFactAttribute() { Skip = Hardware.FmaSkipReason; }
}

/// <summary>A fact about the AVX (no FMA) kernel: skipped with the reason where it cannot run.</summary>
public sealed class AvxFactAttribute : FactAttribute
{
    public AvxFactAttribute() { Skip = Hardware.AvxSkipReason; }
}

/// <summary>A theory about an AVX2/FMA kernel: skipped with the reason where it cannot run.</summary>
public sealed class FmaTheoryAttribute : TheoryAttribute
{
    public FmaTheoryAttribute() { Skip = Hardware.FmaSkipReason; }
}

/// <summary>
/// Tests that change process-wide kernel switches (<see cref="Gemm.Blocked.UseAvx512"/>,
/// <see cref="WorkerPool.Pause"/>) run alone, after the parallel ones, so no other test sees
/// the switch mid-call.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelSwitchesCollection
{
    public const string Name = "Kernel switches (run alone)";
}
