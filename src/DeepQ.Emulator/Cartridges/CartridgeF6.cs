namespace DeepQ.Emulator.Cartridges;

/// <summary>Atari 16 KiB: four 4 KiB banks chosen by touching $1FF6-$1FF9; starts in bank 0 as in Stella 2.x.</summary>
public sealed class CartridgeF6 : BankedCartridge
{
    public CartridgeF6(byte[] image) : base(image, banks: 4, firstHotspot: 0xFF6, resetBank: 0, superChip: false) { }

    public override string Scheme => "F6";
}
