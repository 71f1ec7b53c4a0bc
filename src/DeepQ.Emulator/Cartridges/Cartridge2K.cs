namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// A 2 KiB (or smaller, power-of-two) ROM: only A0-A10 reach the chip, so the image repeats
/// through the 4 KiB cartridge space. Stella also treats 1K/512-byte images this way.
/// </summary>
public sealed class Cartridge2K : Cartridge
{
    /// <summary>Bytes in one 2K image.</summary>
    public const int ImageSize = 2048;

    private readonly int _mask;

    public Cartridge2K(byte[] image) : base(image)
    {
        if (image.Length == 0 || image.Length > ImageSize || (image.Length & (image.Length - 1)) != 0)
            throw new ArgumentException($"A 2K cartridge needs a power-of-two image of at most {ImageSize} bytes, got {image.Length} bytes.", nameof(image));
        _mask = image.Length - 1;
    }

    public override byte Peek(int address) => Image[address & _mask];

    public override void Poke(int address, byte value) { }

    public override bool TryGetFlatRom(out byte[] image, out int mask)
    {
        image = Image;
        mask = _mask;
        return true;
    }

    public override void Reset() { }

    public override void SaveState(BinaryWriter w) { }

    public override void LoadState(BinaryReader r) { }

    public override string Scheme => "2K";
}
