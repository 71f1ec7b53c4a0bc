using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Register-level float transposes used by the GEMM packers: 8x8 in ymm registers with AVX,
/// else as four 4x4 blocks in xmm registers (SSE, which every x64 CPU has), else the scalar
/// twin. All are pure copies, so every path gives the same bits.
/// </summary>
internal static unsafe class Transpose
{
    /// <summary>dst[c, r] = src[r, c] for an 8x8 block; strides in floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(float* src, long srcStride, float* dst, long dstStride)
    {
        if (!Avx.IsSupported)
        {
            if (Sse.IsSupported) Transpose8x8Sse(src, srcStride, dst, dstStride);
            else Transpose8x8Scalar(src, srcStride, dst, dstStride);
            return;
        }
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride), r7 = Avx.LoadVector256(src + 7 * srcStride);
        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>Transpose8x8 as four 4x4 blocks: block (i, j) of src lands as block (j, i) of dst.</summary>
    internal static void Transpose8x8Sse(float* src, long srcStride, float* dst, long dstStride)
    {
        Transpose4x4(src, srcStride, dst, dstStride);
        Transpose4x4(src + 4, srcStride, dst + 4 * dstStride, dstStride);
        Transpose4x4(src + 4 * srcStride, srcStride, dst + 4, dstStride);
        Transpose4x4(src + 4 * srcStride + 4, srcStride, dst + 4 * dstStride + 4, dstStride);
    }

    /// <summary>dst[c, r] = src[r, c] for a 4x4 block in four xmm registers (SSE unpacks, then 64-bit moves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4x4(float* src, long srcStride, float* dst, long dstStride)
    {
        Vector128<float> r0 = Sse.LoadVector128(src), r1 = Sse.LoadVector128(src + srcStride);
        Vector128<float> r2 = Sse.LoadVector128(src + 2 * srcStride), r3 = Sse.LoadVector128(src + 3 * srcStride);
        // t0 = r0[0] r1[0] r0[1] r1[1], t1 = r2[0] r3[0] r2[1] r3[1]; t2, t3 likewise for columns 2 and 3.
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3);
        Vector128<float> t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3);
        Sse.Store(dst, Sse.MoveLowToHigh(t0, t1));
        Sse.Store(dst + dstStride, Sse.MoveHighToLow(t1, t0));
        Sse.Store(dst + 2 * dstStride, Sse.MoveLowToHigh(t2, t3));
        Sse.Store(dst + 3 * dstStride, Sse.MoveHighToLow(t3, t2));
    }

    /// <summary>Scalar twin of <see cref="Transpose8x8"/>.</summary>
    internal static void Transpose8x8Scalar(float* src, long srcStride, float* dst, long dstStride)
    {
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++) dst[c * dstStride + r] = src[r * srcStride + c];
    }
}
