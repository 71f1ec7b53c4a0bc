namespace DeepQ.Emulator.Cartridges;

/// <summary>A plain 4 KiB ROM with no bank switching: cartridge space maps straight onto the image.</summary>
public sealed class Cartridge4K : Cartridge
{
    /// <summary>Bytes in one 4K image.</summary>
    public const int ImageSize = 4096;

    public Cartridge4K(byte[] image) : base(image)
    {
        if (image.Length != ImageSize)
            throw new ArgumentException($"A 4K cartridge needs a {ImageSize}-byte image, got {image.Length} bytes.", nameof(image));
    }

    public override byte Peek(int address) => Image[address & 0x0FFF];

    public override void Poke(int address, byte value) { }

    public override bool TryGetFlatRom(out byte[] image, out int mask)
    {
        image = Image;
        mask = 0x0FFF;
        return true;
    }

    public override void Reset() { }

    public override void SaveState(BinaryWriter w) { }

    public override void LoadState(BinaryReader r) { }

    public override string Scheme => "4K";
}
