using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>Chip behaviour seen through small hand-assembled programs: picture, collisions, WSYNC, RIOT timer.</summary>
public sealed class TiaRiotTests
{
    private const byte COLUPF = 0x1E, COLUBK = 0x00;

    private static AtariConsole RunFrames(byte[] setup, byte[] afterLines, int frames = 3)
    {
        var c = TinyRom.Console(TinyRom.FrameLoop(setup, afterLines));
        for (int i = 0; i < frames; i++) c.RunFrame();
        return c;
    }

    [Fact]
    public void Playfield_repeats_or_reflects_on_the_right_half()
    {
        byte[] setup = [0xA9, 0xF0, 0x85, 0x0D, 0xA9, COLUPF, 0x85, 0x08, 0xA9, COLUBK, 0x85, 0x09]; // PF0=$F0, colours
        var c = RunFrames(setup, []);
        var row = c.Screen.Slice(100 * 160, 160);
        for (int x = 0; x < 160; x++)
        {
            bool lit = x < 16 || (x >= 80 && x < 96);
            Assert.True(lit ? row[x] == COLUPF : row[x] == COLUBK, $"repeat: pixel {x} = {row[x]:X2}");
        }

        byte[] reflected = [.. setup, 0xA9, 0x01, 0x85, 0x0A]; // CTRLPF = reflect
        c = RunFrames(reflected, []);
        row = c.Screen.Slice(100 * 160, 160);
        for (int x = 0; x < 160; x++)
        {
            bool lit = x < 16 || x >= 144;
            Assert.True(lit ? row[x] == COLUPF : row[x] == COLUBK, $"reflect: pixel {x} = {row[x]:X2}");
        }
    }

    [Fact]
    public void Ball_over_playfield_latches_the_collision_until_CXCLR()
    {
        // Full playfield, ball enabled and positioned mid-line; after the lines store CXBLPF to $80,
        // then CXCLR and store CXBLPF again to $81.
        byte[] setup =
        [
            0xA9, 0xFF, 0x85, 0x0D, 0x85, 0x0E, 0x85, 0x0F,   // PF0-2 = $FF
            0xA9, 0x02, 0x85, 0x1F,                           // ENABL
            0x85, 0x02, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0xEA, 0x85, 0x14, // WSYNC, wait, RESBL
        ];
        byte[] after = [0xA5, 0x06, 0x85, 0x80, 0x85, 0x2C, 0xA5, 0x06, 0x85, 0x81]; // LDA CXBLPF STA $80 STA CXCLR LDA CXBLPF STA $81
        var c = RunFrames(setup, after);
        Assert.Equal(0x80, c.Ram[0] & 0xC0);
        Assert.Equal(0x00, c.Ram[1] & 0xC0);
    }

    [Fact]
    public void Without_overlap_no_collision_is_latched()
    {
        byte[] setup = [0xA9, 0x02, 0x85, 0x1F]; // ball on, empty playfield
        byte[] after = [0xA5, 0x06, 0x85, 0x80];
        var c = RunFrames(setup, after);
        Assert.Equal(0x00, c.Ram[0] & 0xC0);
    }

    [Fact]
    public void Wsync_stalls_the_cpu_to_the_start_of_the_next_line()
    {
        // NOP NOP NOP STA WSYNC NOP ...: the NOP after WSYNC must start at a multiple of 76 cycles.
        var c = TinyRom.Console(0xEA, 0xEA, 0xEA, 0x85, 0x02, 0xEA, 0xEA, 0x4C, 0x00, 0xF0);
        long afterWsync = -1;
        for (int i = 0; i < 6; i++)
        {
            c.StepInstruction(out int pc, out long before);
            if (pc == 0xF005) { afterWsync = before; break; }
        }
        Assert.Equal(76, afterWsync);
    }

    [Theory]
    [InlineData(0x94, 1, 250)]   // TIM1T
    [InlineData(0x95, 8, 100)]   // TIM8T
    [InlineData(0x96, 64, 20)]   // TIM64T
    public void Riot_timer_counts_down_at_its_interval(int register, int interval, int start)
    {
        // LDA #start; STA TIMxT; then NOPs; LDA INTIM ($284); STA $80
        var program = new List<byte> { 0xA9, (byte)start, 0x8D, (byte)register, 0x02 };
        for (int i = 0; i < 100; i++) program.Add(0xEA);
        program.AddRange([0xAD, 0x84, 0x02, 0x85, 0x80, 0x02]); // LDA INTIM; STA $80; JAM
        var c = TinyRom.Console([.. program]);
        long setAt = -1, readAt = -1;
        for (int i = 0; i < 120 && !c.CpuJammed; i++)
        {
            c.StepInstruction(out int pc, out _);
            if (pc == 0xF002) setAt = c.FrameCycles;          // the write happens at the end of STA's cycles
            if (pc == 0xF000 + 5 + 100) readAt = c.FrameCycles; // so does the read
        }
        // The timer reads start-1 during the first interval after the write and drops by one per interval.
        long expected = start - 1 - (readAt - 1 - setAt) / interval;
        Assert.Equal((byte)expected, c.Ram[0]);
        Assert.True((byte)(start - 1) != c.Ram[0], $"set at {setAt}, read at {readAt}, value {c.Ram[0]}");
    }

    [Fact]
    public void Expired_timer_sets_timint_and_keeps_counting_down_every_cycle()
    {
        // LDA #2; STA TIM1T; NOP x20; LDA TIMINT ($285) STA $80; LDA INTIM STA $81; LDA INTIM STA $82; JAM
        var program = new List<byte> { 0xA9, 0x02, 0x8D, 0x94, 0x02 };
        for (int i = 0; i < 20; i++) program.Add(0xEA);
        program.AddRange([0xAD, 0x85, 0x02, 0x85, 0x80, 0xAD, 0x84, 0x02, 0x85, 0x81, 0xAD, 0x84, 0x02, 0x85, 0x82, 0x02]);
        var c = TinyRom.Console([.. program]);
        c.RunFrame();
        Assert.Equal(0x80, c.Ram[0]);
        // Seven cycles (LDA abs + STA zp) between the two INTIM reads: the counter wrapped below zero and drops 1 per cycle.
        Assert.Equal(7, (byte)(c.Ram[1] - c.Ram[2]));
    }

    [Fact]
    public void Joystick_and_switches_reach_swcha_swchb_and_inpt4()
    {
        // LDA SWCHA STA $80; LDA SWCHB STA $81; LDA INPT4 STA $82; JAM
        var c = TinyRom.Console(0xAD, 0x80, 0x02, 0x85, 0x80, 0xAD, 0x82, 0x02, 0x85, 0x81, 0xA5, 0x0C, 0x85, 0x82, 0x02);
        c.SetJoystick(0, up: true, down: false, left: false, right: true, fire: true);
        c.ResetSwitch = true;
        c.RunFrame();
        Assert.Equal(0b0110_1111, c.Ram[0]);          // left stick: up (bit 4) and right (bit 7) pulled low
        Assert.Equal(0, c.Ram[1] & Riot.SwitchReset);
        Assert.Equal(Riot.SwitchSelect, c.Ram[1] & Riot.SwitchSelect);
        Assert.Equal(0, c.Ram[2] & 0x80);              // fire pressed reads 0 in bit 7
    }
}
