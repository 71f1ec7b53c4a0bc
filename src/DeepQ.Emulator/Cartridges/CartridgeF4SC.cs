namespace DeepQ.Emulator.Cartridges;

/// <summary>Atari 32 KiB with Super Chip: F4 banking plus 128 bytes of RAM; starts in bank 0.</summary>
public sealed class CartridgeF4SC : BankedCartridge
{
    public CartridgeF4SC(byte[] image) : base(image, banks: 8, firstHotspot: 0xFF4, resetBank: 0, superChip: true) { }

    public override string Scheme => "F4SC";
}
