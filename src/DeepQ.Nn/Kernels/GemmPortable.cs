using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// The micro-kernel for ARM64 and for x86 without AVX (or, on request, without FMA): C[4,8] (+)=
    /// Apanel[kc,4] rows · Bpanel[kc,8] in 128-bit vectors (SSE2 or NEON), under the same packing,
    /// blocking and thread split as the 256/512-bit kernels. NEON fuses in hardware, so ARM64 gets
    /// the bits of every other FMA machine. x86 without FMA multiplies then adds (as the AVX
    /// kernel does there), or, with <see cref="EmulateFusedMultiplyAdd"/>, gets the fused result
    /// exactly from doubles (<see cref="FusedNoFma"/>): the FMA machines' bits, several times slower.
    /// </summary>
    /// <summary>
    /// On a CPU without FMA, compute each fused multiply-add exactly (in doubles) on the 128-bit
    /// kernel instead of multiplying then adding on the AVX one: the bits of an FMA machine (a run
    /// reproduces one made there), at several times the cost. Set it before any product runs.
    /// </summary>
    public static bool EmulateFusedMultiplyAdd { get; set; }

    internal static class Portable
    {
        internal const int MR = 4, NR = 8;

        /// <summary>True when 128-bit lanes fuse in hardware (FMA3 or NEON).</summary>
        internal static bool HardwareFma => Fma.IsSupported || AdvSimd.IsSupported;

        /// <summary>Test hook: multiply then add on this kernel even where the CPU fuses (covers SSE-only x86 here).</summary>
        internal static bool ForceUnfused;

        /// <summary>C[4,8] (+)= Apanel[kc,4] · Bpanel[kc,8]; each lane one in-order chain over p (fused where <see cref="Gemm.FusedChains"/>).</summary>
        /// <remarks>
        /// Each variant compiles to its own small method (the step is a struct type parameter, as
        /// for <see cref="Blocked"/>'s 6x16 kernel, and the exact emulation is a method apart): in one
        /// method sharing the eight accumulators, the JIT kept them on the stack (a load and a store
        /// around every add) once the emulation's many temporaries were in the same body, which cost
        /// SSE-only machines about 2x.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Kernel4x8(int kc, float* ap, float* bp, float* c, int ldc, bool load)
        {
            if (HardwareFma && !ForceUnfused) Kernel4x8<Fused128>(kc, ap, bp, c, ldc, load);
            else if (!EmulateFusedMultiplyAdd) Kernel4x8<Unfused128>(kc, ap, bp, c, ldc, load);
            else Kernel4x8Emulated(kc, ap, bp, c, ldc, load);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Kernel4x8<TStep>(int kc, float* ap, float* bp, float* c, int ldc, bool load) where TStep : struct, IMulAdd128
        {
            float* r0 = c, r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
            Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31;
            if (load)
            {
                c00 = Vector128.Load(r0); c01 = Vector128.Load(r0 + 4);
                c10 = Vector128.Load(r1); c11 = Vector128.Load(r1 + 4);
                c20 = Vector128.Load(r2); c21 = Vector128.Load(r2 + 4);
                c30 = Vector128.Load(r3); c31 = Vector128.Load(r3 + 4);
            }
            else c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector128<float>.Zero;
            for (int p = 0; p < kc; p++, ap += MR, bp += NR)
            {
                Vector128<float> b0 = Vector128.Load(bp), b1 = Vector128.Load(bp + 4);
                Vector128<float> x = Vector128.Create(ap[0]);
                c00 = TStep.Apply(x, b0, c00); c01 = TStep.Apply(x, b1, c01);
                x = Vector128.Create(ap[1]);
                c10 = TStep.Apply(x, b0, c10); c11 = TStep.Apply(x, b1, c11);
                x = Vector128.Create(ap[2]);
                c20 = TStep.Apply(x, b0, c20); c21 = TStep.Apply(x, b1, c21);
                x = Vector128.Create(ap[3]);
                c30 = TStep.Apply(x, b0, c30); c31 = TStep.Apply(x, b1, c31);
            }
            c00.Store(r0); c01.Store(r0 + 4);
            c10.Store(r1); c11.Store(r1 + 4);
            c20.Store(r2); c21.Store(r2 + 4);
            c30.Store(r3); c31.Store(r3 + 4);
        }

        /// <summary>One step of a 128-bit chain: acc' = x·b + acc.</summary>
        internal interface IMulAdd128
        {
            static abstract Vector128<float> Apply(Vector128<float> x, Vector128<float> b, Vector128<float> acc);
        }

        /// <summary>One rounding (FMA3 or NEON).</summary>
        internal readonly struct Fused128 : IMulAdd128
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Apply(Vector128<float> x, Vector128<float> b, Vector128<float> acc) => Vector128.FusedMultiplyAdd(x, b, acc);
        }

        /// <summary>Two roundings: the product, then the sum (SSE without FMA).</summary>
        internal readonly struct Unfused128 : IMulAdd128
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Apply(Vector128<float> x, Vector128<float> b, Vector128<float> acc) => acc + x * b;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Kernel4x8Emulated(int kc, float* ap, float* bp, float* c, int ldc, bool load)
        {
            float* r0 = c, r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
            Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31;
            if (load)
            {
                c00 = Vector128.Load(r0); c01 = Vector128.Load(r0 + 4);
                c10 = Vector128.Load(r1); c11 = Vector128.Load(r1 + 4);
                c20 = Vector128.Load(r2); c21 = Vector128.Load(r2 + 4);
                c30 = Vector128.Load(r3); c31 = Vector128.Load(r3 + 4);
            }
            else c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector128<float>.Zero;
            for (int p = 0; p < kc; p++, ap += MR, bp += NR)
            {
                // B's 8 values widened once per step, shared by the four rows.
                Vector128<float> b0 = Vector128.Load(bp), b1 = Vector128.Load(bp + 4);
                Vector128<double> w0 = Vector128.WidenLower(b0), w1 = Vector128.WidenUpper(b0), w2 = Vector128.WidenLower(b1), w3 = Vector128.WidenUpper(b1);
                Vector128<double> x = Vector128.Create((double)ap[0]);
                c00 = FusedNoFma(x, w0, w1, c00); c01 = FusedNoFma(x, w2, w3, c01);
                x = Vector128.Create((double)ap[1]);
                c10 = FusedNoFma(x, w0, w1, c10); c11 = FusedNoFma(x, w2, w3, c11);
                x = Vector128.Create((double)ap[2]);
                c20 = FusedNoFma(x, w0, w1, c20); c21 = FusedNoFma(x, w2, w3, c21);
                x = Vector128.Create((double)ap[3]);
                c30 = FusedNoFma(x, w0, w1, c30); c31 = FusedNoFma(x, w2, w3, c31);
            }
            c00.Store(r0); c01.Store(r0 + 4);
            c10.Store(r1); c11.Store(r1 + 4);
            c20.Store(r2); c21.Store(r2 + 4);
            c30.Store(r3); c31.Store(r3 + 4);
        }

        private static readonly Vector128<ulong> s_magnitude = Vector128.Create(0x7FFF_FFFF_FFFF_FFFFUL);
        private static readonly Vector128<ulong> s_roundBits = Vector128.Create(0x1FFF_FFFFUL), s_halfway = Vector128.Create(0x1000_0000UL);
        private static readonly Vector128<double> s_minNormal = Vector128.Create(1.0 / (1L << 62) / (1L << 62) / 4) /* 2^-126, the smallest normal float */, s_maxFloat = Vector128.Create((double)float.MaxValue);

        /// <summary>
        /// fma(x, b, c) rounded once to float, lane by lane, without an FMA unit (x and b given as
        /// doubles holding floats). The product of two floats is exact in double; the double sum
        /// s = RN(x·b + c) rounds to the same float as the exact sum unless s lies exactly halfway
        /// between two floats (the 29 bits below a float's last place read 1000…0), falls outside
        /// the normal float range (subnormal, overflow, NaN) where that test does not hold, or is
        /// zero (exact, so fine). Those rare lanes are recomputed with MathF.FusedMultiplyAdd (the
        /// C library's exact fmaf). Tested against it on random and cancelling operands.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<float> FusedNoFma(Vector128<double> x, Vector128<double> b0, Vector128<double> b1, Vector128<float> c)
        {
            Vector128<double> s0 = x * b0 + Vector128.WidenLower(c), s1 = x * b1 + Vector128.WidenUpper(c);
            if ((Handed(s0) | Handed(s1)).ExtractMostSignificantBits() != 0) return FusedLanes(x, b0, b1, c);
            return Vector128.Narrow(s0, s1);
        }

        /// <summary>All ones in the lanes whose double sum does not round to the fused result by itself (see <see cref="FusedNoFma"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<ulong> Handed(Vector128<double> s)
        {
            Vector128<ulong> bits = s.AsUInt64();
            Vector128<double> a = (bits & s_magnitude).AsDouble();
            Vector128<ulong> plain = (Vector128.GreaterThanOrEqual(a, s_minNormal) & Vector128.LessThanOrEqual(a, s_maxFloat)).AsUInt64()
                & ~Vector128.Equals(bits & s_roundBits, s_halfway);
            return ~plain & ~Vector128.Equals(s, Vector128<double>.Zero).AsUInt64();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector128<float> FusedLanes(Vector128<double> x, Vector128<double> b0, Vector128<double> b1, Vector128<float> c)
        {
            float a = (float)x.ToScalar();
            return Vector128.Create(
                MathF.FusedMultiplyAdd(a, (float)b0.GetElement(0), c.GetElement(0)),
                MathF.FusedMultiplyAdd(a, (float)b0.GetElement(1), c.GetElement(1)),
                MathF.FusedMultiplyAdd(a, (float)b1.GetElement(0), c.GetElement(2)),
                MathF.FusedMultiplyAdd(a, (float)b1.GetElement(1), c.GetElement(3)));
        }

        /// <summary>FusedNoFma on four lanes of floats (a test hook: compared with MathF.FusedMultiplyAdd).</summary>
        internal static Vector128<float> FusedNoFma(float a, Vector128<float> b, Vector128<float> c) =>
            FusedNoFma(Vector128.Create((double)a), Vector128.WidenLower(b), Vector128.WidenUpper(b), c);
    }

    /// <summary>
    /// The instruction set the matrix kernels run on here, for benchmarks and logs: the widest of
    /// AVX-512, AVX2 + FMA and the portable 128-bit kernel (DOTNET_EnableAVX512=0 or
    /// DOTNET_EnableAVX2=0 select the narrower ones on a machine that has them all).
    /// </summary>
    public static string InstructionSet => Blocked.Tiles switch
    {
        TileKernel.Avx512 => "AVX-512 (8x32 tiles; direct convolution and dense forward on the indexed 8x32 kernel)",
        TileKernel.Avx2 => "AVX2+FMA (6x16 tiles; direct convolution and dense forward on the indexed kernel's 4x16 quarters)",
        TileKernel.Avx => "AVX without FMA: multiply then add (6x16 tiles; convolution by im2col)",
        _ when Portable.HardwareFma && !Portable.ForceUnfused => "128-bit vectors with FMA (4x8 tiles)",
        _ when EmulateFusedMultiplyAdd => "128-bit vectors, no FMA unit: fused multiply-add computed exactly in double (4x8 tiles)",
        _ => "128-bit vectors without FMA: multiply then add (4x8 tiles)",
    };

    /// <summary>Copies 8 floats (a packed panel row piece): one 256-bit move with AVX, else two 128-bit ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy8(float* src, float* dst)
    {
        if (Avx.IsSupported) { Avx.Store(dst, Avx.LoadVector256(src)); return; }
        Vector128.Load(src).Store(dst);
        Vector128.Load(src + 4).Store(dst + 4);
    }
}
