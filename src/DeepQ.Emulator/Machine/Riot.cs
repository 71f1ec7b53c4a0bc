namespace DeepQ.Emulator.Machine;

/// <summary>
/// The MOS 6532 RIOT as Stella 2.x (and so ALE) models it: 128 bytes of RAM, the interval timer
/// (TIM1T/TIM8T/TIM64T/T1024T, INTIM, TIMINT), port A (SWCHA, joystick directions, active low) and
/// port B (SWCHB, console switches, active low). Times are in CPU cycles of the machine's frame-relative
/// system clock, which the console rebases at every frame start (<see cref="OnCyclesRebased"/>).
/// </summary>
public sealed class Riot
{
    /// <summary>Register offsets (address & 7 for reads) from the 6532 data sheet / Stella.</summary>
    public const int SWCHA = 0x00, SWACNT = 0x01, SWCHB = 0x02, SWBCNT = 0x03, INTIM = 0x04, TIMINT = 0x05;

    /// <summary>SWCHB bits: reset and select (0 = pressed), colour (1 = colour), difficulties (1 = A / pro).</summary>
    public const byte SwitchReset = 0x01, SwitchSelect = 0x02, SwitchColor = 0x08, SwitchLeftDifficulty = 0x40, SwitchRightDifficulty = 0x80;

    private readonly byte[] _ram = new byte[128];
    private uint _timer;
    private int _intervalShift;
    private long _cyclesWhenTimerSet;
    private long _cyclesWhenInterruptReset;
    private bool _timerReadAfterInterrupt;
    private byte _ddra, _ddrb;

    /// <summary>The 128 bytes of RAM ($80-$FF).</summary>
    public Span<byte> Ram => _ram;

    internal byte[] RamArray => _ram;

    /// <summary>Port A input pins (joysticks; bit clear = direction pressed). Left stick: bits 4-7 (up, down, left, right); right stick: bits 0-3.</summary>
    public byte PortA = 0xFF;

    /// <summary>Port B input pins (console switches). Stella's default with both difficulties B and colour TV is $3F.</summary>
    public byte PortB = 0x3F;

    /// <summary>Power-on contents: RAM and the timer start random in Stella; <paramref name="random"/> supplies those bytes.</summary>
    public void PowerOn(Func<uint> random)
    {
        for (int i = 0; i < 128; i++) _ram[i] = (byte)random();
        Reset(random);
    }

    /// <summary>Stella's RIOT reset: a random timer value 25..99 at divide-by-64, data direction registers cleared.</summary>
    public void Reset(Func<uint> random)
    {
        _timer = 25 + random() % 75;
        _intervalShift = 6;
        _cyclesWhenTimerSet = 0;
        _cyclesWhenInterruptReset = 0;
        _timerReadAfterInterrupt = false;
        _ddra = 0;
        _ddrb = 0;
    }

    /// <summary>The machine set its cycle counter back by <paramref name="cycles"/>: keep remembered times relative.</summary>
    public void OnCyclesRebased(long cycles)
    {
        _cyclesWhenTimerSet -= cycles;
        _cyclesWhenInterruptReset -= cycles;
    }

    /// <summary>A read of a RIOT register (not RAM) at system cycle <paramref name="cycles"/>.</summary>
    public byte Peek(int address, long cycles)
    {
        switch (address & 0x07)
        {
            case SWCHA: return PortA;
            case SWACNT: return _ddra;
            case SWCHB: return PortB;
            case SWBCNT: return _ddrb;
            case INTIM:
            case 0x06:
            {
                // The timer was loaded at _cyclesWhenTimerSet; the read samples one cycle before the end of the instruction.
                long delta = cycles - 1 - _cyclesWhenTimerSet;
                int timer = (int)_timer - (int)(delta >> _intervalShift) - 1;
                if (timer >= 0) return (byte)timer;

                // Expired: the counter now decrements once per cycle from $FF.
                timer = (int)(_timer << _intervalShift) - (int)delta - 1;
                if (timer <= -2 && !_timerReadAfterInterrupt)
                {
                    _timerReadAfterInterrupt = true;
                    _cyclesWhenInterruptReset = cycles;
                }
                if (_timerReadAfterInterrupt)
                {
                    long offset = _cyclesWhenInterruptReset - (_cyclesWhenTimerSet + (_timer << _intervalShift));
                    timer = (int)_timer - (int)(delta >> _intervalShift) - (int)offset;
                }
                return (byte)timer;
            }
            default: // TIMINT ($05/$07)
            {
                long delta = cycles - 1 - _cyclesWhenTimerSet;
                int timer = (int)_timer - (int)(delta >> _intervalShift) - 1;
                return (timer >= 0 || _timerReadAfterInterrupt) ? (byte)0x00 : (byte)0x80;
            }
        }
    }

    /// <summary>A write to a RIOT register (not RAM) at system cycle <paramref name="cycles"/>.</summary>
    public void Poke(int address, byte value, long cycles)
    {
        switch (address & 0x07)
        {
            case SWCHA: return;               // outputs drive nothing a joystick reads
            case SWACNT: _ddra = value; return;
            case SWCHB: return;
            case SWBCNT: return;              // Stella ignores writes to the port B direction register
        }
        switch (address & 0x17)
        {
            case 0x14: SetTimer(value, 0, cycles); break;   // TIM1T
            case 0x15: SetTimer(value, 3, cycles); break;   // TIM8T
            case 0x16: SetTimer(value, 6, cycles); break;   // TIM64T
            case 0x17: SetTimer(value, 10, cycles); break;  // T1024T
            default: break;                                  // edge-detect control: no interrupts on the 2600
        }
    }

    private void SetTimer(byte value, int shift, long cycles)
    {
        _timer = value;
        _intervalShift = shift;
        _cyclesWhenTimerSet = cycles;
        _timerReadAfterInterrupt = false;
    }

    public void SaveState(BinaryWriter w)
    {
        w.Write(_ram);
        w.Write(_timer); w.Write(_intervalShift); w.Write(_cyclesWhenTimerSet); w.Write(_cyclesWhenInterruptReset);
        w.Write(_timerReadAfterInterrupt); w.Write(_ddra); w.Write(_ddrb); w.Write(PortA); w.Write(PortB);
    }

    public void LoadState(BinaryReader r)
    {
        r.ReadBytes(128).CopyTo(_ram, 0);
        _timer = r.ReadUInt32(); _intervalShift = r.ReadInt32(); _cyclesWhenTimerSet = r.ReadInt64(); _cyclesWhenInterruptReset = r.ReadInt64();
        _timerReadAfterInterrupt = r.ReadBoolean(); _ddra = r.ReadByte(); _ddrb = r.ReadByte(); PortA = r.ReadByte(); PortB = r.ReadByte();
    }
}
