namespace DeepQ.Emulator.Cartridges;

/// <summary>Atari 8 KiB: two 4 KiB banks chosen by touching $1FF8/$1FF9; starts in bank 1 as in Stella 2.x.</summary>
public sealed class CartridgeF8 : BankedCartridge
{
    public CartridgeF8(byte[] image) : base(image, banks: 2, firstHotspot: 0xFF8, resetBank: 1, superChip: false) { }

    public override string Scheme => "F8";
}
