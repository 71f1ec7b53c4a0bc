namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// The Atari "F-series" schemes (F8, F6, F4 and their Super Chip variants): the 4 KiB cartridge
/// window shows one 4 KiB bank of the image; touching hotspot <c>$1FFx</c> (read or write) selects
/// bank <c>x - FirstHotspot</c>. A Super Chip (SC) adds 128 bytes of RAM: written through
/// <c>$1000-$107F</c>, read through <c>$1080-$10FF</c>.
/// </summary>
public abstract class BankedCartridge : Cartridge
{
    /// <summary>Bytes in one bank: the whole cartridge window.</summary>
    public const int BankSize = 4096;

    /// <summary>Bytes of Super Chip RAM.</summary>
    public const int SuperChipRamSize = 128;

    /// <summary>Super Chip write port: <c>$1000-$107F</c> (offsets in the window).</summary>
    private const int ScWriteEnd = 0x080;

    /// <summary>Super Chip read port: <c>$1080-$10FF</c>.</summary>
    private const int ScReadEnd = 0x100;

    private readonly int _firstHotspot;
    private readonly int _banks;
    private readonly int _resetBank;
    private readonly byte[]? _ram;
    // The current bank's offset in the image lives in the direct-read window, which the console reads without a call.
    private readonly DirectReadWindow _window;

    /// <param name="image">All banks in file order; length must be <paramref name="banks"/> * 4096.</param>
    /// <param name="banks">Number of 4 KiB banks.</param>
    /// <param name="firstHotspot">Window offset of the hotspot that selects bank 0 (0xFF8 for F8).</param>
    /// <param name="resetBank">Bank selected at power-on (Stella 2.x: the last bank for F8, bank 0 for F6/F4).</param>
    /// <param name="superChip">Whether 128 bytes of Super Chip RAM sit in the first 256 bytes of the window.</param>
    protected BankedCartridge(byte[] image, int banks, int firstHotspot, int resetBank, bool superChip) : base(image)
    {
        if (image.Length != banks * BankSize)
            throw new ArgumentException($"This scheme needs a {banks * BankSize}-byte image, got {image.Length} bytes.", nameof(image));
        _banks = banks;
        _firstHotspot = firstHotspot;
        _resetBank = resetBank;
        _ram = superChip ? new byte[SuperChipRamSize] : null;
        // Plain ROM runs from after the Super Chip ports to the first hotspot.
        _window = new DirectReadWindow(image, superChip ? ScReadEnd : 0, firstHotspot);
        Reset();
    }

    /// <summary>The bank now visible in the window.</summary>
    public int CurrentBank => _window.Offset / BankSize;

    public override DirectReadWindow? DirectWindow => _window;

    public override byte Peek(int address)
    {
        int a = address & 0x0FFF;
        Touch(a);
        if (_ram is not null && a >= ScWriteEnd && a < ScReadEnd) return _ram[a - ScWriteEnd];
        return _window.Read(a);
    }

    public override void Poke(int address, byte value)
    {
        int a = address & 0x0FFF;
        Touch(a);
        if (_ram is not null && a < ScWriteEnd) _ram[a] = value;
    }

    private void Touch(int a)
    {
        int bank = a - _firstHotspot;
        if ((uint)bank < (uint)_banks) _window.Offset = bank * BankSize;
    }

    /// <summary>Selects the power-on bank.</summary>
    public override void Reset() => _window.Offset = _resetBank * BankSize;

    /// <summary>Super Chip RAM gets 128 draws of the system's random stream, in address order.</summary>
    public override void FillRamAtReset(Func<uint> random)
    {
        if (_ram is null) return;
        for (int i = 0; i < _ram.Length; i++) _ram[i] = (byte)random();
    }

    public override void SaveState(BinaryWriter w)
    {
        w.Write(_window.Offset / BankSize);
        if (_ram is not null) w.Write(_ram);
    }

    public override void LoadState(BinaryReader r)
    {
        int bank = r.ReadInt32();
        if ((uint)bank >= (uint)_banks) throw new InvalidDataException($"Saved bank {bank} is out of range for a {_banks}-bank cartridge.");
        _window.Offset = bank * BankSize;
        if (_ram is not null && r.Read(_ram, 0, _ram.Length) != _ram.Length) throw new EndOfStreamException("Saved state ends inside the Super Chip RAM.");
    }
}
