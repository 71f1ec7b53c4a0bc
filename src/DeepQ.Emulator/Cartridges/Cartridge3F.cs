namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// Tigervision (3F): the image is 2 KiB banks. A write to any address <c>$00-$3F</c> (TIA space,
/// the TIA sees it too) selects the bank shown at <c>$1000-$17FF</c>; <c>$1800-$1FFF</c> always
/// shows the last 2 KiB. Bank numbers beyond the image wrap, as in Stella 2.x. Power-on: bank 0.
/// </summary>
public sealed class Cartridge3F : Cartridge
{
    private const int BankSize = 2048;

    /// <summary>Highest address whose write selects a bank.</summary>
    private const int LastHotspot = 0x3F;

    private readonly int _lastBankOffset;
    private int _bankOffset;

    public Cartridge3F(byte[] image) : base(image)
    {
        if (image.Length < 2 * BankSize || image.Length % BankSize != 0)
            throw new ArgumentException($"A 3F cartridge needs a multiple of {BankSize} bytes (at least two banks), got {image.Length} bytes.", nameof(image));
        _lastBankOffset = image.Length - BankSize;
        Reset();
    }

    public override bool WatchesBus => true;

    public override void OnBusAccess(int address, byte value, bool isWrite)
    {
        if (isWrite && (address & 0x1FFF) <= LastHotspot)
            _bankOffset = value * BankSize % Image.Length;
    }

    public override byte Peek(int address)
    {
        int a = address & 0x0FFF;
        return a < BankSize ? Image[_bankOffset + a] : Image[_lastBankOffset + (a & (BankSize - 1))];
    }

    public override void Poke(int address, byte value) { }

    public override void Reset() => _bankOffset = 0;

    public override void SaveState(BinaryWriter w) => w.Write(_bankOffset);

    public override void LoadState(BinaryReader r) => _bankOffset = Math.Clamp(r.ReadInt32(), 0, _lastBankOffset) / BankSize * BankSize;

    public override string Scheme => "3F";
}
