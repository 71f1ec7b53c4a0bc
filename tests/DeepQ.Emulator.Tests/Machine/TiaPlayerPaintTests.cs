using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>
/// The TIA marks which pixels of a drawing run a player covers in one of two ways (pixel by pixel over the run, or
/// over the player's own pixels), whichever is shorter; both must give the same cover and span for every NUSIZ
/// shape, position, graphics byte and run, including runs that the player's copies wrap around the line into.
/// </summary>
public class TiaPlayerPaintTests
{
    [Fact]
    public void PaintingByRunCoversWhatPaintingByCopiesCovers()
    {
        var random = new Random(11);
        byte[] graphicsPatterns = [0x01, 0x80, 0xFF, 0x5A, 0x3C, 0xC3];
        int checkedRuns = 0, coveredRuns = 0;
        for (int shape = 0; shape < 16; shape++)
        {
            foreach (byte graphics in graphicsPatterns)
            {
                for (int pos = 0; pos < 160; pos++)
                {
                    for (int trial = 0; trial < 6; trial++)
                    {
                        int start = random.Next(160), end = start + random.Next(161 - start);
                        if (trial == 0) { start = 0; end = 160; }
                        var byRun = new byte[160];
                        var byCopies = new byte[160];
                        byRun.AsSpan().Fill(0x40);
                        byCopies.AsSpan().Fill(0x40);
                        int runLo = end, runHi = start, copiesLo = end, copiesHi = start;
                        Tia.PaintPlayerByRun(byRun, start, end, pos, shape, graphics, 0x02, ref runLo, ref runHi);
                        Tia.PaintPlayerByCopies(byCopies, start, end, pos, shape, graphics, 0x02, ref copiesLo, ref copiesHi);
                        Assert.True(byRun.AsSpan().SequenceEqual(byCopies), $"shape {shape}, graphics {graphics:X2}, pos {pos}, run [{start},{end}): covers differ");
                        Assert.Equal((copiesLo, copiesHi), (runLo, runHi));
                        checkedRuns++;
                        if (runLo < runHi) coveredRuns++;
                    }
                }
            }
        }
        // The comparison means something only if many runs are touched by a player at all.
        Assert.True(coveredRuns > checkedRuns / 4, $"only {coveredRuns} of {checkedRuns} runs were covered");
    }
}
