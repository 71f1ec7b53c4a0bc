using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepQ.Nn.Kernels;

/// <summary>
/// Byte input (uint8 frames [B,C,H,W], byte b entering as b / 255 for the Nature network's
/// first layer): the exact vector form of that division, shared by the byte deinterleave and
/// <see cref="BytesToFloats"/>.
/// </summary>
public static unsafe partial class Conv
{
    /// <summary>
    /// b / 255 rounded to float for integer-valued b in 0..255, exactly as the division rounds:
    /// q = b·(1/255) is at most one unit off, the fused residual b − 255·q is exact, and one
    /// fused correction step lands on the correctly rounded quotient (checked for all 256 bytes
    /// by the tests). Several times cheaper than a vector divide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Over255(Vector256<float> b)
    {
        if (!Fma.IsSupported) return b / Vector256.Create(255f); // the division itself: correctly rounded, the same bits
        var r = Vector256.Create(1f / 255f);
        var q = Avx.Multiply(b, r);
        var e = Fma.MultiplyAddNegated(q, Vector256.Create(255f), b);
        return Fma.MultiplyAdd(e, r, q);
    }

    /// <summary>Over255 on eight bytes: a test hook for the exactness claim (all 256 values).</summary>
    internal static void Over255Bytes(ReadOnlySpan<byte> x, Span<float> y)
    {
        if (x.Length != 8 || y.Length != 8) throw new ArgumentException("Eight bytes in, eight floats out.");
        var ints = Vector256.Create(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]);
        Over255(Vector256.ConvertToSingle(ints)).CopyTo(y);
    }
}
