using DeepQ.Emulator.Roms;
using DeepQ.Emulator.Traces;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Traces;

public class TraceReplayTests
{
    // Every record of every shared ALE trace: RAM, screen, reward, game over, lives, both frame counters.
    [SharedTheory]
    [InlineData("pong_fs1_seed0.trace.gz")]
    [InlineData("pong_fs4_seed1.trace.gz")]
    [InlineData("breakout_fs1_seed0.trace.gz")]
    [InlineData("freeway_fs1_seed0.trace.gz")]
    [InlineData("pong_fs4_sticky_seed0.trace.gz")]
    [InlineData("games/berzerk_fs4_seed0.trace.gz")]
    [InlineData("games/kaboom_fs4_seed0.trace.gz")]
    [InlineData("games/krull_fs4_seed0.trace.gz")]
    [InlineData("games/name_this_game_fs4_seed0.trace.gz")]
    public void SharedTraceReplaysExactly(string file) => AssertReplays(file);

    private static void AssertReplays(string file)
    {
        var result = TraceVerifier.Verify(Path.Combine(SharedData.TracesDir, file), new RomLibrary(SharedData.RomsDir));
        Assert.True(result.Frames > 1000, $"only {result.Frames} records");
        Assert.True(result.Passed,
            $"{file}: frames={result.Frames} mismatches={result.Mismatches}; first: record {result.FirstMismatch?.Record} {result.FirstMismatch?.Field} expected {result.FirstMismatch?.Expected} got {result.FirstMismatch?.Got}");
    }
}
