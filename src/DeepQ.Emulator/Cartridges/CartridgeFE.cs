namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// Activision 8 KiB (FE), as ALE's Stella 2.x core models it: every read picks its bank from A13
/// of the 16-bit address the CPU forms for that very read. Code at <c>$Dxxx</c> (A13 clear) reads
/// the second 4 KiB of the image, code at <c>$Fxxx</c> (A13 set) the first; Activision's games
/// switch with JSR/RTS to such addresses. The 6507 has no A13 pin, but the address the CPU forms
/// still has it, so the cartridge needs no state and no bus watching: it is a flat 16 KiB ROM
/// indexed by the address's low 14 bits, holding the second bank at <c>$1000</c> (A13 clear) and
/// the first at <c>$3000</c> (A13 set). The console must hand it the CPU's unmasked address.
/// </summary>
public sealed class CartridgeFE : Cartridge
{
    private const int BankSize = 4096;

    /// <summary>A13 of the CPU address: not decoded by the console, only by this scheme.</summary>
    private const int A13 = 0x2000;

    /// <summary>The 16 KiB address-indexed view: image offset = address &amp; <see cref="FlatMask"/>.</summary>
    private const int FlatMask = 0x3FFF;

    private readonly byte[] _flat = new byte[FlatMask + 1];

    public CartridgeFE(byte[] image) : base(image)
    {
        if (image.Length != 2 * BankSize)
            throw new ArgumentException($"An FE cartridge needs an 8192-byte image, got {image.Length} bytes.", nameof(image));
        image.AsSpan(BankSize, BankSize).CopyTo(_flat.AsSpan(0x1000));
        image.AsSpan(0, BankSize).CopyTo(_flat.AsSpan(0x3000));
    }

    public override bool TryGetFlatRom(out byte[] image, out int mask)
    {
        image = _flat;
        mask = FlatMask;
        return true;
    }

    public override byte Peek(int address) => Image[((address & A13) == 0 ? BankSize : 0) + (address & 0x0FFF)];

    public override void Poke(int address, byte value) { }

    public override void Reset() { }

    public override void SaveState(BinaryWriter w) { }

    public override void LoadState(BinaryReader r) { }

    public override string Scheme => "FE";
}
