namespace DeepQ.Emulator.Cartridges;

/// <summary>Atari 8 KiB with Super Chip: F8 banking plus 128 bytes of RAM ($1000 write, $1080 read); starts in bank 1.</summary>
public sealed class CartridgeF8SC : BankedCartridge
{
    public CartridgeF8SC(byte[] image) : base(image, banks: 2, firstHotspot: 0xFF8, resetBank: 1, superChip: true) { }

    public override string Scheme => "F8SC";
}
