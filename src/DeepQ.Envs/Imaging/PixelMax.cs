using System.Numerics;

namespace DeepQ.Envs.Imaging;

/// <summary>
/// Element-wise maximum of two frames (numpy's <c>np.maximum</c>): MaxAndSkip's pooling of the
/// last two emulator frames, which removes the flicker of sprites drawn every other frame.
/// </summary>
public static class PixelMax
{
    /// <summary>dst[i] = max(a[i], b[i]); vectorized. <paramref name="dst"/> may alias a or b.</summary>
    public static void Max(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        CheckLengths(a, b, dst);
        int i = 0;
        int w = Vector<byte>.Count;
        for (; i <= dst.Length - w; i += w)
            Vector.Max(new Vector<byte>(a[i..]), new Vector<byte>(b[i..])).CopyTo(dst[i..]);
        for (; i < dst.Length; i++) dst[i] = Math.Max(a[i], b[i]);
    }

    /// <summary>The scalar twin of <see cref="Max"/>, kept for tests.</summary>
    public static void MaxScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        CheckLengths(a, b, dst);
        for (int i = 0; i < dst.Length; i++) dst[i] = a[i] >= b[i] ? a[i] : b[i];
    }

    private static void CheckLengths(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        if (a.Length != dst.Length || b.Length != dst.Length)
            throw new ArgumentException($"Max needs equal lengths, got {a.Length}, {b.Length} -> {dst.Length}.");
    }
}
