using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static DeepQ.Emulator.Machine.TiaTables;

namespace DeepQ.Emulator.Machine;

/// <summary>
/// The TIA video chip as ALE's Stella 2.x core models it. Registers take effect at the colour clock of the
/// write plus Stella's per-register delay; the picture is drawn lazily ("catch up to clock") in runs of pixels
/// before any register changes or is read. Clocks are colour clocks (3 per CPU cycle) relative to the system
/// cycle counter, which the console rebases to 0 at each frame start. A frame ends when VSYNC is switched off
/// at least one line after it was switched on, or after 290 lines (342 in PAL mode).
/// The frame buffer holds palette indices (even values 0..254), 160 pixels per line, lines YStart..YStart+Height-1.
/// Audio is not emulated.
/// </summary>
public sealed class Tia
{
    /// <summary>Colour clocks per scanline and of horizontal blank.</summary>
    public const int ClocksPerLine = 228, HBlankClocks = 68;
    /// <summary>Visible pixels per line.</summary>
    public const int Width = 160;
    /// <summary>Lines without VSYNC after which Stella ends an NTSC frame anyway.</summary>
    public const int MaximumScanlines = 290;
    /// <summary>The same limit once Stella runs the console as PAL.</summary>
    public const int MaximumScanlinesPal = 342;
    private const int BufferLines = 300;

    // Write registers (address & 0x3F).
    public const int VSYNC = 0x00, VBLANK = 0x01, WSYNC = 0x02, RSYNC = 0x03, NUSIZ0 = 0x04, NUSIZ1 = 0x05,
        COLUP0 = 0x06, COLUP1 = 0x07, COLUPF = 0x08, COLUBK = 0x09, CTRLPF = 0x0A, REFP0 = 0x0B, REFP1 = 0x0C,
        PF0 = 0x0D, PF1 = 0x0E, PF2 = 0x0F, RESP0 = 0x10, RESP1 = 0x11, RESM0 = 0x12, RESM1 = 0x13, RESBL = 0x14,
        GRP0 = 0x1B, GRP1 = 0x1C, ENAM0 = 0x1D, ENAM1 = 0x1E, ENABL = 0x1F, HMP0 = 0x20, HMP1 = 0x21, HMM0 = 0x22,
        HMM1 = 0x23, HMBL = 0x24, VDELP0 = 0x25, VDELP1 = 0x26, VDELBL = 0x27, RESMP0 = 0x28, RESMP1 = 0x29,
        HMOVE = 0x2A, HMCLR = 0x2B, CXCLR = 0x2C;

    /// <summary>Colour clocks by which a write is seen late (Stella's table); -1 marks the playfield registers, whose delay depends on the clock.</summary>
    private static ReadOnlySpan<sbyte> PokeDelay =>
    [
        0, 1, 0, 0, 8, 8, 0, 0, 0, 0, 0, 1, 1, -1, -1, -1,
        0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static ReadOnlySpan<byte> PlayfieldDelay => [4, 5, 2, 3];

    // What Poke needs to know of each register, packed in one table lookup: the delay (bits 0-3; 15 for the
    // playfield registers), whether the write can never change a pixel, and whether Unchanged can tell a
    // rewrite of the same value.
    private const int WriteDelayMask = 0x0F, WriteDelayPlayfield = 0x0F, WriteDrawsNothing = 0x10, WriteComparable = 0x20, WriteGraphics = 0x40;
    private static readonly byte[] s_writeInfo = BuildWriteInfo();

    private static byte[] BuildWriteInfo()
    {
        var info = new byte[64];
        for (int r = 0; r < 64; r++)
        {
            int delay = PokeDelay[r] == -1 ? WriteDelayPlayfield : PokeDelay[r];
            int flags = NoVisibleEffect(r) ? WriteDrawsNothing : 0;
            if (r is >= PF0 and <= PF2 or >= COLUP0 and <= COLUBK or >= ENAM0 and <= ENABL) flags |= WriteComparable;
            if (r is GRP0 or GRP1) flags |= WriteGraphics;
            info[r] = (byte)(delay | flags);
        }
        return info;
    }

    private readonly int _yStart;
    private int _height;
    private int _maximumScanlines = MaximumScanlines;
    // PAL colour loss: a frame that follows one with an odd number of lines has bit 0 set in every colour.
    private bool _colorLoss;
    private byte[] _current = new byte[Width * BufferLines];
    private byte[] _previous = new byte[Width * BufferLines];
    private int _framePointer;

    // Frame timing (colour clocks, frame-relative like Stella).
    private long _clockWhenFrameStarted, _clockStartDisplay, _clockStopDisplay, _clockAtLastUpdate;
    private int _clocksToEndOfScanLine;
    private long _vsyncFinishClock, _lastHmoveClock;
    private int _currentScanline, _scanlineCountForLastFrame;

    // Registers and derived state.
    private int _enabledObjects;
    private byte _vsync, _vblank, _nusiz0, _nusiz1, _ctrlpf, _playfieldPriorityAndScore;
    private readonly byte[] _color = new byte[4]; // 0 BK, 1 PF, 2 P0, 3 P1
    private bool _refp0, _refp1;
    private uint _pf;
    private byte _grp0, _grp1, _dgrp0, _dgrp1, _currentGrp0, _currentGrp1;
    private bool _enam0, _enam1, _enabl, _denabl;
    private int _hmp0, _hmp1, _hmm0, _hmm1, _hmbl;
    private bool _vdelp0, _vdelp1, _vdelbl, _resmp0, _resmp1;
    private int _collision;
    private int _posP0, _posP1, _posM0, _posM1, _posBL;

    // The shapes currently drawn (Stella keeps these as pointers that lag some register changes).
    private bool _p0SkipFirst, _p1SkipFirst;
    private int _m0Special; // Cosmic Ark star bug: 0 normal, 1 stretched, 2 hidden on this line
    private int _pfReflect;
    private bool _hmoveBlankEnabled;
    private bool _m0CosmicArkMotionEnabled;
    private int _m0CosmicArkCounter;
    private bool _dumpEnabled;
    private long _dumpDisabledCycle;

    /// <summary>Set when the frame is complete (VSYNC end or line limit); the console stops the CPU on it.</summary>
    public bool FrameComplete;
    /// <summary>True while a frame is being emulated and not yet completed (Stella's partial-frame flag).</summary>
    public bool PartialFrame;

    /// <summary>Input ports: true when the fire button of the left (INPT4) / right (INPT5) joystick is pressed.</summary>
    public bool LeftFire, RightFire;

    /// <summary>Stella's resistance on the pot lines of INPT0-3 (paddles 0-3): 0 reads charged at once,
    /// <see cref="MaximumResistance"/> (a joystick or nothing plugged in) never charges.</summary>
    public readonly int[] PotResistance = [MaximumResistance, MaximumResistance, MaximumResistance, MaximumResistance];

    /// <summary>Stella's Controller::maximumResistance.</summary>
    public const int MaximumResistance = 0x7FFFFFFF;

    /// <summary>
    /// Whether a pot line's capacitor has charged: Stella's RC model, t = 1.6 * r * 0.01uF seconds at 1.19 MHz,
    /// counted from the cycle the dump transistors were released (VBLANK bit 7 cleared). Arithmetic in Stella's 32-bit widths.
    /// </summary>
    private bool PotCharged(int r, long cycles)
    {
        if (r == 0) return true;
        if (r == MaximumResistance || _dumpEnabled) return false;
        double t = 1.6 * r * 0.01E-6;
        uint needed = (uint)(t * 1.19E6);
        return unchecked((uint)cycles > (uint)(int)_dumpDisabledCycle + needed);
    }

    /// <summary>Whether HMOVE produces the 8-pixel black bar (Stella property Emulation.HmoveBlanks, default YES).</summary>
    public bool AllowHmoveBlanks = true;

    public Tia(int yStart = 34, int height = 210)
    {
        if (yStart < 0 || height <= 0 || yStart + height > BufferLines)
            throw new ArgumentOutOfRangeException(nameof(height), $"Display window {yStart}+{height} lines does not fit in {BufferLines} lines.");
        _yStart = yStart;
        _height = height;
    }

    /// <summary>
    /// Switches to what Stella's TIA does for a PAL console, from the next <see cref="Reset"/> on (Stella reads the
    /// format at reset): frames are cut after 342 lines instead of 290, colour loss is on (after a frame of an odd
    /// number of lines every colour register gets bit 0 set, so the screen holds odd palette indices; after an even
    /// one it is cleared), and the display window is <paramref name="height"/> lines.
    /// </summary>
    public void UsePalTiming(int height)
    {
        if (height <= 0 || _yStart + height > BufferLines)
            throw new ArgumentOutOfRangeException(nameof(height), $"Display window {_yStart}+{height} lines does not fit in {BufferLines} lines.");
        _height = height;
        _maximumScanlines = MaximumScanlinesPal;
        _colorLoss = true;
    }

    /// <summary>Bit 0 that colour loss adds to colour writes now (0 without colour loss or after an even frame).</summary>
    private byte ColorLossBit
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (byte)(_colorLoss ? _scanlineCountForLastFrame & 1 : 0);
    }

    /// <summary>Lines shown (the ALE screen height).</summary>
    public int Height => _height;

    /// <summary>The last completed (or partly drawn) frame: <see cref="Height"/> rows of 160 palette indices.</summary>
    public ReadOnlySpan<byte> FrameBuffer => _current.AsSpan(0, Width * _height);

    /// <summary>Scanlines of the last completed frame.</summary>
    public int ScanlinesLastFrame => _scanlineCountForLastFrame;

    /// <summary>Frames completed since power-on.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Stella's TIA reset (power-on registers, both buffers cleared) at frame-relative cycle <paramref name="cycles"/>.</summary>
    public void Reset(long cycles)
    {
        _enabledObjects = 0;
        _vsync = _vblank = _nusiz0 = _nusiz1 = 0;
        Array.Clear(_color);
        _playfieldPriorityAndScore = 0;
        _ctrlpf = 0;
        _refp0 = _refp1 = false;
        _pf = 0;
        _grp0 = _grp1 = _dgrp0 = _dgrp1 = 0;
        _enam0 = _enam1 = _enabl = _denabl = false;
        _hmp0 = _hmp1 = _hmm0 = _hmm1 = _hmbl = 0;
        _vdelp0 = _vdelp1 = _vdelbl = _resmp0 = _resmp1 = false;
        _collision = 0;
        _posP0 = _posP1 = _posM0 = _posM1 = _posBL = 0;
        _currentGrp0 = _currentGrp1 = 0;
        _p0SkipFirst = _p1SkipFirst = false;
        _m0Special = 0;
        _pfReflect = 0;
        _lastHmoveClock = 0;
        _hmoveBlankEnabled = false;
        _m0CosmicArkMotionEnabled = false;
        _m0CosmicArkCounter = 0;
        _dumpEnabled = false;
        _dumpDisabledCycle = 0;
        FrameComplete = false;

        // frameReset
        Array.Clear(_current);
        Array.Clear(_previous);
        _framePointer = 0;
        _clockWhenFrameStarted = cycles * 3;
        _clockStartDisplay = _clockWhenFrameStarted + ClocksPerLine * _yStart;
        _clockStopDisplay = _clockStartDisplay + ClocksPerLine * _height;
        _clockAtLastUpdate = _clockWhenFrameStarted;
        _clocksToEndOfScanLine = ClocksPerLine;
        _vsyncFinishClock = 0x7FFFFFFF;
        _scanlineCountForLastFrame = 0;
        _currentScanline = 0;
    }

    /// <summary>
    /// Starts a frame: swaps buffers and returns the CPU cycles by which the console must rebase its clock to 0
    /// (the current cycle count). Keeps the phase within the current scanline, since the TIA's counters do not reset on VSYNC.
    /// </summary>
    public void StartFrame(long cycles)
    {
        (_current, _previous) = (_previous, _current);
        if (_colorLoss)
        {
            byte bit = ColorLossBit;
            for (int i = 0; i < _color.Length; i++) _color[i] = (byte)((_color[i] & 0xFE) | bit);
        }
        long clocks = (cycles * 3 - _clockWhenFrameStarted) % ClocksPerLine;

        // Rebase everything to the cycle counter restarting at 0 (Stella's systemCyclesReset).
        long shift = cycles * 3;
        _vsyncFinishClock -= shift;
        _lastHmoveClock -= shift;
        _dumpDisabledCycle -= cycles;

        _clockWhenFrameStarted = -clocks;
        _clockStartDisplay = _clockWhenFrameStarted + ClocksPerLine * _yStart;
        _clockStopDisplay = _clockStartDisplay + ClocksPerLine * _height;
        _clockAtLastUpdate = _clockStartDisplay;
        _clocksToEndOfScanLine = ClocksPerLine;
        _framePointer = 0;
        FrameComplete = false;
    }

    /// <summary>Ends a frame the way Stella's update() does after the CPU stopped, at frame-relative cycle <paramref name="cycles"/>.</summary>
    public void FinishUpdate(long cycles)
    {
        long totalClocks = cycles * 3 - _clockWhenFrameStarted;
        _currentScanline = (int)(totalClocks / ClocksPerLine);
        if (PartialFrame)
        {
            GreyOutFrame();
        }
        else
        {
            _scanlineCountForLastFrame = _currentScanline;
            FrameCount++;
            _frameGreyed = false;
        }
    }

    private bool _frameGreyed;

    private void GreyOutFrame()
    {
        if (_frameGreyed) return;
        _frameGreyed = true;
        int c = Math.Max(_currentScanline, _yStart);
        for (int s = c; s < _height + _yStart; s++)
        {
            var row = _current.AsSpan((s - _yStart) * Width, Width);
            for (int i = 0; i < Width; i++) row[i] = (byte)((row[i] & 0x0F) >> 1);
        }
    }

    // ---- reads ----------------------------------------------------------------------------------

    /// <summary>A read of a TIA register at frame-relative cycle <paramref name="cycles"/>; undriven bits come from the data bus.</summary>
    public byte Peek(int address, long cycles, byte dataBus)
    {
        // Only the collision latches depend on the picture drawn so far; inputs can be read without catching up.
        if ((address & 0x08) == 0) UpdateFrame(cycles * 3);
        int noise = dataBus & 0x3F;
        int c = _collision;
        switch (address & 0x0F)
        {
            case 0x00: return (byte)(((c & 0x0001) != 0 ? 0x80 : 0) | ((c & 0x0002) != 0 ? 0x40 : 0) | noise); // CXM0P
            case 0x01: return (byte)(((c & 0x0004) != 0 ? 0x80 : 0) | ((c & 0x0008) != 0 ? 0x40 : 0) | noise); // CXM1P
            case 0x02: return (byte)(((c & 0x0010) != 0 ? 0x80 : 0) | ((c & 0x0020) != 0 ? 0x40 : 0) | noise); // CXP0FB
            case 0x03: return (byte)(((c & 0x0040) != 0 ? 0x80 : 0) | ((c & 0x0080) != 0 ? 0x40 : 0) | noise); // CXP1FB
            case 0x04: return (byte)(((c & 0x0100) != 0 ? 0x80 : 0) | ((c & 0x0200) != 0 ? 0x40 : 0) | noise); // CXM0FB
            case 0x05: return (byte)(((c & 0x0400) != 0 ? 0x80 : 0) | ((c & 0x0800) != 0 ? 0x40 : 0) | noise); // CXM1FB
            case 0x06: return (byte)(((c & 0x1000) != 0 ? 0x80 : 0) | noise);                                 // CXBLPF
            case 0x07: return (byte)(((c & 0x2000) != 0 ? 0x80 : 0) | ((c & 0x4000) != 0 ? 0x40 : 0) | noise); // CXPPMM
            case 0x08: case 0x09: case 0x0A: case 0x0B:
                return (byte)(PotCharged(PotResistance[address & 0x03], cycles) ? 0x80 | noise : noise); // INPT0-3
            case 0x0C: return (byte)((LeftFire ? 0 : 0x80) | noise);  // INPT4
            case 0x0D: return (byte)((RightFire ? 0 : 0x80) | noise); // INPT5
            default: return (byte)noise;
        }
    }

    // ---- writes ---------------------------------------------------------------------------------

    /// <summary>
    /// A write to a TIA register at frame-relative cycle <paramref name="cycles"/>.
    /// Returns the CPU cycles the write stalls the CPU for (WSYNC), else 0.
    /// </summary>
    public int Poke(int address, byte value, long cycles)
    {
        int addr = address & 0x3F;
        // WSYNC and a rewrite of the value a register already holds change nothing drawn and no state: after the line
        // check they end here. Most kernel writes are one or the other, and this part needs no stack frame.
        if (addr == WSYNC)
        {
            CheckFrameLimit(cycles * 3);
            return WsyncStall(cycles);
        }
        int info = s_writeInfo[addr];
        if ((info & WriteComparable) != 0 && Unchanged(addr, value))
        {
            CheckFrameLimit(cycles * 3);
            return 0;
        }
        return Write(addr, info, value, cycles);
    }

    /// <summary>A frame that runs past 290 lines (PAL 342) ends at the next write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckFrameLimit(long clock)
    {
        if (clock - _clockWhenFrameStarted >= (_maximumScanlines + 1) * ClocksPerLine)
        {
            FrameComplete = true;
            PartialFrame = false;
        }
    }

    /// <summary>
    /// The CPU cycles a WSYNC write halts for: to the end of the line (none at its very start). Stella's low-compatibility
    /// CPU always counts the last access before a write as a read, so WSYNC always halts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int WsyncStall(long cycles)
    {
        long cyclesToEndOfLine = 76 - ((cycles - _clockWhenFrameStarted / 3) % 76);
        return cyclesToEndOfLine < 76 ? (int)cyclesToEndOfLine : 0;
    }

    /// <summary>The rest of <see cref="Poke"/>: a write that changes the register (<paramref name="info"/> from s_writeInfo).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Write(int addr, int info, byte value, long cycles)
    {
        long clock = cycles * 3;
        // Catch the picture up before the change. Writes that change nothing drawn skip this (motion, audio,
        // GRP writes that leave both players and the ball as they are): the next catch-up draws the same pixels
        // from the same state.
        if ((info & WriteDrawsNothing) == 0 && ((info & WriteGraphics) == 0 || GraphicsChange(addr, value)))
        {
            int delay = info & WriteDelayMask;
            if (delay == WriteDelayPlayfield)
                delay = PlayfieldDelay[(int)((clock - _clockWhenFrameStarted) % ClocksPerLine) / 3 & 3];
            if (clock + delay > _clockAtLastUpdate) UpdateFrame(clock + delay);
        }
        CheckFrameLimit(clock);

        switch (addr)
        {
            case VSYNC:
                _vsync = value;
                if ((value & 0x02) != 0)
                {
                    _vsyncFinishClock = clock + ClocksPerLine;
                }
                else if (clock >= _vsyncFinishClock)
                {
                    _vsyncFinishClock = 0x7FFFFFFF;
                    FrameComplete = true;
                    PartialFrame = false;
                }
                break;

            case VBLANK:
                if ((_vblank & 0x80) == 0 && (value & 0x80) != 0) _dumpEnabled = true;
                if ((_vblank & 0x80) != 0 && (value & 0x80) == 0) { _dumpEnabled = false; _dumpDisabledCycle = cycles; }
                _vblank = value;
                break;

            // WSYNC never gets here: Poke answers it.

            case RSYNC: break;

            case NUSIZ0: _nusiz0 = value; _p0SkipFirst = false; _m0Special = 0; break;
            case NUSIZ1: _nusiz1 = value; _p1SkipFirst = false; break;

            case COLUP0: _color[2] = (byte)((value & 0xFE) | ColorLossBit); break;
            case COLUP1: _color[3] = (byte)((value & 0xFE) | ColorLossBit); break;
            case COLUPF: _color[1] = (byte)((value & 0xFE) | ColorLossBit); break;
            case COLUBK: _color[0] = (byte)((value & 0xFE) | ColorLossBit); break;

            case CTRLPF:
                _ctrlpf = value;
                _playfieldPriorityAndScore = (byte)((value & 0x06) << 5);
                if ((clock - _clockWhenFrameStarted) % ClocksPerLine < HBlankClocks + 79) _pfReflect = value & 0x01;
                break;

            case REFP0:
                if (((value & 0x08) != 0) != _refp0) { _refp0 = (value & 0x08) != 0; _currentGrp0 = Reflect[_currentGrp0]; }
                break;
            case REFP1:
                if (((value & 0x08) != 0) != _refp1) { _refp1 = (value & 0x08) != 0; _currentGrp1 = Reflect[_currentGrp1]; }
                break;

            case PF0: _pf = (_pf & 0x000FFFF0) | (uint)((value >> 4) & 0x0F); UpdatePfEnabled(); break;
            case PF1: _pf = (_pf & 0x000FF00F) | ((uint)value << 4); UpdatePfEnabled(); break;
            case PF2: _pf = (_pf & 0x00000FFF) | ((uint)value << 12); UpdatePfEnabled(); break;

            case RESP0: ResetPlayer(ref _posP0, ref _p0SkipFirst, _nusiz0, clock); break;
            case RESP1: ResetPlayer(ref _posP1, ref _p1SkipFirst, _nusiz1, clock); break;

            case RESM0:
            {
                int hpos = (int)((clock - _clockWhenFrameStarted) % ClocksPerLine);
                _posM0 = hpos < HBlankClocks ? 2 : ((hpos - HBlankClocks) + 4) % Width;
                if (clock - _lastHmoveClock == 20 * 3 && hpos == 69) _posM0 = 8;   // Stella's Dolphin special case
                _m0Special = 0;
                break;
            }
            case RESM1:
            {
                int hpos = (int)((clock - _clockWhenFrameStarted) % ClocksPerLine);
                _posM1 = hpos < HBlankClocks ? 2 : ((hpos - HBlankClocks) + 4) % Width;
                if (clock - _lastHmoveClock == 3 * 3 && hpos == 18) _posM1 = 3;    // Pitfall II special case
                break;
            }
            case RESBL:
            {
                int hpos = (int)((clock - _clockWhenFrameStarted) % ClocksPerLine);
                _posBL = hpos < HBlankClocks ? 2 : ((hpos - HBlankClocks) + 4) % Width;
                long sinceHmove = clock - _lastHmoveClock;
                if (sinceHmove == 18 * 3 && (hpos == 60 || hpos == 69)) _posBL = 10;  // Escape from the Mindmaster
                else if (sinceHmove == 3 * 3 && hpos == 18) _posBL = 3;              // Decathlon
                else if (sinceHmove == 7 * 3 && hpos == 30) _posBL = 6;              // Robot Tank
                else if (sinceHmove == 6 * 3 && hpos == 27) _posBL = 5;              // Hole Hunter
                break;
            }

            case GRP0:
                _grp0 = value;
                _dgrp1 = _grp1;
                UpdateCurrentGraphics();
                break;
            case GRP1:
                _grp1 = value;
                _dgrp0 = _grp0;
                _denabl = _enabl;
                UpdateCurrentGraphics();
                SetEnabled(BL, _vdelbl ? _denabl : _enabl);
                break;

            case ENAM0: _enam0 = (value & 0x02) != 0; SetEnabled(M0, _enam0 && !_resmp0); break;
            case ENAM1: _enam1 = (value & 0x02) != 0; SetEnabled(M1, _enam1 && !_resmp1); break;
            case ENABL: _enabl = (value & 0x02) != 0; SetEnabled(BL, _vdelbl ? _denabl : _enabl); break;

            case HMP0: _hmp0 = value >> 4; break;
            case HMP1: _hmp1 = value >> 4; break;
            case HMM0:
            {
                int tmp = value >> 4;
                if (clock == _lastHmoveClock + 21 * 3 && _hmm0 == 7 && tmp == 6)
                {
                    _m0CosmicArkMotionEnabled = true;
                    _m0CosmicArkCounter = 0;
                }
                _hmm0 = tmp;
                break;
            }
            case HMM1: _hmm1 = value >> 4; break;
            case HMBL: _hmbl = value >> 4; break;

            case VDELP0:
                _vdelp0 = (value & 0x01) != 0;
                _currentGrp0 = Graphics(_vdelp0 ? _dgrp0 : _grp0, _refp0);
                SetEnabled(P0, _currentGrp0 != 0);
                break;
            case VDELP1:
                _vdelp1 = (value & 0x01) != 0;
                _currentGrp1 = Graphics(_vdelp1 ? _dgrp1 : _grp1, _refp1);
                SetEnabled(P1, _currentGrp1 != 0);
                break;
            case VDELBL:
                _vdelbl = (value & 0x01) != 0;
                SetEnabled(BL, _vdelbl ? _denabl : _enabl);
                break;

            case RESMP0:
                if (_resmp0 && (value & 0x02) == 0)
                {
                    _posM0 = (_posP0 + PlayerMiddle(_nusiz0)) % Width;
                    _m0Special = 0;
                }
                _resmp0 = (value & 0x02) != 0;
                SetEnabled(M0, _enam0 && !_resmp0);
                break;
            case RESMP1:
                if (_resmp1 && (value & 0x02) == 0) _posM1 = (_posP1 + PlayerMiddle(_nusiz1)) % Width;
                _resmp1 = (value & 0x02) != 0;
                SetEnabled(M1, _enam1 && !_resmp1);
                break;

            case HMOVE:
            {
                int x = (int)((clock - _clockWhenFrameStarted) % ClocksPerLine) / 3;
                if (AllowHmoveBlanks && HmoveBlankCycle(x)) _hmoveBlankEnabled = true;
                _posP0 = Wrap(_posP0 + Motion[x, _hmp0]);
                _posP1 = Wrap(_posP1 + Motion[x, _hmp1]);
                _posM0 = Wrap(_posM0 + Motion[x, _hmm0]);
                _posM1 = Wrap(_posM1 + Motion[x, _hmm1]);
                _posBL = Wrap(_posBL + Motion[x, _hmbl]);
                _p0SkipFirst = _p1SkipFirst = false;
                _m0Special = 0;
                _lastHmoveClock = clock;
                _m0CosmicArkMotionEnabled = false;
                break;
            }
            case HMCLR: _hmp0 = _hmp1 = _hmm0 = _hmm1 = _hmbl = 0; break;
            case CXCLR: _collision = 0; break;
        }
        return 0;
    }

    /// <summary>WSYNC, RSYNC, audio and motion registers (HMxx act only at HMOVE): nothing to draw before them.</summary>
    private static bool NoVisibleEffect(int addr) => addr is WSYNC or RSYNC or (>= 0x15 and <= 0x1A) or (>= HMP0 and <= HMBL) or HMCLR or > CXCLR;

    /// <summary>
    /// Whether a GRP0/GRP1 write changes what is drawn: the graphics both players show and the ball's enable.
    /// (It always moves the vertical-delay copies, so its state change still happens; only the catch-up can be skipped.)
    /// A GRP0 write copies GRP1 to its delayed register, so player 1 then shows GRP1 whether delayed or not; a GRP1
    /// write likewise leaves player 0 showing GRP0 and the ball showing ENABL.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool GraphicsChange(int addr, byte value)
    {
        if (addr == GRP0)
            return Graphics(_vdelp0 ? _dgrp0 : value, _refp0) != _currentGrp0 || Graphics(_grp1, _refp1) != _currentGrp1;
        return Graphics(_vdelp1 ? _dgrp1 : value, _refp1) != _currentGrp1 || Graphics(_grp0, _refp0) != _currentGrp0
            || _enabl != ((_enabledObjects & BL) != 0);
    }

    /// <summary>True when a write to a playfield, colour or enable register would store what it already holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Unchanged(int addr, byte value) => addr switch
    {
        PF0 => (_pf & 0x0F) == (uint)((value >> 4) & 0x0F),
        PF1 => ((_pf >> 4) & 0xFF) == value,
        PF2 => (_pf >> 12) == value,
        COLUP0 => _color[2] == ((value & 0xFE) | ColorLossBit),
        COLUP1 => _color[3] == ((value & 0xFE) | ColorLossBit),
        COLUPF => _color[1] == ((value & 0xFE) | ColorLossBit),
        COLUBK => _color[0] == ((value & 0xFE) | ColorLossBit),
        ENAM0 => _enam0 == ((value & 0x02) != 0),
        ENAM1 => _enam1 == ((value & 0x02) != 0),
        ENABL => _enabl == ((value & 0x02) != 0),
        _ => false,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Wrap(int pos) => pos >= Width ? pos - Width : pos < 0 ? pos + Width : pos;

    private static int PlayerMiddle(byte nusiz) => (nusiz & 0x07) switch { 0x05 => 8, 0x07 => 16, _ => 4 };

    private static byte Graphics(byte grp, bool reflect) => reflect ? Reflect[grp] : grp;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateCurrentGraphics()
    {
        _currentGrp0 = Graphics(_vdelp0 ? _dgrp0 : _grp0, _refp0);
        _currentGrp1 = Graphics(_vdelp1 ? _dgrp1 : _grp1, _refp1);
        SetEnabled(P0, _currentGrp0 != 0);
        SetEnabled(P1, _currentGrp1 != 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetEnabled(int bit, bool on)
    {
        if (on) _enabledObjects |= bit; else _enabledObjects &= ~bit;
    }

    private void UpdatePfEnabled() => SetEnabled(PF, _pf != 0);

    private void ResetPlayer(ref int pos, ref bool skipFirst, byte nusiz, long clock)
    {
        int hpos = (int)((clock - _clockWhenFrameStarted) % ClocksPerLine);
        int newx = hpos < HBlankClocks ? 3 : ((hpos - HBlankClocks) + 5) % Width;
        int when = ResetWhen[nusiz & 7][pos * Width + newx];
        if (when == 1)
        {
            // Reset while a copy is being drawn: finish drawing it at the old position first.
            UpdateFrame(clock + 11);
            pos = newx;
            skipFirst = true;
        }
        else if (when == 0)
        {
            pos = newx;
            skipFirst = true;
        }
        else
        {
            pos = newx;
            skipFirst = false;
        }
    }

    // ---- drawing --------------------------------------------------------------------------------

    /// <summary>Draws everything up to colour clock <paramref name="clock"/> with the registers as they are now.</summary>
    private void UpdateFrame(long clock)
    {
        if (clock < _clockStartDisplay || _clockAtLastUpdate >= _clockStopDisplay || _clockAtLastUpdate >= clock) return;
        if (clock > _clockStopDisplay) clock = _clockStopDisplay;

        do
        {
            int clocksToUpdate;
            int clocksFromStartOfScanLine = ClocksPerLine - _clocksToEndOfScanLine;
            if (clock > _clockAtLastUpdate + _clocksToEndOfScanLine)
            {
                clocksToUpdate = _clocksToEndOfScanLine;
                _clocksToEndOfScanLine = ClocksPerLine;
                _clockAtLastUpdate += clocksToUpdate;
            }
            else
            {
                clocksToUpdate = (int)(clock - _clockAtLastUpdate);
                _clocksToEndOfScanLine -= clocksToUpdate;
                _clockAtLastUpdate = clock;
            }

            // Skip the horizontal blank.
            if (clocksFromStartOfScanLine < HBlankClocks)
            {
                int skip = Math.Min(HBlankClocks - clocksFromStartOfScanLine, clocksToUpdate);
                clocksFromStartOfScanLine += skip;
                clocksToUpdate -= skip;
            }

            int oldFramePointer = _framePointer;
            if (clocksToUpdate != 0)
                DrawPixels(clocksToUpdate, clocksFromStartOfScanLine - HBlankClocks);

            // The HMOVE blank hides the first 8 pixels of the line.
            if (_hmoveBlankEnabled && clocksFromStartOfScanLine < HBlankClocks + 8)
            {
                int blanks = HBlankClocks + 8 - clocksFromStartOfScanLine;
                _current.AsSpan(oldFramePointer, blanks).Clear();
                if (clocksToUpdate + clocksFromStartOfScanLine >= HBlankClocks + 8) _hmoveBlankEnabled = false;
            }

            if (_clocksToEndOfScanLine == ClocksPerLine)
                EndOfScanline();
        }
        while (_clockAtLastUpdate < clock);
    }

    private void EndOfScanline()
    {
        _pfReflect = _ctrlpf & 0x01;
        _p0SkipFirst = _p1SkipFirst = false;

        if (_m0CosmicArkMotionEnabled)
        {
            ReadOnlySpan<int> move = [18, 33, 0, 17];
            _m0CosmicArkCounter = (_m0CosmicArkCounter + 1) & 3;
            _posM0 -= move[_m0CosmicArkCounter];
            if (_posM0 >= Width) _posM0 -= Width;
            else if (_posM0 < 0) _posM0 += Width;
            _m0Special = _m0CosmicArkCounter == 1 ? 1 : _m0CosmicArkCounter == 2 ? 2 : 0;
        }
    }

    // Each object's pixels on the line as three 64-pixel words, laid out [word * 8 + object] (objects in the order
    // LineP0..LinePF) so that drawing takes one word of every object at a time. A line is rebuilt only when what
    // decides it changes: its key packs position, shape and graphics (NoObject while the object is off, its words
    // then 0). Keys are values rather than dirty flags, so no register write, state load or reset can leave a stale
    // line behind; they are derived state and not saved.
    internal const int LineP0 = 0, LineM0 = 1, LineP1 = 2, LineM1 = 3, LineBL = 4, LinePF = 5, LineStride = 8, LineWords = 3 * LineStride;
    private const int NoObject = -1;
    private readonly ulong[] _lineWords = new ulong[LineWords];
    private int _p0Key = NoObject, _p1Key = NoObject, _m0Key = NoObject, _m1Key = NoObject, _blKey = NoObject;
    private int _pfKey; // _pf | _pfReflect << 20; 0 (no playfield) matches the zero words it starts with

    /// <summary>Draws <paramref name="count"/> pixels of the current line starting at pixel <paramref name="hpos"/>.</summary>
    private void DrawPixels(int count, int hpos)
    {
        // Runs fill each 160-pixel row of the frame buffer from its pixel 0, so this row starts hpos pixels back; the
        // line kernels index it by pixel (AsSpan below checks the row lies in the buffer).
        int rowStart = _framePointer - hpos;
        var dst = _current.AsSpan(_framePointer, count);
        _framePointer += count;

        if ((_vblank & 0x02) != 0)
        {
            dst.Clear();
            return;
        }

        // Background and playfield first, for the whole run; then the movable objects on top where they are.
        byte bk = _color[0];
        if (_pf == 0)
        {
            dst.Fill(bk);
        }
        else
        {
            bool score = (_playfieldPriorityAndScore & Score) != 0 && (_playfieldPriorityAndScore & Priority) == 0;
            byte pfLeft = score ? _color[2] : _color[1];
            byte pfRight = score ? _color[3] : _color[1];
            if (Avx2.IsSupported)
            {
                RefreshPlayfieldLine();
                DrawPlayfieldLine(_current.AsSpan(rowStart, Width), hpos, hpos + count, _lineWords, bk, pfLeft, pfRight);
            }
            else
            {
                DrawPlayfieldScalar(dst, hpos, _pf, _pfReflect, bk, pfLeft, pfRight);
            }
        }
        if ((_enabledObjects & ~PF) == 0) return;
        RefreshLines();
        _collision = DrawObjects(_current.AsSpan(rowStart, Width), hpos, hpos + count, _lineWords, _color,
            _playfieldPriorityAndScore, _collision, Avx2.IsSupported);
    }

    /// <summary>Brings each object's line words up to date with its registers (see the keys above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RefreshLines()
    {
        int shape = (_nusiz0 & 7) * 2 + (_p0SkipFirst ? 1 : 0);
        int key = _currentGrp0 != 0 ? _posP0 | shape << 8 | _currentGrp0 << 12 : NoObject;
        if (key != _p0Key) RebuildLine(LineP0, key);

        shape = (_nusiz1 & 7) * 2 + (_p1SkipFirst ? 1 : 0);
        key = _currentGrp1 != 0 ? _posP1 | shape << 8 | _currentGrp1 << 12 : NoObject;
        if (key != _p1Key) RebuildLine(LineP1, key);

        // Cosmic Ark's stars: on some lines missile 0 is stretched (size bit 0 forced on) or not drawn at all.
        shape = (_nusiz0 & 7) * 4 + (((_nusiz0 & 0x30) >> 4) | (_m0Special == 1 ? 1 : 0));
        key = (_enabledObjects & M0) != 0 && _m0Special != 2 ? _posM0 | shape << 8 : NoObject;
        if (key != _m0Key) RebuildLine(LineM0, key);

        shape = (_nusiz1 & 7) * 4 + ((_nusiz1 & 0x30) >> 4);
        key = (_enabledObjects & M1) != 0 ? _posM1 | shape << 8 : NoObject;
        if (key != _m1Key) RebuildLine(LineM1, key);

        shape = (_ctrlpf & 0x30) >> 4;
        key = (_enabledObjects & BL) != 0 ? _posBL | shape << 8 : NoObject;
        if (key != _blKey) RebuildLine(LineBL, key);

        RefreshPlayfieldLine();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RefreshPlayfieldLine()
    {
        int key = (int)_pf | _pfReflect << 20;
        if (key != _pfKey) RebuildLine(LinePF, key);
    }

    /// <summary>
    /// Rebuilds line <paramref name="line"/> (LineP0..LinePF) from its new <paramref name="key"/>, which holds all it
    /// depends on. Kept out of line: the line built is a struct temporary, which the drawing path (run at every
    /// catch-up) would otherwise zero in its prologue each time.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RebuildLine(int line, int key)
    {
        Line160 pixels = default;
        switch (line)
        {
            case LineP0:
                _p0Key = key;
                if (key != NoObject) pixels = Line160.Player(key & 0xFF, (key >> 8) & 0xF, (byte)(key >> 12));
                break;
            case LineP1:
                _p1Key = key;
                if (key != NoObject) pixels = Line160.Player(key & 0xFF, (key >> 8) & 0xF, (byte)(key >> 12));
                break;
            case LineM0:
                _m0Key = key;
                if (key != NoObject) pixels = Line160.Missile(key & 0xFF, key >> 8);
                break;
            case LineM1:
                _m1Key = key;
                if (key != NoObject) pixels = Line160.Missile(key & 0xFF, key >> 8);
                break;
            case LineBL:
                _blKey = key;
                if (key != NoObject) pixels = Line160.Ball(key & 0xFF, key >> 8);
                break;
            default:
                _pfKey = key;
                pixels = Line160.Playfield((uint)key & 0xFFFFF, key >> 20);
                break;
        }
        _lineWords[line] = pixels.W0;
        _lineWords[LineStride + line] = pixels.W1;
        _lineWords[2 * LineStride + line] = pixels.W2;
    }

    /// <summary>
    /// Draws the movable objects over the pixels [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="row"/> (a whole 160-pixel line, indexed by pixel), which already show background and playfield
    /// (in the score colours if score mode is on). <paramref name="words"/> holds every object's and the playfield's
    /// pixels as laid out in _lineWords; <paramref name="prio"/> has the Score and Priority bits as
    /// <see cref="PriorityEncoder"/> takes them; <paramref name="colors"/> are BK, PF, P0, P1. Returns
    /// <paramref name="collision"/> with the latches the run's overlaps set. <paramref name="vector"/> picks 32-pixel
    /// AVX2 stores over one store per pixel; either writes only the run's object pixels (the vector one rewrites the
    /// rest of its 32-pixel blocks of the row with what they hold).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int DrawObjects(Span<byte> row, int start, int end, ReadOnlySpan<ulong> words, ReadOnlySpan<byte> colors, int prio, int collision, bool vector)
    {
        if (row.Length < Width || words.Length < LineWords || colors.Length < 4) ThrowBadDrawObjectsArgument();
        ThrowIfRunOutsideLine(start, end - start);
        if (start == end) return collision;
        vector &= Avx2.IsSupported;
        byte ballColor = colors[1], color0 = colors[2], color1 = colors[3];
        ushort[] collisionTable = Collision;
        // Unchecked below: k <= (end - 1) >> 6 <= 2 indexes words within 3 * LineStride; bits stored are pixels of the run (< 160 = row length).
        ref ulong w = ref MemoryMarshal.GetReference(words);
        ref byte r = ref MemoryMarshal.GetReference(row);
        for (int k = start >> 6, last = (end - 1) >> 6; k <= last; k++)
        {
            // The run's pixels within this word.
            int from = Math.Max(start - 64 * k, 0), to = Math.Min(end - 64 * k, 64);
            ulong run = (~0UL >> (64 - (to - from))) << from;
            ref ulong o = ref Unsafe.Add(ref w, k * LineStride);
            ulong p0 = Unsafe.Add(ref o, LineP0) & run, m0 = Unsafe.Add(ref o, LineM0) & run;
            ulong p1 = Unsafe.Add(ref o, LineP1) & run, m1 = Unsafe.Add(ref o, LineM1) & run;
            ulong bl = Unsafe.Add(ref o, LineBL) & run;
            ulong team0 = p0 | m0, team1 = p1 | m1;
            ulong any = team0 | team1 | bl;
            if (any == 0) continue;
            // The playfield matters only under an object: for collisions and for what an object's colour covers.
            ulong pf = Unsafe.Add(ref o, LinePF) & any;

            // Which pairs could still latch: the collision table of the objects present, less the latches already set.
            int present = NonZero(p0) * P0 | NonZero(m0) * M0 | NonZero(p1) * P1 | NonZero(m1) * M1
                | NonZero(bl) * BL | NonZero(pf) * PF;
            int candidates = collisionTable[present] & ~collision;
            if (candidates != 0) collision |= Collisions(candidates, p0, m0, p1, m1, bl, pf);

            // Each pixel's winner as three disjoint sets: the ball (PF colour), P0's, P1's; other pixels keep the playfield draw.
            ulong ball, show0, show1;
            if ((prio & Priority) != 0)
            {
                // Playfield and ball in front; score mode is ignored (the playfield was drawn in its own colour).
                ulong front = pf | bl;
                ball = bl;
                show0 = team0 & ~front;
                show1 = team1 & ~(front | team0);
            }
            else
            {
                show0 = team0;
                show1 = team1 & ~team0;
                // Score mode: the left half's playfield already shows P0's colour, and player 1 does not cover it.
                if ((prio & Score) != 0) show1 &= ~(pf & LeftHalfWord(k));
                // The ball is drawn behind the playfield, whose colour (or score colour) is already there.
                ball = bl & ~(pf | team0 | team1);
            }

            ref byte px = ref Unsafe.Add(ref r, 64 * k);
            if (vector)
            {
                StoreBlock(ref px, (uint)ball, ballColor, (uint)show0, color0, (uint)show1, color1);
                // The last word holds pixels 128-159 only.
                if (k < 2) StoreBlock(ref Unsafe.Add(ref px, 32), (uint)(ball >> 32), ballColor, (uint)(show0 >> 32), color0, (uint)(show1 >> 32), color1);
            }
            else
            {
                StorePixels(ref px, ball, ballColor);
                StorePixels(ref px, show0, color0);
                StorePixels(ref px, show1, color1);
            }
        }
        return collision;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadDrawObjectsArgument() =>
        throw new ArgumentException("The line drawing kernels need a 160-pixel row, all line words and 4 colours.");

    /// <summary>1 if <paramref name="bits"/> has a bit set, else 0, without a branch (the JIT compiles x != 0 ? a : b here as jumps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NonZero(ulong bits) => (int)((bits | (0 - bits)) >> 63);

    /// <summary>Pixels 0-79 (the left half, where score mode shows P0's colour) within word <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LeftHalfWord(int k) => k == 0 ? ~0UL : k == 1 ? 0xFFFFUL : 0;

    /// <summary>The latches among <paramref name="candidates"/> whose two objects share a pixel (bits as in <see cref="Collision"/>).</summary>
    private static int Collisions(int candidates, ulong p0, ulong m0, ulong p1, ulong m1, ulong bl, ulong pf)
    {
        int c = 0;
        if ((candidates & 0x0001) != 0 && (m0 & p1) != 0) c |= 0x0001;
        if ((candidates & 0x0002) != 0 && (m0 & p0) != 0) c |= 0x0002;
        if ((candidates & 0x0004) != 0 && (m1 & p0) != 0) c |= 0x0004;
        if ((candidates & 0x0008) != 0 && (m1 & p1) != 0) c |= 0x0008;
        if ((candidates & 0x0010) != 0 && (p0 & pf) != 0) c |= 0x0010;
        if ((candidates & 0x0020) != 0 && (p0 & bl) != 0) c |= 0x0020;
        if ((candidates & 0x0040) != 0 && (p1 & pf) != 0) c |= 0x0040;
        if ((candidates & 0x0080) != 0 && (p1 & bl) != 0) c |= 0x0080;
        if ((candidates & 0x0100) != 0 && (m0 & pf) != 0) c |= 0x0100;
        if ((candidates & 0x0200) != 0 && (m0 & bl) != 0) c |= 0x0200;
        if ((candidates & 0x0400) != 0 && (m1 & pf) != 0) c |= 0x0400;
        if ((candidates & 0x0800) != 0 && (m1 & bl) != 0) c |= 0x0800;
        if ((candidates & 0x1000) != 0 && (bl & pf) != 0) c |= 0x1000;
        if ((candidates & 0x2000) != 0 && (p0 & p1) != 0) c |= 0x2000;
        if ((candidates & 0x4000) != 0 && (m0 & m1) != 0) c |= 0x4000;
        return c;
    }

    /// <summary>Writes <paramref name="color"/> to pixel i of <paramref name="px"/> for each bit i set in <paramref name="bits"/>: one store per pixel, which suits objects a few pixels wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePixels(ref byte px, ulong bits, byte color)
    {
        for (; bits != 0; bits &= bits - 1)
            Unsafe.Add(ref px, BitOperations.TrailingZeroCount(bits)) = color;
    }

    /// <summary>
    /// The 32 pixels at <paramref name="px"/>: colour <paramref name="ca"/> where <paramref name="a"/> has a bit,
    /// <paramref name="cb"/> where <paramref name="b"/> has, <paramref name="cc"/> where <paramref name="c"/> has
    /// (disjoint sets), the rest as they are; one load and store of 32 bytes, skipped when no set has a bit here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBlock(ref byte px, uint a, byte ca, uint b, byte cb, uint c, byte cc)
    {
        if ((a | b | c) == 0) return;
        var v = Vector256.LoadUnsafe(ref px);
        if (a != 0) v = Vector256.ConditionalSelect(ExpandBits(a), Vector256.Create(ca), v);
        if (b != 0) v = Vector256.ConditionalSelect(ExpandBits(b), Vector256.Create(cb), v);
        if (c != 0) v = Vector256.ConditionalSelect(ExpandBits(c), Vector256.Create(cc), v);
        v.StoreUnsafe(ref px);
    }

    /// <summary>Byte j of the result is 0xFF where bit j of <paramref name="bits"/> is set, else 0 (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> ExpandBits(uint bits)
    {
        // Every 128-bit lane holds all four bytes after the broadcast, so an in-lane shuffle can give byte j the
        // source byte j / 8; then each byte keeps its own bit.
        var spread = Avx2.Shuffle(Vector256.Create(bits).AsByte(),
            Vector256.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
        var bit = Vector256.Create(0x8040201008040201UL).AsByte();
        return Vector256.Equals(spread & bit, bit);
    }

    /// <summary>
    /// Background and playfield for the pixels [<paramref name="hpos"/>, <paramref name="hpos"/> + dst.Length) of a
    /// line: <paramref name="pfLeft"/> where playfield <paramref name="pf"/> (20 bits, <paramref name="reflect"/> 0/1)
    /// is set on the left half, <paramref name="pfRight"/> on the right, <paramref name="bk"/> elsewhere. One block
    /// of 4 pixels (one playfield bit, aligned like the frame buffer's rows) per 32-bit store; branch-free per block,
    /// since a maze's bits are data and a branch on them mispredicts. The scalar twin of <see cref="DrawPlayfieldLine"/>.
    /// </summary>
    internal static void DrawPlayfieldScalar(Span<byte> dst, int hpos, uint pf, int reflect, byte bk, byte pfLeft, byte pfRight)
    {
        uint[] pfMask = PlayfieldMask[reflect];
        int n = dst.Length, i = 0, x = hpos;
        ThrowIfRunOutsideLine(hpos, n);
        for (; i < n && (x & 3) != 0; i++, x++)
            dst[i] = (pf & pfMask[x]) != 0 ? (x < 80 ? pfLeft : pfRight) : bk;
        // Unchecked: x + 3 < hpos + n <= 160 = pfMask.Length, i + 3 < n = dst.Length.
        ref byte d = ref MemoryMarshal.GetReference(dst);
        ref uint m = ref MemoryMarshal.GetArrayDataReference(pfMask);
        uint bk4 = bk * 0x01010101u;
        for (; i + 4 <= n; i += 4, x += 4)
        {
            uint fg4 = (x < 80 ? pfLeft : pfRight) * 0x01010101u;
            uint on = 0u - ((pf & Unsafe.Add(ref m, x)) != 0 ? 1u : 0u);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), bk4 ^ ((bk4 ^ fg4) & on));
        }
        for (; i < n; i++, x++)
            dst[i] = (pf & pfMask[x]) != 0 ? (x < 80 ? pfLeft : pfRight) : bk;
    }

    /// <summary>The drawing kernels index without bounds checks: their run must lie inside the 160-pixel line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfRunOutsideLine(int hpos, int count)
    {
        if ((uint)hpos > Width || (uint)count > (uint)(Width - hpos)) ThrowRunOutsideLine(hpos, count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRunOutsideLine(int hpos, int count) =>
        throw new ArgumentOutOfRangeException(nameof(hpos), $"Run [{hpos}, {hpos + count}) is not inside the line.");

    /// <summary>
    /// <see cref="DrawPlayfieldScalar"/> for the pixels [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="row"/> (a whole line, indexed by pixel), from the playfield's line mask in <paramref name="words"/>
    /// (laid out as _lineWords), with AVX2: per 32-pixel block of the line, the mask's bits expanded to a byte select
    /// between playfield and background colour; a block the run only partly covers keeps its other pixels. Short
    /// runs (catch-ups between mid-line writes) take one or two blocks instead of the scalar twin's pixel-by-pixel ends.
    /// </summary>
    internal static void DrawPlayfieldLine(Span<byte> row, int start, int end, ReadOnlySpan<ulong> words, byte bk, byte pfLeft, byte pfRight)
    {
        if (!Avx2.IsSupported) throw new PlatformNotSupportedException("DrawPlayfieldLine needs AVX2; use DrawPlayfieldScalar.");
        if (row.Length < Width || words.Length < LineWords) ThrowBadDrawObjectsArgument();
        ThrowIfRunOutsideLine(start, end - start);
        if (start == end) return;
        // Unchecked: blocks c <= (end - 1) >> 5 <= 4 lie inside the 160-byte row; their words inside words.
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref ulong w = ref MemoryMarshal.GetReference(words);
        var back = Vector256.Create(bk);
        var left = Vector256.Create(pfLeft);
        var right = Vector256.Create(pfRight);
        // Block 2 (pixels 64-95) straddles the halves at pixel 80, exactly where its two 16-byte lanes meet.
        var middle = Vector256.Create(Vector128.Create(pfLeft), Vector128.Create(pfRight));
        for (int c = start >> 5, last = (end - 1) >> 5; c <= last; c++)
        {
            int x0 = 32 * c;
            uint pfBits = (uint)(Unsafe.Add(ref w, (x0 >> 6) * LineStride + LinePF) >> (x0 & 32));
            var v = Vector256.ConditionalSelect(ExpandBits(pfBits), c < 2 ? left : c == 2 ? middle : right, back);
            int from = Math.Max(start - x0, 0), to = Math.Min(end - x0, 32);
            if (to - from < 32)
            {
                uint runBits = (uint)((~0UL >> (64 - (to - from))) << from);
                v = Vector256.ConditionalSelect(ExpandBits(runBits), v, Vector256.LoadUnsafe(ref r, (nuint)x0));
            }
            v.StoreUnsafe(ref r, (nuint)x0);
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    public void SaveState(BinaryWriter w)
    {
        w.Write(_current); w.Write(_previous); w.Write(_framePointer);
        w.Write(_clockWhenFrameStarted); w.Write(_clockStartDisplay); w.Write(_clockStopDisplay); w.Write(_clockAtLastUpdate);
        w.Write(_clocksToEndOfScanLine); w.Write(_vsyncFinishClock); w.Write(_lastHmoveClock);
        w.Write(_currentScanline); w.Write(_scanlineCountForLastFrame);
        w.Write(_enabledObjects); w.Write(_vsync); w.Write(_vblank); w.Write(_nusiz0); w.Write(_nusiz1); w.Write(_ctrlpf);
        w.Write(_playfieldPriorityAndScore); w.Write(_color); w.Write(_refp0); w.Write(_refp1); w.Write(_pf);
        w.Write(_grp0); w.Write(_grp1); w.Write(_dgrp0); w.Write(_dgrp1); w.Write(_currentGrp0); w.Write(_currentGrp1);
        w.Write(_enam0); w.Write(_enam1); w.Write(_enabl); w.Write(_denabl);
        w.Write(_hmp0); w.Write(_hmp1); w.Write(_hmm0); w.Write(_hmm1); w.Write(_hmbl);
        w.Write(_vdelp0); w.Write(_vdelp1); w.Write(_vdelbl); w.Write(_resmp0); w.Write(_resmp1);
        w.Write(_collision); w.Write(_posP0); w.Write(_posP1); w.Write(_posM0); w.Write(_posM1); w.Write(_posBL);
        w.Write(_p0SkipFirst); w.Write(_p1SkipFirst); w.Write(_m0Special); w.Write(_pfReflect); w.Write(_hmoveBlankEnabled);
        w.Write(_m0CosmicArkMotionEnabled); w.Write(_m0CosmicArkCounter); w.Write(_dumpEnabled); w.Write(_dumpDisabledCycle);
        w.Write(FrameComplete); w.Write(PartialFrame); w.Write(LeftFire); w.Write(RightFire); w.Write(AllowHmoveBlanks);
        w.Write(FrameCount); w.Write(_frameGreyed);
        foreach (int p in PotResistance) w.Write(p);
    }

    public void LoadState(BinaryReader r)
    {
        r.ReadBytes(_current.Length).CopyTo(_current, 0); r.ReadBytes(_previous.Length).CopyTo(_previous, 0); _framePointer = r.ReadInt32();
        _clockWhenFrameStarted = r.ReadInt64(); _clockStartDisplay = r.ReadInt64(); _clockStopDisplay = r.ReadInt64(); _clockAtLastUpdate = r.ReadInt64();
        _clocksToEndOfScanLine = r.ReadInt32(); _vsyncFinishClock = r.ReadInt64(); _lastHmoveClock = r.ReadInt64();
        _currentScanline = r.ReadInt32(); _scanlineCountForLastFrame = r.ReadInt32();
        _enabledObjects = r.ReadInt32(); _vsync = r.ReadByte(); _vblank = r.ReadByte(); _nusiz0 = r.ReadByte(); _nusiz1 = r.ReadByte(); _ctrlpf = r.ReadByte();
        _playfieldPriorityAndScore = r.ReadByte(); r.ReadBytes(4).CopyTo(_color, 0); _refp0 = r.ReadBoolean(); _refp1 = r.ReadBoolean(); _pf = r.ReadUInt32();
        _grp0 = r.ReadByte(); _grp1 = r.ReadByte(); _dgrp0 = r.ReadByte(); _dgrp1 = r.ReadByte(); _currentGrp0 = r.ReadByte(); _currentGrp1 = r.ReadByte();
        _enam0 = r.ReadBoolean(); _enam1 = r.ReadBoolean(); _enabl = r.ReadBoolean(); _denabl = r.ReadBoolean();
        _hmp0 = r.ReadInt32(); _hmp1 = r.ReadInt32(); _hmm0 = r.ReadInt32(); _hmm1 = r.ReadInt32(); _hmbl = r.ReadInt32();
        _vdelp0 = r.ReadBoolean(); _vdelp1 = r.ReadBoolean(); _vdelbl = r.ReadBoolean(); _resmp0 = r.ReadBoolean(); _resmp1 = r.ReadBoolean();
        _collision = r.ReadInt32(); _posP0 = r.ReadInt32(); _posP1 = r.ReadInt32(); _posM0 = r.ReadInt32(); _posM1 = r.ReadInt32(); _posBL = r.ReadInt32();
        _p0SkipFirst = r.ReadBoolean(); _p1SkipFirst = r.ReadBoolean(); _m0Special = r.ReadInt32(); _pfReflect = r.ReadInt32(); _hmoveBlankEnabled = r.ReadBoolean();
        _m0CosmicArkMotionEnabled = r.ReadBoolean(); _m0CosmicArkCounter = r.ReadInt32(); _dumpEnabled = r.ReadBoolean(); _dumpDisabledCycle = r.ReadInt64();
        FrameComplete = r.ReadBoolean(); PartialFrame = r.ReadBoolean(); LeftFire = r.ReadBoolean(); RightFire = r.ReadBoolean(); AllowHmoveBlanks = r.ReadBoolean();
        FrameCount = r.ReadInt64(); _frameGreyed = r.ReadBoolean();
        for (int i = 0; i < 4; i++) PotResistance[i] = r.ReadInt32();
    }
}
