using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;
using Xunit;

namespace DeepQ.Emulator.Tests.Cpu;

/// <summary>
/// Pins the timer-wait loop that <see cref="DeepQ.Emulator.Cpu.M6502{TBus}.Execute"/> runs without fetching
/// (<c>loop: LDA/LDX/LDY INTIM; Bxx loop</c>): every register, flag, cycle, instruction count and the data bus must be
/// what single-stepping the same two instructions gives, wherever the instruction budget cuts the loop.
/// </summary>
public class TimerWaitLoopTests
{
    // TIM1T/TIM8T/TIM64T and INTIM as the RIOT decodes them; $0286 is an INTIM mirror.
    private const byte Tim1T = 0x94, Tim8T = 0x95, Tim64T = 0x96;

    /// <summary>
    /// At <paramref name="loopAt"/> (offset in the 4K image): <c>load INTIM-address; branch -5</c>; before it the timer
    /// is set (value, register) and after it the program counts passes in RAM $80 and starts over.
    /// </summary>
    private static AtariConsole Program(byte timerValue, byte timerRegister, byte load, byte intimLow, byte branch, int loopAt)
    {
        var image = new byte[4096];
        byte[] start = [0xA9, timerValue, 0x8D, timerRegister, 0x02, 0x4C, (byte)loopAt, (byte)(0xF0 | loopAt >> 8)]; // LDA #v; STA TIMxT; JMP loop
        start.CopyTo(image, 0);
        byte[] loop = [load, intimLow, 0x02, branch, 0xFB, 0xE6, 0x80, 0x4C, 0x00, 0xF0]; // load INTIM; Bxx loop; INC $80; JMP start
        loop.CopyTo(image, loopAt);
        image[0xFFC] = 0x00; image[0xFFD] = 0xF0;
        return new AtariConsole(new Cartridge4K(image));
    }

    public static TheoryData<byte, byte, byte, byte, byte, int> Loops() => new()
    {
        { 20, Tim8T, 0xAD, 0x84, 0xD0, 0x100 },   // LDA INTIM; BNE (the common wait)
        { 3, Tim64T, 0xAE, 0x84, 0x10, 0x100 },   // LDX INTIM; BPL: runs past expiry, into the free-running count
        { 5, Tim1T, 0xAC, 0x86, 0x30, 0x100 },    // LDY mirror; BMI: waits while the expired count reads negative
        { 2, Tim64T, 0xAD, 0x84, 0xF0, 0x100 },   // BEQ: waits while the timer reads 0
        { 10, Tim8T, 0xAD, 0x84, 0xD0, 0x0FC },   // branch from $F101 back to $F0FC: the taken branch crosses a page
    };

    [Theory]
    [MemberData(nameof(Loops))]
    public void Matches_single_stepping_at_every_budget(byte timerValue, byte timerRegister, byte load, byte intimLow, byte branch, int loopAt)
    {
        var run = Program(timerValue, timerRegister, load, intimLow, branch, loopAt);
        var step = Program(timerValue, timerRegister, load, intimLow, branch, loopAt);
        var rng = new Random(7);
        for (int chunk = 0; chunk < 400; chunk++)
        {
            int budget = chunk % 5 == 0 ? rng.Next(50, 3000) : rng.Next(1, 12);
            int ran = run.Cpu.Execute(budget);
            Assert.Equal(budget, ran);   // nothing here stops the CPU early
            for (int i = 0; i < ran; i++) step.Cpu.Step();
            Assert.Equal(step.Cpu.PC, run.Cpu.PC);
            Assert.Equal(step.Cpu.A, run.Cpu.A);
            Assert.Equal(step.Cpu.X, run.Cpu.X);
            Assert.Equal(step.Cpu.Y, run.Cpu.Y);
            Assert.Equal(step.Cpu.P, run.Cpu.P);
            Assert.Equal(step.Cpu.Cycles, run.Cpu.Cycles);
            Assert.Equal(step.Cpu.Bus.DataBus, run.Cpu.Bus.DataBus);
            Assert.Equal(step.Ram.ToArray(), run.Ram.ToArray());
        }
        Assert.True(run.Ram[0] >= 3, $"the program should have left the wait loop several times (passes: {run.Ram[0]})");
    }
}
