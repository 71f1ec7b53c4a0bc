using System.Diagnostics;
using System.Runtime;
using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;

namespace DeepQ.Cli.Benchmarks;

/// <summary>
/// What <see cref="EmulatorBenchmark.Run"/> measured: emulated frames, wall time, frames per second, how many blocks of
/// ROM code the CPU ran compiled, and how much of the wall time the JIT took (compiling those blocks, and the rest of the
/// code on its way to its fastest tier); and the same for the warm-up run before it, whose time is not in
/// <see cref="Seconds"/>.
/// </summary>
public sealed record EmulatorBenchmarkResult(string Game, long Frames, double Seconds, int Resets, int CompiledBlocks, double JitSeconds,
    long WarmupFrames = 0, double WarmupSeconds = 0, double WarmupJitSeconds = 0)
{
    /// <summary>Emulated frames per wall-clock second (reset frames not counted).</summary>
    public double FramesPerSecond => Seconds > 0 ? Frames / Seconds : 0;

    /// <summary>Frames per second of the warm-up run (0 without one): what a fresh process gets while the JIT works.</summary>
    public double WarmupFramesPerSecond => WarmupSeconds > 0 ? WarmupFrames / WarmupSeconds : 0;
}

/// <summary>
/// The emulator speed benchmark behind <c>deepq bench emulator</c>: one <see cref="AleInterface"/>
/// on the calling thread, frame skip 1, ALE's default sticky actions, uniformly random actions from
/// the game's minimal set (seeded), <see cref="AleInterface.ResetGame"/> on game over. Only frames
/// emulated by <c>Act</c> are counted; the time includes resets. No console output.
/// An optional warm-up runs first, timed apart, as BenchmarkDotNet warms up before it measures: a fresh .NET process
/// spends its first seconds compiling (the ROM's blocks, and the runtime's tiered compilation bringing the emulator's
/// hot methods to their profile-guided tier), a fixed cost of about a second that a training run of millions of
/// frames never notices but a run of 200,000 frames does; without a warm-up the figure mixes the two.
/// </summary>
public static class EmulatorBenchmark
{
    /// <summary>
    /// Runs <paramref name="warmupFrames"/> frames of <paramref name="rom"/>, then <paramref name="frames"/> more, timing each
    /// run; <paramref name="seed"/> drives the actions and ALE's seed (one stream across both runs);
    /// <paramref name="blockThreshold"/> is <see cref="AleSettings.BlockThreshold"/> (0: the CPU only interprets).
    /// </summary>
    public static EmulatorBenchmarkResult Run(RomImage rom, long frames, int seed = 0, int blockThreshold = AtariConsole.DefaultBlockThreshold, long warmupFrames = 0)
    {
        ArgumentNullException.ThrowIfNull(rom);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupFrames);
        var ale = new AleInterface(rom, new AleSettings { FrameSkip = 1, RandomSeed = seed, BlockThreshold = blockThreshold });
        var actions = ale.MinimalActions;
        var random = new Random(seed);
        var (warmupSeconds, warmupJit, _) = Play(ale, actions, random, warmupFrames);
        var (seconds, jit, resets) = Play(ale, actions, random, frames);
        return new EmulatorBenchmarkResult(ale.Game.Name, frames, seconds, resets, ale.Console.CompiledBlocks, jit,
            warmupFrames, warmupSeconds, warmupJit);
    }

    /// <summary>Plays <paramref name="frames"/> random frames; returns the wall time, the JIT's share of it, and the resets.</summary>
    private static (double Seconds, double JitSeconds, int Resets) Play(AleInterface ale, IReadOnlyList<AleAction> actions, Random random, long frames)
    {
        int resets = 0;
        TimeSpan jitBefore = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        for (long f = 0; f < frames; f++)
        {
            ale.Act(actions[random.Next(actions.Count)]);
            if (ale.GameOver) { ale.ResetGame(); resets++; }
        }
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, (JitInfo.GetCompilationTime() - jitBefore).TotalSeconds, resets);
    }

    /// <summary>Resolves <paramref name="game"/> (name or path) through <paramref name="roms"/> and runs <see cref="Run(RomImage, long, int)"/>.</summary>
    public static EmulatorBenchmarkResult Run(string game, RomLibrary roms, long frames, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(roms);
        return Run(roms.Resolve(game), frames, seed);
    }
}
