namespace DeepQ.Emulator.Screens;

/// <summary>
/// Turns a palette-index screen (ALE's <c>getScreen</c>: [H,W] bytes, H = 210, 250 or the game's
/// height, W=160) into what ALE's <c>getScreenRGB</c> ([H,W,3] bytes, R G B interleaved) and
/// <c>getScreenGrayscale</c> ([H,W] bytes) return with a palette (NTSC unless given). Pure table
/// look-ups, no allocation.
/// </summary>
public static class ScreenConverter
{
    /// <summary>Writes 3 bytes (R, G, B) per index into <paramref name="rgb"/>, which needs 3 * <paramref name="indices"/>.Length bytes.</summary>
    public static void ToRgb(ReadOnlySpan<byte> indices, Span<byte> rgb) => ToRgb(indices, rgb, AlePalette.Ntsc);

    /// <summary>Writes 3 bytes (R, G, B) per index of <paramref name="palette"/> into <paramref name="rgb"/>.</summary>
    public static void ToRgb(ReadOnlySpan<byte> indices, Span<byte> rgb, AlePalette palette)
    {
        if (rgb.Length < indices.Length * 3)
            throw new ArgumentException($"RGB buffer holds {rgb.Length} bytes; {indices.Length * 3} are needed (3 per pixel).", nameof(rgb));
        for (int i = 0, o = 0; i < indices.Length; i++, o += 3)
        {
            int c = palette.Rgb(indices[i]);
            rgb[o] = (byte)(c >> 16);
            rgb[o + 1] = (byte)(c >> 8);
            rgb[o + 2] = (byte)c;
        }
    }

    /// <summary>Writes ALE's grayscale byte per index into <paramref name="gray"/> (same length as the screen).</summary>
    public static void ToGrayscale(ReadOnlySpan<byte> indices, Span<byte> gray) => ToGrayscale(indices, gray, AlePalette.Ntsc);

    /// <summary>Writes the grayscale byte of <paramref name="palette"/> per index into <paramref name="gray"/>.</summary>
    public static void ToGrayscale(ReadOnlySpan<byte> indices, Span<byte> gray, AlePalette palette)
    {
        if (gray.Length < indices.Length)
            throw new ArgumentException($"Grayscale buffer holds {gray.Length} bytes; {indices.Length} are needed (1 per pixel).", nameof(gray));
        for (int i = 0; i < indices.Length; i++) gray[i] = palette.Gray(indices[i]);
    }
}
