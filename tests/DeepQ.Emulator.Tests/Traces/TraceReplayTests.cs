using DeepQ.Emulator.Roms;
using DeepQ.Emulator.Traces;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Traces;

public class TraceReplayTests
{
    /// <summary>Traces that do not replay yet, with the reason; the test below fails when one of them starts to pass.</summary>
    private static readonly IReadOnlyDictionary<string, string> Pending = new Dictionary<string, string>();

    /// <summary>Every *.trace.gz under ../shared/ale-traces and its games/ folder, as paths relative to the traces folder.</summary>
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        if (SharedData.Root is null) { data.Add("(shared data missing)"); return data; }
        foreach (var dir in new[] { "", "games" })
        {
            var full = Path.Combine(SharedData.TracesDir, dir);
            if (!Directory.Exists(full)) continue;
            foreach (var f in Directory.GetFiles(full, "*.trace.gz").Order(StringComparer.Ordinal))
                data.Add(dir.Length == 0 ? Path.GetFileName(f) : $"{dir}/{Path.GetFileName(f)}");
        }
        return data;
    }

    // Every record of every shared ALE trace: RAM, screen, reward, game over, lives, both frame counters.
    [SharedTheory]
    [MemberData(nameof(Traces))]
    public void SharedTraceReplaysExactly(string file)
    {
        if (Pending.TryGetValue(file, out var reason))
        {
            bool passes;
            try { passes = Verify(file).Passed; }
            catch (RomException) { passes = false; }
            Assert.False(passes, $"{file} replays exactly now; remove it from Pending ({reason}).");
            return;
        }
        var result = Verify(file);
        Assert.True(result.Frames > 1000, $"only {result.Frames} records");
        Assert.True(result.Passed,
            $"{file}: frames={result.Frames} mismatches={result.Mismatches}; first: record {result.FirstMismatch?.Record} {result.FirstMismatch?.Field} expected {result.FirstMismatch?.Expected} got {result.FirstMismatch?.Got}");
    }

    // The same with the CPU only interpreting (the fallback wherever compiled code does not run) ...
    [SharedTheory]
    [MemberData(nameof(Traces))]
    public void SharedTraceReplaysExactlyInterpreted(string file) => AssertReplays(file, blockThreshold: 0);

    /// <summary>Traces of 2K, 4K, F8, F8SC, F6, E0 and FE games, PAL and sticky ones among them.</summary>
    public static TheoryData<string> SchemeTraces() =>
    [
        "pong_fs1_seed0.trace.gz", "breakout_fs1_seed0.trace.gz", "freeway_fs1_seed0.trace.gz", "pong_fs4_sticky_seed0.trace.gz",
        "games/asteroids_fs4_seed0.trace.gz", "games/elevator_action_fs4_seed0.trace.gz", "games/solaris_fs4_seed0.trace.gz",
        "games/hero_fs4_seed0.trace.gz", "games/tutankham_fs4_seed0.trace.gz", "games/robotank_fs4_seed0.trace.gz",
        "games/crazy_climber_fs4_seed0.trace.gz", "games/time_pilot_fs4_seed0.trace.gz",
    ];

    // ... and compiling every address on its first visit, so cold code and rarely taken paths run compiled too (on a
    // dozen games of every scheme: compiling everything costs the JIT a few seconds per game).
    [SharedTheory]
    [MemberData(nameof(SchemeTraces))]
    public void SharedTraceReplaysExactlyAllCompiled(string file) => AssertReplays(file, blockThreshold: 1);

    private static void AssertReplays(string file, int blockThreshold)
    {
        if (Pending.ContainsKey(file)) return;
        var result = TraceVerifier.Verify(Path.Combine(SharedData.TracesDir, file), new RomLibrary(SharedData.RomsDir), blockThreshold: blockThreshold);
        Assert.True(result.Passed,
            $"{file} (block threshold {blockThreshold}): frames={result.Frames} mismatches={result.Mismatches}; first: record {result.FirstMismatch?.Record} {result.FirstMismatch?.Field} expected {result.FirstMismatch?.Expected} got {result.FirstMismatch?.Got}");
    }

    [SharedFact]
    public void EveryBenchmarkTraceIsFound()
    {
        // The 5 top-level traces plus 49 games: a moved folder must not silently shrink the replay test.
        Assert.Equal(54, Traces().Count);
    }

    private static TraceResult Verify(string file) =>
        TraceVerifier.Verify(Path.Combine(SharedData.TracesDir, file), new RomLibrary(SharedData.RomsDir));
}
