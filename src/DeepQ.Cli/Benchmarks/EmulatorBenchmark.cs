using System.Diagnostics;
using System.Runtime;
using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;

namespace DeepQ.Cli.Benchmarks;

/// <summary>
/// What <see cref="EmulatorBenchmark.Run"/> measured: emulated frames, wall time, frames per second, how many blocks of
/// ROM code the CPU ran compiled, and how much of the wall time the JIT took (compiling those blocks, and the rest of the
/// code on its way to its fastest tier).
/// </summary>
public sealed record EmulatorBenchmarkResult(string Game, long Frames, double Seconds, int Resets, int CompiledBlocks, double JitSeconds)
{
    /// <summary>Emulated frames per wall-clock second (reset frames not counted).</summary>
    public double FramesPerSecond => Seconds > 0 ? Frames / Seconds : 0;
}

/// <summary>
/// The emulator speed benchmark behind <c>deepq bench emulator</c>: one <see cref="AleInterface"/>
/// on the calling thread, frame skip 1, ALE's default sticky actions, uniformly random actions from
/// the game's minimal set (seeded), <see cref="AleInterface.ResetGame"/> on game over. Only frames
/// emulated by <c>Act</c> are counted; the time includes resets. No console output.
/// </summary>
public static class EmulatorBenchmark
{
    /// <summary>
    /// Runs <paramref name="frames"/> frames of <paramref name="rom"/>; <paramref name="seed"/> drives the actions and ALE's
    /// seed; <paramref name="blockThreshold"/> is <see cref="AleSettings.BlockThreshold"/> (0: the CPU only interprets).
    /// </summary>
    public static EmulatorBenchmarkResult Run(RomImage rom, long frames, int seed = 0, int blockThreshold = AtariConsole.DefaultBlockThreshold)
    {
        ArgumentNullException.ThrowIfNull(rom);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        var ale = new AleInterface(rom, new AleSettings { FrameSkip = 1, RandomSeed = seed, BlockThreshold = blockThreshold });
        var actions = ale.MinimalActions;
        var random = new Random(seed);
        int resets = 0;
        TimeSpan jitBefore = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        for (long f = 0; f < frames; f++)
        {
            ale.Act(actions[random.Next(actions.Count)]);
            if (ale.GameOver) { ale.ResetGame(); resets++; }
        }
        clock.Stop();
        double jit = (JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
        return new EmulatorBenchmarkResult(ale.Game.Name, frames, clock.Elapsed.TotalSeconds, resets, ale.Console.CompiledBlocks, jit);
    }

    /// <summary>Resolves <paramref name="game"/> (name or path) through <paramref name="roms"/> and runs <see cref="Run(RomImage, long, int)"/>.</summary>
    public static EmulatorBenchmarkResult Run(string game, RomLibrary roms, long frames, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(roms);
        return Run(roms.Resolve(game), frames, seed);
    }
}
