namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// The side-effect-free part of a bank-switched cartridge window: offsets [<see cref="Start"/>, <see cref="End"/>)
/// of the 4 KiB window read <c>Image[Offset + offset]</c>. The cartridge moves <see cref="Offset"/> when it switches
/// banks (which only happens through accesses outside the range, so those still go through <see cref="Cartridge.Peek"/>),
/// and the console's bus reads through this object without a call: instruction fetches from banked games stay as
/// cheap as from a 4K one.
/// </summary>
public sealed class DirectReadWindow
{
    /// <summary>The whole ROM image (every bank).</summary>
    public byte[] Image { get; }

    /// <summary>Window offsets [Start, End) that read plain ROM.</summary>
    public int Start { get; }

    /// <inheritdoc cref="Start"/>
    public int End { get; }

    /// <summary>Where window offset 0 of the current bank sits in <see cref="Image"/>; kept current by the cartridge.</summary>
    public int Offset { get; internal set; }

    public DirectReadWindow(byte[] image, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (start < 0 || end < start || end > 0x1000) throw new ArgumentOutOfRangeException(nameof(end), $"Window range [{start:X3},{end:X3}) is not inside the 4 KiB window.");
        Image = image;
        Start = start;
        End = end;
    }
}
