using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// The 8x32 micro-kernel (512-bit, or four 4x16 quarters on AVX2 + FMA) with its broadcast operand read in place instead of packed:
    /// tile[8,32] += A'[8,kc] · Bpanel[kc,32] with A'[i,p] = a[rowOff[i] + kOff[p]]. A
    /// convolution's column matrix is such an operand (row = output position, p = kernel tap:
    /// the input pixel is the position's corner plus the tap's offset), so is a matrix read
    /// transposed (rowOff[i] = i, kOff[p] = p·ld). Nothing is gathered into a [K,P] buffer and
    /// packed again; only the small weight-side panel B is packed. Each tile lane is one
    /// in-order fused chain over p, like <see cref="Blocked.Kernel8x32"/>, so products built on
    /// it have the same bits as the packed GEMM on the same operands.
    /// </summary>
    internal static class Indexed
    {
        /// <summary>Rows and columns of the register tile.</summary>
        internal const int MR = 8, NR = 32;

        /// <summary>tile[i, j] (row stride 32) = chain over p of fma(a[rowOff[i] + kOff[p]], bp[p·32 + j], ·), from tile's value, for columns j &lt; <paramref name="columns"/>.</summary>
        /// <remarks>
        /// Columns from <paramref name="columns"/> on are the caller's to ignore: the kernel may leave
        /// them or overwrite them with their chains. The AVX2 quarters skip the right half when
        /// 16 columns are enough (a layer with 16 output channels, the 2013 network's first
        /// convolution); the 512-bit tile always computes all 32, as a 16-wide zmm variant measured
        /// no faster on Zen 4 (one broadcast per multiply-add).
        /// </remarks>
        internal static void Kernel8x32(int kc, float* a, int* rowOff, int* kOff, float* bp, float* tile, int columns = NR)
        {
            if ((uint)(columns - 1) >= NR) throw new ArgumentOutOfRangeException(nameof(columns), $"A tile has 1 to 32 columns, got {columns}.");
            if (UseAvx512)
            {
                Kernel8x32Avx512(kc, a, rowOff, kOff, bp, tile);
                return;
            }
            // Sixteen 256-bit accumulators would leave no register for the operands, so the
            // AVX2 tile runs as 4x16 quarters, each over the whole depth: every lane is still
            // one in-order chain over p, so the bits are the AVX-512 tile's.
            Kernel4x16Avx2(kc, a, rowOff, kOff, bp, tile);
            Kernel4x16Avx2(kc, a, rowOff + 4, kOff, bp, tile + 4 * NR);
            if (columns <= 16) return;
            Kernel4x16Avx2(kc, a, rowOff, kOff, bp + 16, tile + 16);
            Kernel4x16Avx2(kc, a, rowOff + 4, kOff, bp + 16, tile + 4 * NR + 16);
        }

        /// <summary>True when the 512-bit tile runs (the AVX-512 tiles are selected); otherwise the AVX2 quarters do.</summary>
        private static bool UseAvx512 => Blocked.Tiles == TileKernel.Avx512;

        /// <summary>Rows 0..3 and columns 0..15 of a tile with row stride 32 (a quarter of <see cref="Kernel8x32"/>) on 256-bit FMA.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel4x16Avx2(int kc, float* a, int* rowOff, int* kOff, float* bp, float* tile)
        {
            float* a0 = a + rowOff[0], a1 = a + rowOff[1], a2 = a + rowOff[2], a3 = a + rowOff[3];
            Vector256<float> c00 = Avx.LoadVector256(tile), c01 = Avx.LoadVector256(tile + 8);
            Vector256<float> c10 = Avx.LoadVector256(tile + 32), c11 = Avx.LoadVector256(tile + 40);
            Vector256<float> c20 = Avx.LoadVector256(tile + 64), c21 = Avx.LoadVector256(tile + 72);
            Vector256<float> c30 = Avx.LoadVector256(tile + 96), c31 = Avx.LoadVector256(tile + 104);
            for (int p = 0; p < kc; p++)
            {
                long o = kOff[p];
                Vector256<float> b0 = Avx.LoadVector256(bp);
                Vector256<float> b1 = Avx.LoadVector256(bp + 8);
                Vector256<float> x = Vector256.Create(a0[o]);
                c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(a1[o]);
                c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(a2[o]);
                c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(a3[o]);
                c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
                bp += NR;
            }
            Avx.Store(tile, c00); Avx.Store(tile + 8, c01);
            Avx.Store(tile + 32, c10); Avx.Store(tile + 40, c11);
            Avx.Store(tile + 64, c20); Avx.Store(tile + 72, c21);
            Avx.Store(tile + 96, c30); Avx.Store(tile + 104, c31);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Kernel8x32Avx512(int kc, float* a, int* rowOff, int* kOff, float* bp, float* tile)
        {
            float* a0 = a + rowOff[0], a1 = a + rowOff[1], a2 = a + rowOff[2], a3 = a + rowOff[3];
            float* a4 = a + rowOff[4], a5 = a + rowOff[5], a6 = a + rowOff[6], a7 = a + rowOff[7];
            Vector512<float> c00 = Avx512F.LoadVector512(tile), c01 = Avx512F.LoadVector512(tile + 16);
            Vector512<float> c10 = Avx512F.LoadVector512(tile + 32), c11 = Avx512F.LoadVector512(tile + 48);
            Vector512<float> c20 = Avx512F.LoadVector512(tile + 64), c21 = Avx512F.LoadVector512(tile + 80);
            Vector512<float> c30 = Avx512F.LoadVector512(tile + 96), c31 = Avx512F.LoadVector512(tile + 112);
            Vector512<float> c40 = Avx512F.LoadVector512(tile + 128), c41 = Avx512F.LoadVector512(tile + 144);
            Vector512<float> c50 = Avx512F.LoadVector512(tile + 160), c51 = Avx512F.LoadVector512(tile + 176);
            Vector512<float> c60 = Avx512F.LoadVector512(tile + 192), c61 = Avx512F.LoadVector512(tile + 208);
            Vector512<float> c70 = Avx512F.LoadVector512(tile + 224), c71 = Avx512F.LoadVector512(tile + 240);
            for (int p = 0; p < kc; p++)
            {
                long o = kOff[p];
                Vector512<float> b0 = Avx512F.LoadVector512(bp);
                Vector512<float> b1 = Avx512F.LoadVector512(bp + 16);
                Vector512<float> x = Vector512.Create(a0[o]);
                c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a1[o]);
                c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a2[o]);
                c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a3[o]);
                c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a4[o]);
                c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a5[o]);
                c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a6[o]);
                c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a7[o]);
                c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                bp += 32;
            }
            Avx512F.Store(tile, c00); Avx512F.Store(tile + 16, c01);
            Avx512F.Store(tile + 32, c10); Avx512F.Store(tile + 48, c11);
            Avx512F.Store(tile + 64, c20); Avx512F.Store(tile + 80, c21);
            Avx512F.Store(tile + 96, c30); Avx512F.Store(tile + 112, c31);
            Avx512F.Store(tile + 128, c40); Avx512F.Store(tile + 144, c41);
            Avx512F.Store(tile + 160, c50); Avx512F.Store(tile + 176, c51);
            Avx512F.Store(tile + 192, c60); Avx512F.Store(tile + 208, c61);
            Avx512F.Store(tile + 224, c70); Avx512F.Store(tile + 240, c71);
        }

        /// <summary>Scalar twin of <see cref="Kernel8x32"/>: the same chains, element by element.</summary>
        internal static void Kernel8x32Scalar(int kc, float* a, int* rowOff, int* kOff, float* bp, float* tile, int columns = NR)
        {
            for (int i = 0; i < MR; i++)
                for (int j = 0; j < columns; j++)
                {
                    float acc = tile[i * NR + j];
                    for (int p = 0; p < kc; p++) acc = MathF.FusedMultiplyAdd(a[rowOff[i] + (long)kOff[p]], bp[p * NR + j], acc);
                    tile[i * NR + j] = acc;
                }
        }

        /// <summary>True when the indexed kernel can run: AVX-512, or AVX2 with FMA (the quarter tiles).</summary>
        internal static bool Available => Blocked.Tiles is TileKernel.Avx512 or TileKernel.Avx2;
    }
}
