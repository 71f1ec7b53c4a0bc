using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// The side-effect-free part of a bank-switched cartridge window: offsets [<see cref="Start"/>, <see cref="End"/>)
/// of the 4 KiB window read plain ROM. The window is four 1 KiB segments, each showing some 1 KiB of
/// <see cref="Image"/>: the F-series schemes move all four together (<see cref="Offset"/>, one 4 KiB bank), E0 maps
/// each on its own (<see cref="MapSegment"/>). Cartridges remap only through accesses outside the range, which
/// still go through <see cref="Cartridge.Peek"/>. The console's bus keeps its own copy of the mapping (told of
/// every change through <see cref="Remapped"/>), so instruction fetches from banked games cost what a 4K one's do.
/// </summary>
public sealed class DirectReadWindow
{
    /// <summary>Bytes in one segment of the window.</summary>
    public const int SegmentSize = 1024;

    // Per segment: the image offset of its first byte minus the segment's own window offset, so a window
    // offset o reads Image[_base[o >> 10] + o]. Held inline in this object (no array to load first).
    private SegmentBases _base;

    [InlineArray(4)]
    private struct SegmentBases { private int _first; }

    /// <summary>The whole ROM image (every bank).</summary>
    public byte[] Image { get; }

    /// <summary>Window offsets [Start, End) that read plain ROM.</summary>
    public int Start { get; }

    /// <inheritdoc cref="Start"/>
    public int End { get; }

    public DirectReadWindow(byte[] image, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (start < 0 || end < start || end > 0x1000) throw new ArgumentOutOfRangeException(nameof(end), $"Window range [{start:X3},{end:X3}) is not inside the 4 KiB window.");
        if (image.Length < 0x1000) throw new ArgumentException("A windowed cartridge image holds at least 4 KiB.", nameof(image));
        Image = image;
        Start = start;
        End = end;
    }

    /// <summary>
    /// Where window offset 0 sits in <see cref="Image"/> when the window shows one contiguous 4 KiB bank; setting
    /// it maps all four segments to that bank. Must leave a whole bank inside the image.
    /// </summary>
    public int Offset
    {
        get => _base[0];
        internal set
        {
            if ((uint)value > (uint)(Image.Length - 0x1000)) throw new ArgumentOutOfRangeException(nameof(value));
            _base[0] = _base[1] = _base[2] = _base[3] = value;
            Remapped?.Invoke();
        }
    }

    /// <summary>Called after every change of the mapping (a bank switch); the console's bus copies it then.</summary>
    internal Action? Remapped { get; set; }

    /// <summary>
    /// The image offset of window offset 0 in segment <paramref name="segment"/> (0-3) as mapped now: window offset
    /// o of that segment reads <c>Image[SegmentBase(segment) + o]</c>.
    /// </summary>
    public int SegmentBase(int segment) => _base[segment & 3];

    /// <summary>Shows the 1 KiB of <see cref="Image"/> at <paramref name="imageOffset"/> in segment <paramref name="segment"/> (0-3).</summary>
    internal void MapSegment(int segment, int imageOffset)
    {
        if ((uint)segment > 3) throw new ArgumentOutOfRangeException(nameof(segment));
        if ((uint)imageOffset > (uint)(Image.Length - SegmentSize)) throw new ArgumentOutOfRangeException(nameof(imageOffset));
        _base[segment] = imageOffset - segment * SegmentSize;
        Remapped?.Invoke();
    }

    /// <summary>The byte at window offset <paramref name="offset"/> (0..0xFFF) as the segments map it now.</summary>
    // Unchecked: offset >> 10 is 0..3 and every base keeps base + offset inside the image (checked when mapped).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Read(int offset) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Image),
            Unsafe.Add(ref _base[0], (offset >> 10) & 3) + (offset & 0x0FFF));
}
