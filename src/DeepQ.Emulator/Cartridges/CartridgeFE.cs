namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// Activision 8 KiB (FE), as ALE's Stella 2.x core models it: the bank follows A13 of the
/// 16-bit address the CPU forms. Code at <c>$Dxxx</c> (A13 clear) reads the second 4 KiB of the
/// image, code at <c>$Fxxx</c> (A13 set) the first; Activision's games switch with JSR/RTS to
/// such addresses. The 6507 has no A13 pin, so the cartridge learns it through
/// <see cref="OnBusAccess"/>, which must receive the CPU's unmasked 16-bit address.
/// </summary>
public sealed class CartridgeFE : Cartridge
{
    private const int BankSize = 4096;

    /// <summary>A13 of the CPU address: not decoded by the console, only by this scheme.</summary>
    private const int A13 = 0x2000;

    /// <summary>A12 of the address: set for cartridge space.</summary>
    private const int A12 = 0x1000;

    private int _bankOffset;

    public CartridgeFE(byte[] image) : base(image)
    {
        if (image.Length != 2 * BankSize)
            throw new ArgumentException($"An FE cartridge needs an 8192-byte image, got {image.Length} bytes.", nameof(image));
        Reset();
    }

    public override bool WatchesBus => true;

    /// <summary>Records A13 of each cartridge-space access so the following <see cref="Peek"/> reads the right bank.</summary>
    public override void OnBusAccess(int address, byte value, bool isWrite)
    {
        if ((address & A12) != 0) _bankOffset = (address & A13) == 0 ? BankSize : 0;
    }

    public override byte Peek(int address) => Image[_bankOffset + (address & 0x0FFF)];

    public override void Poke(int address, byte value) { }

    public override void Reset() => _bankOffset = 0;

    public override void SaveState(BinaryWriter w) => w.Write(_bankOffset / BankSize);

    public override void LoadState(BinaryReader r) => _bankOffset = (r.ReadInt32() & 1) * BankSize;

    public override string Scheme => "FE";
}
