namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// Parker Brothers 8 KiB (E0): the window is four 1 KiB segments over eight 1 KiB slices.
/// Touching <c>$1FE0-$1FE7</c> puts slice 0-7 in segment 0 (<c>$1000</c>), <c>$1FE8-$1FEF</c> in
/// segment 1 (<c>$1400</c>), <c>$1FF0-$1FF7</c> in segment 2 (<c>$1800</c>); segment 3
/// (<c>$1C00</c>) always shows slice 7. Power-on: slices 4, 5, 6 (Stella 2.x).
/// </summary>
public sealed class CartridgeE0 : Cartridge
{
    /// <summary>Bytes in one slice / segment.</summary>
    public const int SliceSize = 1024;

    private const int FirstHotspot = 0xFE0;
    private const int LastHotspot = 0xFF7;

    // The slice shown in each segment lives in the direct-read window, which the console reads without a call
    // everywhere below the hotspots; the slice numbers are kept for save states.
    private readonly DirectReadWindow _window;
    private readonly int[] _slice = new int[4];

    public CartridgeE0(byte[] image) : base(image)
    {
        if (image.Length != 8 * SliceSize)
            throw new ArgumentException($"An E0 cartridge needs an 8192-byte image, got {image.Length} bytes.", nameof(image));
        _window = new DirectReadWindow(image, 0, FirstHotspot);
        Reset();
    }

    public override DirectReadWindow? DirectWindow => _window;

    public override byte Peek(int address)
    {
        int a = address & 0x0FFF;
        Touch(a);
        return _window.Read(a);
    }

    public override void Poke(int address, byte value) => Touch(address & 0x0FFF);

    private void Touch(int a)
    {
        if (a < FirstHotspot || a > LastHotspot) return;
        Show((a - FirstHotspot) >> 3, a & 7);
    }

    private void Show(int segment, int slice)
    {
        _slice[segment] = slice;
        _window.MapSegment(segment, slice * SliceSize);
    }

    public override void Reset()
    {
        Show(0, 4);
        Show(1, 5);
        Show(2, 6);
        Show(3, 7);
    }

    public override void SaveState(BinaryWriter w)
    {
        for (int i = 0; i < 4; i++) w.Write((byte)_slice[i]);
    }

    public override void LoadState(BinaryReader r)
    {
        for (int i = 0; i < 3; i++) Show(i, r.ReadByte() & 7);
        r.ReadByte();
        Show(3, 7);
    }

    public override string Scheme => "E0";
}
