namespace DeepQ.Emulator.Cartridges;

/// <summary>Atari 16 KiB with Super Chip: F6 banking plus 128 bytes of RAM; starts in bank 0.</summary>
public sealed class CartridgeF6SC : BankedCartridge
{
    public CartridgeF6SC(byte[] image) : base(image, banks: 4, firstHotspot: 0xFF6, resetBank: 0, superChip: true) { }

    public override string Scheme => "F6SC";
}
