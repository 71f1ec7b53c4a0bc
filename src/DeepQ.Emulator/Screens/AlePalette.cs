namespace DeepQ.Emulator.Screens;

/// <summary>
/// One of ALE's 256-entry screen palettes (NTSC for most games, PAL for the games Stella's
/// power-on check finds to be PAL), indexed by the screen's palette index. ALE stores each of the
/// 128 colours at the even index and that colour's gray (r = g = b = its luminance) at the odd index
/// after it. PAL colour loss sets bit 0 of indices, so odd indices do reach the screen:
/// <c>getScreenRGB</c> shows them as the gray of the colour below; <c>getScreenGrayscale</c> reads
/// the low byte of the entry one above the index (the colour's gray for an even index, the blue of
/// the next colour for an odd one). Index 255 has no entry above it in ALE (it reads past its
/// table); here it is 0.
/// </summary>
public sealed class AlePalette
{
    private readonly int[] _rgb = new int[256];
    private readonly byte[] _gray = new byte[256];

    private AlePalette(int[] colours, byte[] grays)
    {
        for (int i = 0; i < 128; i++)
        {
            _rgb[2 * i] = colours[i];
            _rgb[2 * i + 1] = grays[i] * 0x010101;
        }
        for (int i = 0; i < 256; i++) _gray[i] = i == 255 ? (byte)0 : (byte)_rgb[i + 1];
    }

    /// <summary>ALE's NTSC palette.</summary>
    public static AlePalette Ntsc { get; } = new(NtscPalette.RgbTable, NtscPalette.GrayTable);

    /// <summary>ALE's PAL palette.</summary>
    public static AlePalette Pal { get; } = new(PalPalette.Rgb, PalPalette.Gray);

    /// <summary>What <c>getScreenRGB</c> shows for a palette index, as 0xRRGGBB.</summary>
    public int Rgb(byte index) => _rgb[index];

    /// <summary>What <c>getScreenGrayscale</c> shows for a palette index.</summary>
    public byte Gray(byte index) => _gray[index];
}
