using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Cpu;

namespace DeepQ.Emulator.Machine;

/// <summary>What is plugged into a controller port.</summary>
public enum ControllerType
{
    /// <summary>A joystick: four directions on SWCHA, fire on INPT4/5.</summary>
    Joystick,
    /// <summary>A pair of paddles: pots on INPT0-3, buttons on SWCHA.</summary>
    Paddles,
}

/// <summary>
/// The Atari 2600 as ALE's Stella core assembles it: a 6507 (<see cref="M6502{TBus}"/>) on a 13-bit bus decoding
/// the cartridge (A12 set), the TIA (A12 and A7 clear) and the RIOT (A7 set: RAM when A9 clear, registers when set).
/// <see cref="RunFrame"/> emulates until the TIA completes a frame, like Stella 2.x's TIA::update().
/// </summary>
public sealed class AtariConsole
{
    /// <summary>Instructions after which a frame that never ends is cut short (Stella's execute(25000)).</summary>
    public const int MaxInstructionsPerFrame = 25000;

    private readonly Cartridge _cart;
    private readonly Tia _tia;
    private readonly Riot _riot = new();
    private readonly M6502<Bus> _cpu;
    private readonly bool _watchBus;
    private readonly byte[] _ram;
    private readonly MersenneTwister _rng;

    /// <summary>
    /// Visits after which the CPU compiles the ROM instructions from an address on into machine code
    /// (<see cref="M6502{TBus}.BlockThreshold"/>): often enough that the compile pays for itself, soon enough that a
    /// game's kernel is compiled within its first seconds.
    /// </summary>
    public const int DefaultBlockThreshold = 64;

    /// <summary>ALE's default <c>system_random_seed</c>, the seed of Stella's power-on randomness.</summary>
    public const uint DefaultSystemSeed = 4753849;
    private long _cycleBase;

    /// <summary>
    /// Builds the machine and powers it on: RAM and the RIOT timer get Stella's random start values from an MT19937
    /// seeded with <paramref name="systemSeed"/> (ALE's system_random_seed, default 4753849), then the system is reset
    /// (<see cref="SystemReset"/>). <paramref name="randomSeed"/> (ALE's random_seed) is accepted for callers that pass
    /// their settings through but does not influence the machine: in ALE it only seeds sticky actions. <paramref name="yStart"/> and
    /// <paramref name="height"/> are Stella's Display.YStart / Display.Height properties (ALE defaults 34 and 210),
    /// <paramref name="hmoveBlanks"/> its Emulation.HmoveBlanks (default YES: HMOVE blacks the first 8 pixels of the line).
    /// <paramref name="blockThreshold"/> is how soon the CPU compiles hot ROM code (0: never; it changes only speed).
    /// </summary>
    public AtariConsole(Cartridge cartridge, int yStart = 34, int height = 210, uint randomSeed = 0,
        ControllerType left = ControllerType.Joystick, ControllerType right = ControllerType.Joystick, uint systemSeed = DefaultSystemSeed,
        bool hmoveBlanks = true, int blockThreshold = DefaultBlockThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockThreshold);
        LeftController = left;
        RightController = right;
        ArgumentNullException.ThrowIfNull(cartridge);
        _cart = cartridge;
        _watchBus = cartridge.WatchesBus;
        _ram = _riot.RamArray;
        _tia = new Tia(yStart, height) { AllowHmoveBlanks = hmoveBlanks };
        _cpu = new M6502<Bus>(new Bus(this, _ram, plainRam: !_watchBus)) { BlockThreshold = blockThreshold };
        if (!_watchBus && cartridge.TryGetFlatRom(out var rom, out int mask)) _cpu.Bus.MapFlatRom(rom, mask);
        else if (!_watchBus && cartridge.DirectWindow is { } window)
        {
            _cpu.Bus.MapWindow(window);
            window.Remapped = () => _cpu.Bus.MapWindow(window);
        }
        _ = randomSeed; // ALE's random_seed drives sticky actions in the ALE layer, never the machine (see remarks)
        _rng = new MersenneTwister(systemSeed);
        _riot.PowerOn(NextRandom);
        // Stella's event values start at 0, which a paddle reports as minimum resistance.
        for (int p = 0; p < 4; p++)
            _tia.PotResistance[p] = (p < 2 ? left : right) == ControllerType.Paddles ? 0 : Tia.MaximumResistance;
        UpdateControllerPins();
        SystemReset();
    }

    /// <summary>What is plugged into the left and right controller ports (Stella's Controller.Left/Right properties).</summary>
    public ControllerType LeftController { get; }
    /// <inheritdoc cref="LeftController"/>
    public ControllerType RightController { get; }

    /// <summary>The cartridge in the slot.</summary>
    public Cartridge Cartridge => _cart;

    /// <summary>The 128 bytes of RIOT RAM ($80-$FF).</summary>
    public ReadOnlySpan<byte> Ram => _riot.Ram;

    /// <summary>Writable RAM, for tools (cheats, tests).</summary>
    public Span<byte> RamForWriting => _riot.Ram;

    /// <summary>The current frame: <see cref="ScreenHeight"/> rows x 160 palette indices.</summary>
    public ReadOnlySpan<byte> Screen => _tia.FrameBuffer;

    /// <summary>Rows in <see cref="Screen"/>.</summary>
    public int ScreenHeight => _tia.Height;

    /// <summary>CPU cycles since power-on.</summary>
    public long Cycles => _cycleBase + _cpu.Cycles;

    /// <summary>Stella's frame-relative system cycle counter (restarts at 0 at each frame start).</summary>
    public long FrameCycles => _cpu.Cycles;

    /// <summary>Frames the TIA completed since power-on.</summary>
    public long FramesCompleted => _tia.FrameCount;

    /// <summary>Scanlines of the last completed frame.</summary>
    public int ScanlinesLastFrame => _tia.ScanlinesLastFrame;

    /// <summary>True when the CPU hit a JAM opcode (the game crashed); frames then stop advancing.</summary>
    public bool CpuJammed => _cpu.Jammed;

    internal M6502<Bus> Cpu => _cpu;

    /// <summary>Blocks of ROM code the CPU runs compiled so far (see <see cref="DefaultBlockThreshold"/>).</summary>
    public int CompiledBlocks => _cpu.BlocksCompiled;
    internal Tia Tia => _tia;
    internal Riot Riot => _riot;

    // ---- switches and controllers ---------------------------------------------------------------

    /// <summary>The console's RESET switch (held while true).</summary>
    public bool ResetSwitch { get => (_riot.PortB & Riot.SwitchReset) == 0; set => SetPortB(Riot.SwitchReset, !value); }
    /// <summary>The console's GAME SELECT switch (held while true).</summary>
    public bool SelectSwitch { get => (_riot.PortB & Riot.SwitchSelect) == 0; set => SetPortB(Riot.SwitchSelect, !value); }
    /// <summary>TV type switch: true = colour (default), false = black and white.</summary>
    public bool ColorSwitch { get => (_riot.PortB & Riot.SwitchColor) != 0; set => SetPortB(Riot.SwitchColor, value); }
    /// <summary>Left difficulty: true = A (expert), false = B (default).</summary>
    public bool LeftDifficultyA { get => (_riot.PortB & Riot.SwitchLeftDifficulty) != 0; set => SetPortB(Riot.SwitchLeftDifficulty, value); }
    /// <summary>Right difficulty: true = A (expert), false = B (default).</summary>
    public bool RightDifficultyA { get => (_riot.PortB & Riot.SwitchRightDifficulty) != 0; set => SetPortB(Riot.SwitchRightDifficulty, value); }

    private void SetPortB(byte bit, bool high) => _riot.PortB = high ? (byte)(_riot.PortB | bit) : (byte)(_riot.PortB & ~bit);

    private readonly int[] _joystickBits = new int[2];       // up 1, down 2, left 4, right 8 (pressed = set)
    private readonly bool[] _paddleFire = new bool[4];

    /// <summary>
    /// Sets a joystick (player 0 = left port, 1 = right port): directions through SWCHA (active low; left port
    /// bits 4-7, right port bits 0-3), fire through INPT4/INPT5. Ignored for a port holding paddles.
    /// </summary>
    public void SetJoystick(int player, bool up, bool down, bool left, bool right, bool fire)
    {
        if (player is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(player), player, "Player must be 0 (left port) or 1 (right port).");
        _joystickBits[player] = (up ? 0x1 : 0) | (down ? 0x2 : 0) | (left ? 0x4 : 0) | (right ? 0x8 : 0);
        if ((player == 0 ? LeftController : RightController) == ControllerType.Joystick)
        {
            if (player == 0) _tia.LeftFire = fire; else _tia.RightFire = fire;
        }
        UpdateControllerPins();
    }

    /// <summary>
    /// Sets paddle <paramref name="paddle"/> (0,1 on the left port; 2,3 on the right): Stella's resistance
    /// (0 = minimum, reads charged at once; <see cref="Tia.MaximumResistance"/> never charges) read through INPT0-3,
    /// and its button, read through SWCHA (paddle 0: bit 7, 1: bit 6, 2: bit 3, 3: bit 2; active low).
    /// </summary>
    public void SetPaddle(int paddle, int resistance, bool fire)
    {
        if (paddle is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(paddle), paddle, "Paddle must be 0..3.");
        if ((paddle < 2 ? LeftController : RightController) != ControllerType.Paddles) return;
        _tia.PotResistance[paddle] = resistance;
        _paddleFire[paddle] = fire;
        UpdateControllerPins();
    }

    private void UpdateControllerPins()
    {
        int a = 0;
        if (LeftController == ControllerType.Joystick)
            a |= (~_joystickBits[0] & 0x0F) << 4;
        else
            a |= 0x30 | (_paddleFire[1] ? 0 : 0x40) | (_paddleFire[0] ? 0 : 0x80);
        if (RightController == ControllerType.Joystick)
            a |= ~_joystickBits[1] & 0x0F;
        else
            a |= 0x03 | (_paddleFire[3] ? 0 : 0x04) | (_paddleFire[2] ? 0 : 0x08);
        _riot.PortA = (byte)a;
    }

    // ---- running ----------------------------------------------------------------------------------

    /// <summary>
    /// Stella's System::reset(): the cycle counter restarts, the RIOT timer gets a new random value and its
    /// direction registers clear (RAM keeps its contents), the TIA resets, the cartridge selects its start bank
    /// and fills its RAM from the same random stream (after the RIOT's draw), and the CPU loads PC from the reset vector.
    /// </summary>
    public void SystemReset()
    {
        RebaseCycles();
        _riot.Reset(NextRandom);
        _tia.Reset(_cpu.Cycles);
        _cart.Reset();
        _cart.FillRamAtReset(NextRandom);
        _cpu.Reset();
    }

    /// <summary>
    /// What ALE's Console constructor does after building the machine: reset, run 60 frames to detect the TV
    /// format, reset again. Call once after construction to reproduce ALE's loadROM state.
    /// </summary>
    public void RunPowerOnFrames(int frames = 60)
    {
        int palFrames = 0;
        for (int i = 0; i < frames; i++)
        {
            RunFrame();
            if (i >= 30 && _tia.ScanlinesLastFrame > 285) palFrames++;
        }
        // Stella's Display.Format=AUTO-DETECT rule, evaluated over frames 30..59. A PAL console gets the PAL frame
        // limit and colour loss from the next reset on, and a 210-line display window grows to 250 (Stella's
        // Console does this to Display.Height; a game whose properties give another height keeps it).
        PalDetected = palFrames >= 15;
        if (PalDetected) _tia.UsePalTiming(_tia.Height == NtscHeight ? PalHeight : _tia.Height);
        SystemReset();
    }

    /// <summary>ALE's default screen height (Display.Height), and the height a PAL console shows instead.</summary>
    public const int NtscHeight = 210, PalHeight = 250;

    /// <summary>
    /// Whether the power-on frames looked like PAL by Stella's auto-detect rule (at least 15 of frames 30-59 longer
    /// than 285 lines); from then on the TIA runs as PAL (see <see cref="Tia.UsePalTiming"/>).
    /// </summary>
    public bool PalDetected { get; private set; }

    /// <summary>Emulates until the TIA completes a frame (or 25,000 instructions pass), like Stella 2.x's TIA::update().</summary>
    public void RunFrame()
    {
        BeginFrameIfNeeded();
        _cpu.Execute(MaxInstructionsPerFrame);
        _tia.FinishUpdate(_cpu.Cycles);
    }

    private void BeginFrameIfNeeded()
    {
        if (!_tia.PartialFrame)
        {
            _tia.StartFrame(_cpu.Cycles);
            RebaseCycles();
        }
        _tia.PartialFrame = true;
    }

    /// <summary>Stella's resetCycles(): devices forget absolute times, the counter restarts at 0.</summary>
    private void RebaseCycles()
    {
        long c = _cpu.Cycles;
        _riot.OnCyclesRebased(c);
        _cycleBase += c;
        _cpu.Cycles = 0;
    }

    /// <summary>
    /// Runs exactly one instruction with <see cref="RunFrame"/>'s frame bookkeeping around it (for instruction traces).
    /// Returns true when the instruction completed a frame.
    /// </summary>
    internal bool StepInstruction(out int pc, out long frameCyclesBefore)
    {
        BeginFrameIfNeeded();
        pc = _cpu.PC;
        frameCyclesBefore = _cpu.Cycles;
        _cpu.StopRequested = false;
        _cpu.Step();
        if (_cpu.StopRequested || _cpu.Jammed)
        {
            _tia.FinishUpdate(_cpu.Cycles);
            return true;
        }
        return false;
    }

    private uint NextRandom() => _rng.Next();

    // ---- bus --------------------------------------------------------------------------------------

    /// <summary>Reads through the devices. Cartridges get the full 16-bit CPU address as Stella passes it (FE decodes A13).</summary>
    internal byte ReadDevice(int address, byte dataBus)
    {
        int a = address & 0x1FFF;
        if (_watchBus) _cart.OnBusAccess(address, 0, false);
        if ((a & 0x1000) != 0) return _cart.Peek(address);
        if ((a & 0x80) == 0) return _tia.Peek(a, _cpu.Cycles, dataBus);
        if ((a & 0x200) == 0) return _ram[a & 0x7F];
        return _riot.Peek(a, _cpu.Cycles);
    }

    /// <summary>Writes through the devices (everything but plain RIOT RAM).</summary>
    internal void WriteDevice(int address, byte value)
    {
        int a = address & 0x1FFF;
        if (_watchBus) _cart.OnBusAccess(address, value, true);
        if ((a & 0x1000) != 0) _cart.Poke(address, value);
        else if ((a & 0x80) == 0)
        {
            int stall = _tia.Poke(a, value, _cpu.Cycles);
            if (stall != 0) _cpu.Cycles += stall;
            if (_tia.FrameComplete) _cpu.StopRequested = true;
        }
        else if ((a & 0x200) == 0) _ram[a & 0x7F] = value;
        else _riot.Poke(a, value, _cpu.Cycles);
    }

    /// <summary>
    /// The console's bus as the CPU sees it. Plain ROM (a 2K/4K/FE image, or the plain part of a banked window,
    /// <see cref="DirectReadWindow"/>) and RIOT RAM are read and written here without a call; it also keeps the
    /// last byte that crossed the data bus, which undriven TIA bits read back.
    /// </summary>
    internal struct Bus : ICpuBus
    {
        private readonly AtariConsole _console;
        private readonly byte[] _ram;
        private readonly bool _plainRam;

        // Plain ROM, as Stella's page table keeps it: addresses $1000 + [_plainStart, _plainStart + _plainLength) read
        // _image[_segment[(address >> 10) & 15] + (address & 0x0FFF)]. Sixteen 1 KiB segments cover A10-A13, so
        // FE's A13 picks its bank here too; every other scheme repeats its four segments. Length 0: no plain ROM.
        private byte[] _image;
        private int _plainStart, _plainLength;
        // Window offsets where a whole instruction (three bytes) starts inside the plain range: [_plainStart, +_codeLength).
        private int _codeLength;
        private Segments _segment;
        private int _mapVersion;

        [InlineArray(16)]
        private struct Segments { private int _first; }

        /// <summary>The last byte read or written by the CPU.</summary>
        public byte DataBus;

        public Bus(AtariConsole console, byte[] ram, bool plainRam)
        {
            // ReadLow/WriteLow index RAM without bounds checks; this guard is what makes that safe.
            if (ram.Length != 0x80) throw new ArgumentException("RIOT RAM must be 128 bytes.", nameof(ram));
            _console = console; _ram = ram; _plainRam = plainRam; DataBus = 0;
            _image = [];
            _plainStart = _plainLength = _codeLength = 0;
        }

        /// <summary>A flat image read at <c>address &amp; mask</c> (2K: 0x7FF, 4K: 0xFFF, FE: 0x3FFF with A13).</summary>
        public void MapFlatRom(byte[] image, int mask)
        {
            // Read indexes the image unchecked: every segment must stay inside it.
            if (mask < 0x3FF || image.Length <= mask) throw new ArgumentException("A flat ROM image must hold every byte its mask can address.", nameof(image));
            for (int s = 0; s < 16; s++) _segment[s] = ((s << 10) & mask & ~0x3FF) - (s & 3) * DirectReadWindow.SegmentSize;
            SetPlainRange(image, 0, 0x1000);
        }

        /// <summary>A banked cartridge's window as it is mapped now (called again after every bank switch).</summary>
        public void MapWindow(DirectReadWindow window)
        {
            for (int s = 0; s < 16; s++) _segment[s] = window.SegmentBase(s);
            SetPlainRange(window.Image, window.Start, window.End - window.Start);
        }

        /// <summary>The image and plain window range behind the segments just set; what TryLocateCode said no longer holds.</summary>
        private void SetPlainRange(byte[] image, int start, int length)
        {
            _image = image;
            _plainStart = start;
            _plainLength = length;
            _codeLength = Math.Max(0, length - 2);
            _mapVersion++;
        }

        /// <summary>Whether <paramref name="address"/> reads plain ROM (no device sees the access).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly bool IsPlainRom(int address) => (uint)((address & 0x1FFF) - 0x1000 - _plainStart) < (uint)_plainLength;

        /// <summary>Where a plain ROM address sits in the image: its segment's base plus its window offset.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int ImageIndex(int address) => Unsafe.Add(ref Unsafe.AsRef(in _segment[0]), (address >> 10) & 15) + (address & 0x0FFF);

        // Unchecked: MapFlatRom and DirectReadWindow keep segment + offset inside the image for every plain address.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly byte PlainRom(int address) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_image), ImageIndex(address));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte Read(int address)
        {
            byte v;
            if (IsPlainRom(address)) v = PlainRom(address);
            else if ((address & 0x1280) == 0x0080 && _plainRam) v = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ram), address & 0x7F);
            else v = _console.ReadDevice(address, DataBus);
            DataBus = v;
            return v;
        }

        /// <summary>
        /// Plain ROM for whole instructions: first and third byte inside the plain range (so the second too), all three
        /// in one 1 KiB segment, hence next to each other in the image. The range reported is the rest of that segment
        /// that qualifies, in the mirror <paramref name="address"/> is in.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool TryLocateCode(int address, [NotNullWhen(true)] out byte[]? code, out int origin, out int first, out int count)
        {
            int offset = (address & 0x1FFF) - 0x1000;   // in the cartridge window when A12 is set
            if ((uint)(offset - _plainStart) < (uint)_codeLength && (address & 0x3FF) < 0x3FE)
            {
                code = _image;
                origin = ImageIndex(address) - address;
                int segmentStart = offset & 0xC00;
                int lo = Math.Max(segmentStart, _plainStart), hi = Math.Min(segmentStart + 0x3FE, _plainStart + _codeLength);
                first = address - offset + lo;
                count = hi - lo;
                return true;
            }
            code = null;
            origin = first = count = 0;
            return false;
        }

        public readonly int CodeMapVersion => _mapVersion;

        /// <summary>
        /// Below the cartridge, with no cartridge watching the bus: RIOT RAM, ports and timer, and TIA reads. A TIA write
        /// may end the frame; the cartridge's hotspots switch banks.
        /// </summary>
        public readonly bool IsQuiet(int address, bool write) => _plainRam && (address & 0x1000) == 0 && (!write || (address & 0x80) != 0);

        /// <summary>RIOT RAM (A12 and A9 clear, A7 set), while no cartridge watches the bus: the TIA and the timer count cycles.</summary>
        public readonly bool IsTimeless(int address) => _plainRam && (address & 0x1280) == 0x0080;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void NoteFetch(byte value) => DataBus = value;

        // Below $0200 the 2600 decodes only A7 (RIOT RAM) against the TIA: no cartridge or RIOT port lives there.
        /// <summary>Plain ROM only: a flat image or the direct-read part of a banked window (neither exists when the cartridge watches the bus).</summary>
        public readonly bool TryPeekPlain(int address, out byte value)
        {
            bool plain = IsPlainRom(address);
            value = plain ? PlainRom(address) : (byte)0;
            return plain;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte ReadLow(int address)
        {
            byte v = (address & 0x80) != 0 && _plainRam
                ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ram), address & 0x7F)
                : _console.ReadDevice(address, DataBus);
            DataBus = v;
            return v;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteLow(int address, byte value)
        {
            if ((address & 0x80) != 0 && _plainRam) Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ram), address & 0x7F) = value;
            else _console.WriteDevice(address, value);
            DataBus = value;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Write(int address, byte value)
        {
            if ((address & 0x1280) == 0x0080 && _plainRam) Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ram), address & 0x7F) = value;
            else _console.WriteDevice(address, value);
            DataBus = value;
        }
    }

    // ---- state ------------------------------------------------------------------------------------

    private const int StateVersion = 2;

    /// <summary>Writes the whole machine: CPU, TIA (including both frame buffers), RIOT, cartridge, bus and clocks.</summary>
    public void SaveState(BinaryWriter w)
    {
        w.Write(StateVersion);
        w.Write(_cart.Scheme);
        _cpu.SaveState(w);
        _tia.SaveState(w);
        _riot.SaveState(w);
        _cart.SaveState(w);
        w.Write(_cpu.Bus.DataBus); _rng.SaveState(w); w.Write(_cycleBase);
        foreach (int b in _joystickBits) w.Write(b);
        foreach (bool f in _paddleFire) w.Write(f);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote (for the same cartridge).</summary>
    public void LoadState(BinaryReader r)
    {
        int version = r.ReadInt32();
        if (version != StateVersion) throw new InvalidDataException($"Machine state version {version} is not supported (expected {StateVersion}).");
        string scheme = r.ReadString();
        if (scheme != _cart.Scheme) throw new InvalidDataException($"Machine state is for a {scheme} cartridge, this console has {_cart.Scheme}.");
        _cpu.LoadState(r);
        _tia.LoadState(r);
        _riot.LoadState(r);
        _cart.LoadState(r);
        _cpu.Bus.DataBus = r.ReadByte(); _rng.LoadState(r); _cycleBase = r.ReadInt64();
        for (int i = 0; i < 2; i++) _joystickBits[i] = r.ReadInt32();
        for (int i = 0; i < 4; i++) _paddleFire[i] = r.ReadBoolean();
    }
}
