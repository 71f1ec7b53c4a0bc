using System.CommandLine;
using System.Text.Json.Nodes;
using DeepQ.Emulator.Roms;
using DeepQ.Emulator.Traces;

namespace DeepQ.Cli.Commands;

/// <summary>
/// <c>deepq verify-trace FILE...</c>: replays ALE traces on the emulator (ROM from the ROM
/// folder), prints <c>frames=N mismatches=M</c> per file and the first mismatch, and exits 1
/// if anything differs. N counts trace records compared: one per ALE step plus one per reset
/// record (so a 5,000-step trace with 6 resets gives frames=5006), which is what the trace
/// README numbers and what "first mismatch: record R" indexes.
/// </summary>
internal static class VerifyTraceCommand
{
    public static Command Create(CliRuntime rt)
    {
        var files = new Argument<string[]>("FILE") { Description = "ALE trace files (.trace.gz)", Arity = ArgumentArity.OneOrMore }.NoOptionLikeValues();
        var fields = new Option<string?>("--fields")
        {
            Description = $"Compare only these fields, comma separated: {string.Join(", ", TraceVerifier.FieldNames)} [default: all]",
            HelpName = "LIST",
        };
        fields.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            foreach (var name in Split(r.Tokens[0].Value))
                if (!TraceVerifier.FieldNames.Contains(name))
                    r.AddError($"--fields: unknown field '{name}'; use a comma-separated list of {string.Join(", ", TraceVerifier.FieldNames)}.");
        });

        var command = new Command("verify-trace", "Replay ALE trace files on the emulator; prints 'frames=N mismatches=M' per file (N = trace records compared: ALE steps plus reset records) and the first mismatch")
        {
            files, fields, rt.Roms,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var roms = new RomLibrary(parse.GetValue(rt.Roms));
            var only = parse.GetValue(fields) is { } list ? Split(list).ToHashSet() : null;
            var results = new List<TraceResult>();
            foreach (var file in parse.GetValue(files)!)
            {
                console.Cancellation.ThrowIfCancellationRequested();
                var r = VerifyOne(file, roms, only);
                results.Add(r);
                // One line per file as it finishes, so a long batch shows progress.
                console.Line($"{file}: frames={r.Frames} mismatches={r.Mismatches}");
                if (r.FirstMismatch is { } m)
                    console.Line($"  first mismatch: record {m.Record}, {m.Field}: expected {m.Expected}, got {m.Got}");
            }
            bool ok = results.All(r => r.Passed);
            console.WriteResult(new JsonObject
            {
                ["passed"] = ok,
                ["files"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
                {
                    ["file"] = r.File,
                    ["frames"] = r.Frames,
                    ["mismatches"] = r.Mismatches,
                    ["first_mismatch"] = r.FirstMismatch is { } m
                        ? new JsonObject { ["record"] = m.Record, ["field"] = m.Field, ["expected"] = m.Expected, ["got"] = m.Got }
                        : null,
                }).ToArray()),
            }, _ => { });
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Verifies one file; a file that is not a gzip ALE trace is a one-line user error, not a library message.</summary>
    private static TraceResult VerifyOne(string file, RomLibrary roms, HashSet<string>? only)
    {
        const string Expected = "give a gzip-compressed .trace.gz file as described in ale-traces/README (a header line, then one binary record per ALE step or reset)";
        if (File.Exists(file) && !StartsWithGzipMagic(file))
            throw new CliUserException($"'{file}' is not an ALE trace: it is not gzip-compressed; {Expected}.");
        try { return TraceVerifier.Verify(file, roms, only); }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{e.Message.TrimEnd('.')}; {Expected}.", e);
        }
    }

    private static bool StartsWithGzipMagic(string file)
    {
        Span<byte> magic = stackalloc byte[2];
        using var f = File.OpenRead(file);
        return f.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant());
}
