using DeepQ.Emulator.Roms;

namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// Picks the bank-switching scheme of a ROM image from its size and content, with the rules of
/// ALE's Stella core (<c>Cartridge::autodetectType</c>): size first, then byte signatures of
/// the bank-switching code (Super Chip RAM areas, E0/3E/3F/UA/FE instruction patterns).
/// </summary>
public static class CartridgeDetector
{
    /// <summary>Schemes this project emulates; others are detected but refused with a clear message.</summary>
    public static IReadOnlySet<string> SupportedSchemes { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "2K", "4K", "F8", "F8SC", "F6", "F6SC", "F4", "F4SC", "E0", "FE", "3F" };

    /// <summary>Stella's scheme name for <paramref name="image"/>, or null when no rule fits its size.</summary>
    public static string? Detect(ReadOnlySpan<byte> image)
    {
        int size = image.Length;
        if (size == 0) return null;
        if (size % 8448 == 0) return "AR";
        if (size == 2048 || (size == 4096 && image[..2048].SequenceEqual(image[2048..])))
            return IsProbablyCV(image) ? "CV" : "2K";
        if (size == 4096) return IsProbablyCV(image) ? "CV" : "4K";
        if (size == 8192)
        {
            if (IsProbablySC(image)) return "F8SC";
            if (image[..4096].SequenceEqual(image[4096..])) return "4K";
            if (IsProbablyE0(image)) return "E0";
            if (IsProbably3E(image)) return "3E";
            if (IsProbably3F(image)) return "3F";
            if (IsProbablyUA(image)) return "UA";
            if (IsProbablyFE(image)) return "FE";
            return "F8";
        }
        if (size is 10495 or 10496 or 10240) return "DPC";
        if (size == 12288) return "FASC";
        if (size == 16384)
        {
            if (IsProbablySC(image)) return "F6SC";
            if (IsProbablyE7(image)) return "E7";
            if (IsProbably3E(image)) return "3E";
            if (IsProbably3F(image)) return "3F";
            return "F6";
        }
        if (size == 32768)
        {
            if (IsProbablySC(image)) return "F4SC";
            if (IsProbably3E(image)) return "3E";
            if (IsProbably3F(image)) return "3F";
            return "F4";
        }
        if (IsProbably3E(image)) return "3E";
        if (IsProbably3F(image)) return "3F";
        if (size == 65536) return "MB";
        if (size == 131072) return "MC";
        return null;
    }

    /// <summary>
    /// Builds the cartridge for <paramref name="rom"/>. An image whose size fits no scheme, or whose
    /// scheme is not emulated, is a <see cref="RomException"/>.
    /// </summary>
    public static Cartridge Create(RomImage rom)
    {
        ArgumentNullException.ThrowIfNull(rom);
        var scheme = Detect(rom.Bytes);
        if (scheme is null)
            throw new RomException($"ROM '{rom.FileName}' is {rom.Size} bytes, which is no Atari 2600 cartridge size (2048, 4096, 8192, 16384, 32768 ...); the file may be truncated or not a 2600 ROM.");
        var bytes = rom.ToArray();
        return scheme switch
        {
            "2K" => new Cartridge2K(bytes.Length == 4096 ? bytes[..2048] : bytes),
            "4K" => new Cartridge4K(bytes.Length == 8192 ? bytes[..4096] : bytes),
            "F8" => new CartridgeF8(bytes),
            "F8SC" => new CartridgeF8SC(bytes),
            "F6" => new CartridgeF6(bytes),
            "F6SC" => new CartridgeF6SC(bytes),
            "F4" => new CartridgeF4(bytes),
            "F4SC" => new CartridgeF4SC(bytes),
            "E0" => new CartridgeE0(bytes),
            "FE" => new CartridgeFE(bytes),
            "3F" when bytes.Length % 2048 == 0 => new Cartridge3F(bytes),
            _ => throw new RomException($"ROM '{rom.FileName}' ({rom.Size} bytes) uses the {scheme} bank-switching scheme, which DeepQ does not emulate; the supported schemes are {string.Join(", ", SupportedSchemes)}."),
        };
    }

    // A Super Chip cart's RAM area (first 256 bytes of every 4 KiB bank) holds one repeated byte.
    private static bool IsProbablySC(ReadOnlySpan<byte> image)
    {
        for (int bank = 0; bank + 4096 <= image.Length; bank += 4096)
            if (image.Slice(bank, 256).ContainsAnyExcept(image[bank])) return false;
        return true;
    }

    // STA $3F at least twice: Tigervision bank selects.
    private static bool IsProbably3F(ReadOnlySpan<byte> image) => CountAtLeast(image, [0x85, 0x3F], 2);

    // STA $3E; LDA #$00 once.
    private static bool IsProbably3E(ReadOnlySpan<byte> image) => CountAtLeast(image, [0x85, 0x3E, 0xA9, 0x00], 1);

    // STA $240: UA bank 1.
    private static bool IsProbablyUA(ReadOnlySpan<byte> image) => CountAtLeast(image, [0x8D, 0x40, 0x02], 1);

    // Parker Brothers segment selects (signatures collected by MESS).
    private static bool IsProbablyE0(ReadOnlySpan<byte> image) =>
        CountAtLeast(image, [0x8D, 0xE0, 0x1F], 1) || CountAtLeast(image, [0x8D, 0xE0, 0x5F], 1)
        || CountAtLeast(image, [0x8D, 0xE9, 0xFF], 1) || CountAtLeast(image, [0xAD, 0xE9, 0xFF], 1)
        || CountAtLeast(image, [0xAD, 0xED, 0xFF], 1) || CountAtLeast(image, [0xAD, 0xF3, 0xBF], 1);

    // Commavid RAM accesses at $F3FF / $F400.
    private static bool IsProbablyCV(ReadOnlySpan<byte> image) =>
        CountAtLeast(image, [0x9D, 0xFF, 0xF3], 1) || CountAtLeast(image, [0x99, 0x00, 0xF4], 1);

    // Activision's subroutine calls across banks (signatures collected by MESS).
    private static bool IsProbablyFE(ReadOnlySpan<byte> image) =>
        CountAtLeast(image, [0x20, 0x00, 0xD0, 0xC6, 0xC5], 1) || CountAtLeast(image, [0x20, 0xC3, 0xF8, 0xA5, 0x82], 1)
        || CountAtLeast(image, [0xD0, 0xFB, 0x20, 0x73, 0xFE], 1) || CountAtLeast(image, [0x20, 0x00, 0xF0, 0x84, 0xD6], 1);

    // M-Network: the second RAM block ($3800-$39FF in the image) is one repeated byte, and the
    // 32 bytes on either side are not all that byte.
    private static bool IsProbablyE7(ReadOnlySpan<byte> image)
    {
        byte first = image[0x3800];
        if (image[0x3800..0x3A00].ContainsAnyExcept(first)) return false;
        return image[(0x3800 - 32)..0x3800].ContainsAnyExcept(first) || image[0x3A00..(0x3A00 + 32)].ContainsAnyExcept(first);
    }

    /// <summary>
    /// Stella's signature count: scans start positions 0 .. size-len-1 (the last possible start is
    /// not scanned) and skips past each match.
    /// </summary>
    private static bool CountAtLeast(ReadOnlySpan<byte> image, ReadOnlySpan<byte> signature, int minHits)
    {
        if (signature.Length > image.Length) return false;
        int count = 0;
        for (int i = 0; i < image.Length - signature.Length; i++)
        {
            if (image.Slice(i, signature.Length).SequenceEqual(signature))
            {
                if (++count >= minHits) return true;
                i += signature.Length;
            }
        }
        return false;
    }
}
