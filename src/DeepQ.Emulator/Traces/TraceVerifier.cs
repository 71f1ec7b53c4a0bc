using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;

namespace DeepQ.Emulator.Traces;

/// <summary>The first difference found: record index (0-based, in file order), field, and both values as text.</summary>
public sealed record TraceMismatch(int Record, string Field, string Expected, string Got);

/// <summary>Outcome of replaying one trace: records compared, records that differed, the first difference.</summary>
public sealed record TraceResult(string File, int Frames, int Mismatches, TraceMismatch? FirstMismatch)
{
    /// <summary>True when every record matched.</summary>
    public bool Passed => Mismatches == 0;
}

/// <summary>
/// Replays an ALE trace (<see cref="TraceReader"/> format) on <see cref="AleInterface"/> and
/// compares every record: RAM, screen, reward, game over, lives and both frame counters. The
/// ROM named in the header is taken from a <see cref="RomLibrary"/>. Used by
/// <c>deepq verify-trace</c>, which prints <c>frames=N mismatches=M</c> per file.
/// </summary>
public static class TraceVerifier
{
    /// <summary>Field names accepted by <c>--fields</c>.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = ["ram", "screen", "reward", "game_over", "lives", "episode_frame", "frame"];

    /// <summary>
    /// Replays <paramref name="traceFile"/> and compares the named <paramref name="fields"/> (all when
    /// null), with the CPU compiling ROM code after <paramref name="blockThreshold"/> visits (0: never). Trace and ROM problems are <see cref="TraceException"/>/<see cref="RomException"/>;
    /// differences are reported in the result, never thrown.
    /// </summary>
    public static TraceResult Verify(string traceFile, RomLibrary roms, IReadOnlySet<string>? fields = null, int blockThreshold = AtariConsole.DefaultBlockThreshold)
    {
        ArgumentNullException.ThrowIfNull(roms);
        var check = ParseFields(fields);
        TraceReader reader;
        try { reader = new TraceReader(traceFile); }
        catch (FileNotFoundException) { throw new TraceException($"Trace file '{traceFile}' does not exist; give the path of a .trace.gz file."); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        { throw new TraceException($"Cannot read trace '{traceFile}': {e.Message}", e); }

        using (reader)
        {
            var h = reader.Header;
            var rom = roms.ResolveFileName(h.Rom);
            var ale = new AleInterface(rom, new AleSettings
            {
                FrameSkip = h.FrameSkip,
                RepeatActionProbability = h.RepeatActionProbability,
                RandomSeed = h.AleRandomSeed,
                BlockThreshold = blockThreshold,
            });
            if (h.ScreenHeight != ale.ScreenHeight || h.ScreenWidth != AleInterface.ScreenWidth)
                throw new TraceException($"Trace '{traceFile}' has a {h.ScreenWidth}x{h.ScreenHeight} screen, but ALE shows {h.Rom} as {AleInterface.ScreenWidth}x{ale.ScreenHeight}; the trace was recorded from another image of the game or is damaged.");

            int records = 0, mismatches = 0;
            TraceMismatch? first = null;
            try
            {
                while (reader.Read(out var rec))
                {
                    int reward = 0;
                    if (rec.IsReset) { if (records > 0) ale.ResetGame(); }
                    else
                    {
                        if ((uint)rec.Action >= AleActions.Count)
                            throw new TraceException($"Trace '{traceFile}' record {records} has action {rec.Action}; ALE actions are 0..17.");
                        reward = ale.Act((AleAction)rec.Action);
                    }
                    var m = Compare(rec, ale, reward, check, records);
                    if (m is not null) { mismatches++; first ??= m; }
                    records++;
                }
            }
            catch (InvalidDataException e) { throw new TraceException($"Cannot read trace '{traceFile}': {e.Message}", e); }
            return new TraceResult(traceFile, records, mismatches, first);
        }
    }

    private static TraceMismatch? Compare(in TraceRecord rec, AleInterface ale, int reward, Fields f, int index)
    {
        if (f.Reward && rec.Reward != reward) return new(index, "reward", rec.Reward.ToString(), reward.ToString());
        if (f.GameOver && rec.GameOver != ale.GameOver) return new(index, "game_over", rec.GameOver.ToString(), ale.GameOver.ToString());
        if (f.Lives && rec.Lives != ale.Lives) return new(index, "lives", rec.Lives.ToString(), ale.Lives.ToString());
        if (f.EpisodeFrame && rec.EpisodeFrameNumber != ale.EpisodeFrameNumber)
            return new(index, "episode_frame", rec.EpisodeFrameNumber.ToString(), ale.EpisodeFrameNumber.ToString());
        if (f.Frame && rec.FrameNumber != ale.FrameNumber) return new(index, "frame", rec.FrameNumber.ToString(), ale.FrameNumber.ToString());
        if (f.Ram)
        {
            int i = rec.Ram.CommonPrefixLength(ale.Ram);
            if (i < rec.Ram.Length) return new(index, $"ram[${0x80 + i:X2}]", $"0x{rec.Ram[i]:X2}", $"0x{ale.Ram[i]:X2}");
        }
        if (f.Screen)
        {
            int i = rec.Screen.CommonPrefixLength(ale.Screen);
            if (i < rec.Screen.Length)
            {
                int diff = 0;
                for (int k = i; k < rec.Screen.Length; k++) if (rec.Screen[k] != ale.Screen[k]) diff++;
                return new(index, $"screen[row {i / AleInterface.ScreenWidth}, col {i % AleInterface.ScreenWidth}] ({diff} pixels differ)",
                    rec.Screen[i].ToString(), ale.Screen[i].ToString());
            }
        }
        return null;
    }

    private readonly record struct Fields(bool Ram, bool Screen, bool Reward, bool GameOver, bool Lives, bool EpisodeFrame, bool Frame);

    private static Fields ParseFields(IReadOnlySet<string>? fields)
    {
        if (fields is null || fields.Count == 0) return new(true, true, true, true, true, true, true);
        foreach (var name in fields)
            if (!FieldNames.Contains(name))
                throw new TraceException($"Unknown trace field '{name}'; use a comma-separated list of {string.Join(", ", FieldNames)}.");
        return new(fields.Contains("ram"), fields.Contains("screen"), fields.Contains("reward"), fields.Contains("game_over"),
            fields.Contains("lives"), fields.Contains("episode_frame"), fields.Contains("frame"));
    }
}
