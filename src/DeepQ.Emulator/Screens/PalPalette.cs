namespace DeepQ.Emulator.Screens;

/// <summary>
/// ALE's "standard" PAL palette (the colours <c>getScreenRGB</c> and <c>getScreenGrayscale</c> use
/// for a game Stella's power-on check finds to be PAL): the RGB colour and the grayscale byte of
/// each of the 128 colours; entry <c>i</c> is palette index <c>2*i</c>, as in <see cref="NtscPalette"/>.
/// </summary>
public static class PalPalette
{
    /// <summary>0xRRGGBB for palette index 2*i.</summary>
    internal static readonly int[] Rgb =
    [
        0x000000, 0x2B2B2B, 0x525252, 0x767676, 0x979797, 0xB6B6B6, 0xD2D2D2, 0xECECEC,
        0x000000, 0x2B2B2B, 0x525252, 0x767676, 0x979797, 0xB6B6B6, 0xD2D2D2, 0xECECEC,
        0x805800, 0x96711A, 0xAB8732, 0xBE9C48, 0xCFAF5C, 0xDFC06F, 0xEED180, 0xFCE090,
        0x445C00, 0x5E791A, 0x769332, 0x8CAC48, 0xA0C25C, 0xB3D76F, 0xC4EA80, 0xD4FC90,
        0x703400, 0x89511A, 0xA06B32, 0xB68448, 0xC99A5C, 0xDCAF6F, 0xECC280, 0xFCD490,
        0x006414, 0x1A8035, 0x329852, 0x48B06E, 0x5CC587, 0x6FD99E, 0x80EBB4, 0x90FCC8,
        0x700014, 0x891A35, 0xA03252, 0xB6486E, 0xC95C87, 0xDC6F9E, 0xEC80B4, 0xFC90C8,
        0x005C5C, 0x1A7676, 0x328E8E, 0x48A4A4, 0x5CB8B8, 0x6FCBCB, 0x80DCDC, 0x90ECEC,
        0x70005C, 0x841A74, 0x963289, 0xA8489E, 0xB75CB0, 0xC66FC1, 0xD380D1, 0xE090E0,
        0x003C70, 0x195A89, 0x2F75A0, 0x448EB6, 0x57A5C9, 0x68BADC, 0x79CEEC, 0x88E0FC,
        0x580070, 0x6E1A89, 0x8332A0, 0x9648B6, 0xA75CC9, 0xB76FDC, 0xC680EC, 0xD490FC,
        0x002070, 0x193F89, 0x2F5AA0, 0x4474B6, 0x578BC9, 0x68A1DC, 0x79B5EC, 0x88C8FC,
        0x340080, 0x4A1A96, 0x5F32AB, 0x7248BE, 0x835CCF, 0x936FDF, 0xA280EE, 0xB090FC,
        0x000088, 0x1A1A9D, 0x3232B0, 0x4848C2, 0x5C5CD2, 0x6F6FE1, 0x8080EF, 0x9090FC,
        0x000000, 0x2B2B2B, 0x525252, 0x767676, 0x979797, 0xB6B6B6, 0xD2D2D2, 0xECECEC,
        0x000000, 0x2B2B2B, 0x525252, 0x767676, 0x979797, 0xB6B6B6, 0xD2D2D2, 0xECECEC,
    ];

    /// <summary>Grayscale byte for palette index 2*i (ALE's rounded luminance 0.2989 R + 0.5870 G + 0.1140 B).</summary>
    internal static readonly byte[] Gray =
    [
        0, 43, 82, 118, 151, 182, 210, 236, 0, 43, 82, 118, 151, 182, 210, 236,
        90, 114, 136, 157, 175, 192, 208, 223, 74, 102, 127, 151, 172, 192, 211, 228,
        64, 91, 116, 140, 161, 181, 199, 216, 61, 89, 114, 137, 159, 179, 197, 214,
        36, 62, 87, 109, 129, 149, 166, 183, 64, 90, 114, 136, 156, 175, 192, 208,
        44, 68, 90, 110, 129, 146, 162, 177, 48, 76, 101, 124, 146, 165, 184, 201,
        39, 64, 87, 108, 127, 145, 161, 177, 32, 60, 85, 109, 131, 151, 169, 187,
        30, 54, 77, 98, 117, 135, 151, 166, 16, 41, 64, 86, 105, 124, 141, 156,
        0, 43, 82, 118, 151, 182, 210, 236, 0, 43, 82, 118, 151, 182, 210, 236,
    ];
}
