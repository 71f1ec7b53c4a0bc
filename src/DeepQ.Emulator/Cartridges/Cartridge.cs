namespace DeepQ.Emulator.Cartridges;

/// <summary>
/// A cartridge plugged into the 2600: the base of every bank-switching scheme.
/// The cartridge port is selected when A12 is set, so the console calls <see cref="Peek"/>/<see cref="Poke"/>
/// only for such addresses. Like Stella, the console passes the CPU's full 16-bit address (the 6507 drives only
/// A0-A12, but Stella's FE scheme decodes A13 from it); mask with 0x0FFF/0x1FFF as the scheme needs.
/// </summary>
/// <remarks>
/// Contract for scheme authors:
/// <list type="bullet">
/// <item><see cref="Peek"/> receives the 16-bit CPU address (A12 set) and may switch banks when it
/// touches a hotspot, exactly once per CPU access (ALE's CPU makes no dummy accesses).</item>
/// <item><see cref="Poke"/> receives writes to 0x1000-0x1FFF (hotspots, RAM write ports).
/// Writes to ROM are ignored.</item>
/// <item>Schemes that react to accesses outside cartridge space (3F, FE, UA, E7 ...) return true from
/// <see cref="WatchesBus"/>; the console then calls <see cref="OnBusAccess"/> for EVERY CPU access
/// (reads and writes, any address) before the normal dispatch. For reads <c>value</c> is 0.</item>
/// <item><see cref="Reset"/> selects the power-on bank the way Stella 2.x does; at every system
/// reset the console then calls <see cref="FillRamAtReset"/>, where schemes with RAM draw its start
/// values from the system's random stream as ALE does.</item>
/// <item><see cref="SaveState"/>/<see cref="LoadState"/> carry everything that changes at run time
/// (bank numbers, cartridge RAM), never the ROM image.</item>
/// </list>
/// </remarks>
public abstract class Cartridge
{
    /// <summary>The ROM image as dumped (all banks, in file order).</summary>
    protected readonly byte[] Image;

    /// <summary>Keeps the ROM image (not copied; do not mutate it afterwards).</summary>
    protected Cartridge(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
    }

    /// <summary>Size of the ROM image in bytes.</summary>
    public int Size => Image.Length;

    /// <summary>The byte the cartridge drives for a read of <paramref name="address"/> (A12 set); may switch banks.</summary>
    public abstract byte Peek(int address);

    /// <summary>A CPU write into cartridge space (A12 set): hotspots, cartridge RAM write ports.</summary>
    public abstract void Poke(int address, byte value);

    /// <summary>
    /// For schemes without hotspots or RAM (2K, 4K): the image that cartridge space reads as <c>image[address &amp; mask]</c>,
    /// so the console can read it without a call. Others return false and are read through <see cref="Peek"/>.
    /// </summary>
    public virtual bool TryGetFlatRom(out byte[] image, out int mask)
    {
        image = Image;
        mask = 0;
        return false;
    }

    /// <summary>
    /// For schemes whose window reads plain ROM except at a few addresses (hotspots, RAM ports): the part of the
    /// window the console may read directly, with no call. Null for the others.
    /// </summary>
    public virtual DirectReadWindow? DirectWindow => null;

    /// <summary>True for schemes that must see accesses outside cartridge space.</summary>
    public virtual bool WatchesBus => false;

    /// <summary>Called for every CPU access (any address) when <see cref="WatchesBus"/>, before normal dispatch.</summary>
    public virtual void OnBusAccess(int address, byte value, bool isWrite) { }

    /// <summary>Power-on / console reset: selects the start bank the way Stella 2.x does.</summary>
    public abstract void Reset();

    /// <summary>
    /// Cartridge RAM at a system reset. ALE's System::reset resets its devices in the order they
    /// were attached (RIOT, TIA, cartridge), and a scheme with RAM (Super Chip and the like) fills
    /// it with one draw of the system's MT19937 per byte, the low 8 bits kept; so the draws come
    /// after the RIOT's timer draw, and a game that reads RAM it never wrote sees ALE's values.
    /// Schemes without RAM draw nothing.
    /// </summary>
    public virtual void FillRamAtReset(Func<uint> random) { }

    /// <summary>Writes the run-time state (banks, cartridge RAM), not the ROM.</summary>
    public abstract void SaveState(BinaryWriter w);

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    public abstract void LoadState(BinaryReader r);

    /// <summary>Stella's name of the bank-switching scheme: "2K", "4K", "F8", ...</summary>
    public abstract string Scheme { get; }
}
