using System.Security.Cryptography;

namespace DeepQ.Emulator.Roms;

/// <summary>
/// A cartridge image as loaded from disk: its bytes, their md5 (lower-case hex, what identifies
/// the game, as in ALE) and the file name it came from. Immutable once built.
/// </summary>
public sealed class RomImage
{
    /// <summary>Largest image accepted (Stella's biggest common scheme, 3E/3F/MC, is 512 KiB).</summary>
    public const int MaxSize = 512 * 1024;

    private readonly byte[] _bytes;

    /// <summary>Wraps a copy of <paramref name="bytes"/>; <paramref name="fileName"/> is only used in messages.</summary>
    public RomImage(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.Length == 0)
            throw new RomException($"ROM '{fileName}' is empty (0 bytes); give the path of an Atari 2600 .bin cartridge image.");
        if (bytes.Length > MaxSize)
            throw new RomException($"ROM '{fileName}' is {bytes.Length} bytes, larger than any Atari 2600 cartridge ({MaxSize} bytes); check that it is a 2600 .bin image.");
        _bytes = bytes.ToArray();
        FileName = fileName;
        Md5 = Convert.ToHexStringLower(MD5.HashData(_bytes));
        Known = KnownRoms.ByMd5(Md5);
    }

    /// <summary>The image bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A fresh copy of the bytes (cartridges keep their own array).</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Size in bytes.</summary>
    public int Size => _bytes.Length;

    /// <summary>md5 of the bytes, 32 lower-case hex digits.</summary>
    public string Md5 { get; }

    /// <summary>The file the bytes came from (for messages).</summary>
    public string FileName { get; }

    /// <summary>The benchmark game this image is, by md5; null for an image ALE does not know.</summary>
    public KnownRom? Known { get; }

    /// <summary>ALE's game name when known, else the file name without extension.</summary>
    public string GameName => Known?.Name ?? Path.GetFileNameWithoutExtension(FileName);

    /// <summary>Reads a ROM file; a missing or unreadable file is a <see cref="RomException"/>.</summary>
    public static RomImage Load(string path)
    {
        if (!File.Exists(path))
            throw new RomException($"ROM file '{path}' does not exist; give the path of a .bin cartridge image or a game name (see RomLibrary.Import(DIR)).");
        long length;
        try { length = new FileInfo(path).Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new RomException($"Cannot read ROM file '{path}': {e.Message}", e); }
        if (length > MaxSize)
            throw new RomException($"ROM '{path}' is {length} bytes, larger than any Atari 2600 cartridge ({MaxSize} bytes); check that it is a 2600 .bin image.");
        try { return new RomImage(File.ReadAllBytes(path), Path.GetFileName(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new RomException($"Cannot read ROM file '{path}': {e.Message}", e); }
    }
}
