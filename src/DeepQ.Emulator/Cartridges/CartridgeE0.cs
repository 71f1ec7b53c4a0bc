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

    // Image offset of the slice shown in each of the four segments.
    private readonly int[] _segmentOffset = new int[4];

    public CartridgeE0(byte[] image) : base(image)
    {
        if (image.Length != 8 * SliceSize)
            throw new ArgumentException($"An E0 cartridge needs an 8192-byte image, got {image.Length} bytes.", nameof(image));
        Reset();
    }

    public override byte Peek(int address)
    {
        int a = address & 0x0FFF;
        Touch(a);
        return Image[_segmentOffset[a >> 10] + (a & (SliceSize - 1))];
    }

    public override void Poke(int address, byte value) => Touch(address & 0x0FFF);

    private void Touch(int a)
    {
        if (a < FirstHotspot || a > LastHotspot) return;
        _segmentOffset[(a - FirstHotspot) >> 3] = (a & 7) * SliceSize;
    }

    public override void Reset()
    {
        _segmentOffset[0] = 4 * SliceSize;
        _segmentOffset[1] = 5 * SliceSize;
        _segmentOffset[2] = 6 * SliceSize;
        _segmentOffset[3] = 7 * SliceSize;
    }

    public override void SaveState(BinaryWriter w)
    {
        for (int i = 0; i < 4; i++) w.Write((byte)(_segmentOffset[i] / SliceSize));
    }

    public override void LoadState(BinaryReader r)
    {
        for (int i = 0; i < 3; i++) _segmentOffset[i] = (r.ReadByte() & 7) * SliceSize;
        r.ReadByte();
        _segmentOffset[3] = 7 * SliceSize;
    }

    public override string Scheme => "E0";
}
