namespace DeepQ.Envs.Imaging;

/// <summary>
/// OpenCV's <c>cvtColor(COLOR_RGB2GRAY)</c> for 8-bit images, to the byte: ITU-R BT.601 weights
/// in 15-bit fixed point (R 9798, G 19235, B 3735; they sum to 32768) with round-half-up
/// descaling. This is what SB3's WarpFrame applies to ALE's RGB screens.
/// </summary>
public static class GrayConversion
{
    public const int Shift = 15;
    public const int RedWeight = 9798;
    public const int GreenWeight = 19235;
    public const int BlueWeight = 3735;

    /// <summary><paramref name="rgb"/> <c>[N,3]</c> interleaved bytes to <paramref name="gray"/> <c>[N]</c>.</summary>
    public static void RgbToGray(ReadOnlySpan<byte> rgb, Span<byte> gray)
    {
        int n = gray.Length;
        if (rgb.Length != n * 3)
            throw new ArgumentException($"RGB input has {rgb.Length} bytes; {n} gray pixels need {n * 3}.");
        const int half = 1 << (Shift - 1);
        for (int i = 0, j = 0; i < n; i++, j += 3)
            gray[i] = (byte)((rgb[j] * RedWeight + rgb[j + 1] * GreenWeight + rgb[j + 2] * BlueWeight + half) >> Shift);
    }
}
