using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepQ.Envs.Imaging;

/// <summary>
/// OpenCV's <c>resize(..., INTER_AREA)</c> for 8-bit images shrunk by a non-integer factor, to the
/// byte. Each output pixel is the coverage-weighted mean of the source pixels under it: a source
/// pixel partly covered contributes its covered fraction. Weights are float32 as OpenCV stores
/// them; rows are summed horizontally in float32, then vertically in float32 in OpenCV's order,
/// and rounded half-to-even. The tables are built once; <see cref="Resize"/> never allocates.
/// Both factors integer (e.g. 2x) takes OpenCV's separate "fast area" path and is rejected here,
/// as is enlarging (which OpenCV does bilinearly).
/// </summary>
public sealed class AreaResize
{
    /// <summary>One contribution: source index (element units), destination index, weight.</summary>
    private readonly record struct Tap(int Src, int Dst, float Alpha);

    private readonly Tap[] _yTaps;
    // Horizontal taps as parallel arrays; output pixel d uses taps xFirst[d] .. xFirst[d+1]-1.
    private readonly int[] _xSrc;
    private readonly float[] _xAlpha;
    private readonly int[] _xFirst;
    private readonly float[] _rowBuf;
    private readonly float[] _sum;

    public AreaResize(int srcHeight, int srcWidth, int dstHeight, int dstWidth, int channels = 1)
    {
        if (srcHeight <= 0 || srcWidth <= 0 || dstHeight <= 0 || dstWidth <= 0 || channels <= 0)
            throw new ArgumentException("Image sizes and channel count must be positive.");
        if (dstHeight > srcHeight || dstWidth > srcWidth)
            throw new ArgumentException($"Area resize only shrinks; {srcHeight}x{srcWidth} -> {dstHeight}x{dstWidth} enlarges.");
        // OpenCV's scale is 1 / (dst/src), computed in double exactly so.
        double scaleX = 1.0 / ((double)dstWidth / srcWidth);
        double scaleY = 1.0 / ((double)dstHeight / srcHeight);
        if (IsInteger(scaleX) && IsInteger(scaleY))
            throw new ArgumentException($"{srcHeight}x{srcWidth} -> {dstHeight}x{dstWidth} is an integer-factor shrink; OpenCV uses a different path for it, which is not implemented.");
        SrcHeight = srcHeight; SrcWidth = srcWidth; DstHeight = dstHeight; DstWidth = dstWidth; Channels = channels;
        var xTaps = BuildTaps(srcWidth, dstWidth, channels, scaleX);
        _xSrc = xTaps.Select(t => t.Src).ToArray();
        _xAlpha = xTaps.Select(t => t.Alpha).ToArray();
        _xFirst = new int[dstWidth + 1];
        for (int d = 0, k = 0; d <= dstWidth; d++)
        {
            while (k < xTaps.Length && xTaps[k].Dst < d * channels) k++;
            _xFirst[d] = k;
        }
        _yTaps = BuildTaps(srcHeight, dstHeight, 1, scaleY);
        _rowBuf = new float[dstWidth * channels];
        _sum = new float[dstWidth * channels];
    }

    public int SrcHeight { get; }
    public int SrcWidth { get; }
    public int DstHeight { get; }
    public int DstWidth { get; }
    public int Channels { get; }

    /// <summary>OpenCV's test for its fast path: |scale - round(scale)| below DBL_EPSILON.</summary>
    private static bool IsInteger(double s) => Math.Abs(s - Math.Round(s, MidpointRounding.ToEven)) < 2.220446049250313e-16;

    /// <summary>
    /// The taps of one axis: for destination cell d covering source [d*scale, (d+1)*scale), the
    /// partly covered pixel on the left, the whole pixels, and the partly covered one on the right,
    /// each weighted by its coverage over the cell width (the cell may be cut by the image edge).
    /// </summary>
    private static Tap[] BuildTaps(int srcSize, int dstSize, int channels, double scale)
    {
        var taps = new List<Tap>(srcSize * 2);
        for (int dx = 0; dx < dstSize; dx++)
        {
            double fsx1 = dx * scale;
            double fsx2 = fsx1 + scale;
            double cellWidth = Math.Min(scale, srcSize - fsx1);
            int sx1 = (int)Math.Ceiling(fsx1), sx2 = (int)Math.Floor(fsx2);
            sx2 = Math.Min(sx2, srcSize - 1);
            sx1 = Math.Min(sx1, sx2);
            // Coverage below 1e-3 of a pixel is dropped, as OpenCV drops it.
            if (sx1 - fsx1 > 1e-3)
                taps.Add(new Tap((sx1 - 1) * channels, dx * channels, (float)((sx1 - fsx1) / cellWidth)));
            for (int sx = sx1; sx < sx2; sx++)
                taps.Add(new Tap(sx * channels, dx * channels, (float)(1.0 / cellWidth)));
            if (fsx2 - sx2 > 1e-3)
                taps.Add(new Tap(sx2 * channels, dx * channels, (float)(Math.Min(Math.Min(fsx2 - sx2, 1.0), cellWidth) / cellWidth)));
        }
        return taps.ToArray();
    }

    /// <summary>Shrinks <paramref name="src"/> <c>[Hs,Ws,C]</c> into <paramref name="dst"/> <c>[Hd,Wd,C]</c>.</summary>
    public void Resize(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int rowLen = SrcWidth * Channels, outLen = DstWidth * Channels;
        if (src.Length != SrcHeight * rowLen || dst.Length != DstHeight * outLen)
            throw new ArgumentException($"Resize expects {SrcHeight * rowLen} source and {DstHeight * outLen} destination bytes, got {src.Length} and {dst.Length}.");
        Span<float> buf = _rowBuf, sum = _sum;
        ReadOnlySpan<int> xSrc = _xSrc, xFirst = _xFirst;
        ReadOnlySpan<float> xAlpha = _xAlpha;
        int channels = Channels;
        sum.Clear();
        int prevDy = _yTaps[0].Dst;
        foreach (var yt in _yTaps)
        {
            // Horizontal pass of one source row. OpenCV adds each tap into buf[d] in tap order
            // starting from zero; the taps of one output pixel are consecutive, so a running float32
            // total per pixel performs the same operations (multiply, then add; no fused multiply-add).
            ReadOnlySpan<byte> row = src.Slice(yt.Src * rowLen, rowLen);
            if (channels == 1) HorizontalGray(row, buf);
            else
            {
                for (int d = 0; d < DstWidth; d++)
                {
                    int k0 = xFirst[d], k1 = xFirst[d + 1];
                    for (int c = 0; c < channels; c++)
                    {
                        float acc = 0f;
                        for (int k = k0; k < k1; k++) acc += row[xSrc[k] + c] * xAlpha[k];
                        buf[d * channels + c] = acc;
                    }
                }
            }
            float beta = yt.Alpha;
            if (yt.Dst != prevDy)
            {
                // A new output row starts: the finished one is rounded out, the sum restarts.
                Span<byte> outRow = dst.Slice(prevDy * outLen, outLen);
                for (int i = 0; i < outLen; i++)
                {
                    outRow[i] = SaturateRound(sum[i]);
                    sum[i] = beta * buf[i];
                }
                prevDy = yt.Dst;
            }
            else
            {
                for (int i = 0; i < outLen; i++) sum[i] += beta * buf[i];
            }
        }
        Span<byte> last = dst.Slice(prevDy * outLen, outLen);
        for (int i = 0; i < outLen; i++) last[i] = SaturateRound(sum[i]);
    }

    /// <summary>The one-channel horizontal pass without bounds checks (tap indices were validated when built).</summary>
    private void HorizontalGray(ReadOnlySpan<byte> row, Span<float> buf)
    {
        ref byte r0 = ref MemoryMarshal.GetReference(row);
        ref int src0 = ref MemoryMarshal.GetArrayDataReference(_xSrc);
        ref float alpha0 = ref MemoryMarshal.GetArrayDataReference(_xAlpha);
        ref int first0 = ref MemoryMarshal.GetArrayDataReference(_xFirst);
        ref float out0 = ref MemoryMarshal.GetReference(buf);
        int k = 0;
        for (int d = 0; d < DstWidth; d++)
        {
            int end = Unsafe.Add(ref first0, d + 1);
            float acc = 0f;
            for (; k < end; k++)
                acc += Unsafe.Add(ref r0, Unsafe.Add(ref src0, k)) * Unsafe.Add(ref alpha0, k);
            Unsafe.Add(ref out0, d) = acc;
        }
    }

    /// <summary>OpenCV's <c>saturate_cast&lt;uchar&gt;(float)</c>: round half to even, clamp to 0..255.</summary>
    private static byte SaturateRound(float v)
    {
        int r = (int)MathF.Round(v, MidpointRounding.ToEven);
        return (byte)Math.Clamp(r, 0, 255);
    }
}
