namespace DeepQ.Emulator.Cartridges;

/// <summary>Atari 32 KiB: eight 4 KiB banks chosen by touching $1FF4-$1FFB; starts in bank 0.</summary>
public sealed class CartridgeF4 : BankedCartridge
{
    public CartridgeF4(byte[] image) : base(image, banks: 8, firstHotspot: 0xFF4, resetBank: 0, superChip: false) { }

    public override string Scheme => "F4";
}
