using System.IO.Compression;
using System.Text.Json;
using DeepQ.TestSupport;

namespace DeepQ.Cli.Tests;

public class VerifyTraceTests
{
    private const int RecordBytes = 25 + 128 + 210 * 160;

    /// <summary>Copies the header and first <paramref name="records"/> records of a shared trace, optionally changing one RAM byte.</summary>
    private static string ShortTrace(TempDir dir, string name, int records, int? tamperRecord = null)
    {
        using var input = new GZipStream(File.OpenRead(Path.Combine(SharedData.TracesDir, "pong_fs4_seed1.trace.gz")), CompressionMode.Decompress);
        var header = new List<byte>();
        for (int newlines = 0; newlines < 2;)
        {
            int b = input.ReadByte();
            header.Add((byte)b);
            if (b == '\n') newlines++;
        }
        var body = new byte[records * RecordBytes];
        input.ReadExactly(body);
        if (tamperRecord is { } t) body[t * RecordBytes + 25 + 5] ^= 0xFF; // RAM $85
        string path = dir[name];
        using var output = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        output.Write(header.ToArray());
        output.Write(body);
        return path;
    }

    [SharedFact]
    public void Matching_trace_prints_frames_and_zero_mismatches()
    {
        using var dir = new TempDir();
        string trace = ShortTrace(dir, "ok.trace.gz", 40);
        var r = CliRunner.Run("verify-trace", trace, "--roms", SharedData.RomsDir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal([$"{trace}: frames=40 mismatches=0"], r.OutLines);
    }

    [SharedFact]
    public void A_difference_exits_1_and_names_the_first_mismatch()
    {
        using var dir = new TempDir();
        string good = ShortTrace(dir, "ok.trace.gz", 30);
        string bad = ShortTrace(dir, "bad.trace.gz", 30, tamperRecord: 12);
        var r = CliRunner.Run("verify-trace", good, bad, "--roms", SharedData.RomsDir);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"{good}: frames=30 mismatches=0", r.OutLines[0]);
        Assert.Equal($"{bad}: frames=30 mismatches=1", r.OutLines[1]);
        Assert.StartsWith("  first mismatch: record 12, ram[$85]: expected 0x", r.OutLines[2]);

        // Comparing only the screen ignores the RAM change.
        var screenOnly = CliRunner.Run("verify-trace", bad, "--fields", "screen,reward", "--roms", SharedData.RomsDir, "--json");
        Assert.Equal(0, screenOnly.ExitCode);
        using var doc = JsonDocument.Parse(Assert.Single(screenOnly.OutLines));
        Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(30, doc.RootElement.GetProperty("files")[0].GetProperty("frames").GetInt32());
    }

    [SharedFact]
    public void Missing_rom_is_a_one_line_error()
    {
        using var dir = new TempDir();
        string trace = ShortTrace(dir, "t.trace.gz", 1);
        Directory.CreateDirectory(dir["empty-roms"]);
        var r = CliRunner.Run("verify-trace", trace, "--roms", dir["empty-roms"]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines);
        Assert.StartsWith("deepq: error:", line);
        Assert.Contains("import-roms", line);
    }

    [Fact]
    public void Not_a_trace_is_a_one_line_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["x.trace.gz"], "hello");
        var r = CliRunner.Run("verify-trace", dir["x.trace.gz"], "--roms", dir.Path);
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.ErrLines);
        Assert.StartsWith("deepq: error:", line);
        Assert.Contains("not an ALE trace", line);
        Assert.Contains("gzip", line);
        Assert.DoesNotContain("compression method", line);
    }

    [Fact]
    public void Unknown_field_is_a_usage_error()
    {
        var r = CliRunner.Run("verify-trace", "x", "--fields", "ram,colour");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'colour'", Assert.Single(r.ErrLines));
    }
}
