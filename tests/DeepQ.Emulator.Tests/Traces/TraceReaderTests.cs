using DeepQ.Emulator.Traces;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Traces;

public class TraceReaderTests
{
    [SharedFact]
    public void Fs4TraceHasHeaderAndOneRecordPerStepPlusResets()
    {
        using var reader = new TraceReader(Path.Combine(SharedData.TracesDir, "pong_fs4_seed1.trace.gz"));
        Assert.Equal("pong.bin", reader.Header.Rom);
        Assert.Equal(4, reader.Header.FrameSkip);
        Assert.Equal(1, reader.Header.AleRandomSeed);
        Assert.Equal(new[] { 0, 1, 3, 4, 11, 12 }, reader.Header.MinimalActions);
        Assert.Equal(25 + 128 + 210 * 160, reader.RecordBytes);

        Assert.True(reader.Read(out var first));
        Assert.True(first.IsReset);
        Assert.Equal((-1, 0, 0), (first.Action, first.FrameNumber, first.EpisodeFrameNumber));
        int steps = 0, resets = 1, gameOvers = 0, lastFrame = 0;
        while (reader.Read(out var r))
        {
            if (r.IsReset) { resets++; Assert.Equal(0, r.EpisodeFrameNumber); Assert.Equal(lastFrame, r.FrameNumber); continue; }
            Assert.Equal(steps, r.Step);
            Assert.Contains(r.Action, reader.Header.MinimalActions);
            // ALE stops emulating inside a frame-skipped step once the game is over.
            if (r.GameOver) Assert.InRange(r.FrameNumber - lastFrame, 1, 4);
            else Assert.Equal(lastFrame + 4, r.FrameNumber);
            lastFrame = r.FrameNumber;
            if (r.GameOver) gameOvers++;
            steps++;
        }
        Assert.Equal(reader.Header.Steps, steps);
        Assert.Equal(gameOvers + 1, resets);
    }

    [Fact]
    public void TruncatedAndForeignFilesAreClearErrors()
    {
        var dir = Directory.CreateTempSubdirectory("deepq-trace").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.trace.gz");
            using (var gz = new System.IO.Compression.GZipStream(File.Create(bad), System.IO.Compression.CompressionLevel.Fastest))
                gz.Write("NOTATRACE\n{}\n"u8);
            Assert.Contains("not an ALE trace", Assert.Throws<InvalidDataException>(() => new TraceReader(bad)).Message);

            var cut = Path.Combine(dir, "cut.trace.gz");
            using (var gz = new System.IO.Compression.GZipStream(File.Create(cut), System.IO.Compression.CompressionLevel.Fastest))
            {
                gz.Write("ALETRACE1\n{\"rom\":\"pong.bin\",\"screen_height\":2,\"screen_width\":2}\n"u8);
                gz.Write(new byte[25 + 128 + 4 + 10]);
            }
            using var reader = new TraceReader(cut);
            Assert.True(reader.Read(out _));
            Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => reader.Read(out _)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
