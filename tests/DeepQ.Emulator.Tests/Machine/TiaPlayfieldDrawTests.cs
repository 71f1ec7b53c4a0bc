using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>
/// Background and playfield are drawn eight 4-pixel blocks per vector step where a run is long enough, by a scalar
/// twin otherwise. The two must agree at every start pixel and every run length of a line, for both playfield
/// modes (repeat, reflect), with left and right colours apart (score mode), for dense, sparse and single-bit fields.
/// </summary>
public class TiaPlayfieldDrawTests
{
    [Fact]
    public void VectorDrawMatchesScalarTwinAtEveryStartAndLength()
    {
        uint[] fields = [0x00001, 0x80000, 0xFFFFF, 0xA5A5A, 0x5A5A5, 0x12345, 0xF0F0F];
        int runs = 0;
        foreach (uint pf in fields)
        {
            for (int reflect = 0; reflect < 2; reflect++)
            {
                for (int hpos = 0; hpos <= 160; hpos++)
                {
                    for (int count = 0; count <= 160 - hpos; count++)
                    {
                        // Guard bytes on both sides: neither way may write outside its run.
                        var scalar = new byte[count + 2];
                        var vector = new byte[count + 2];
                        scalar[0] = vector[0] = scalar[^1] = vector[^1] = 0xEE;
                        Tia.DrawPlayfieldScalar(scalar.AsSpan(1, count), hpos, pf, reflect, 0x10, 0x42, 0x86);
                        Tia.DrawPlayfieldVector(vector.AsSpan(1, count), hpos, pf, reflect, 0x10, 0x42, 0x86);
                        if (!scalar.AsSpan().SequenceEqual(vector))
                            Assert.Fail($"pf {pf:X5}, reflect {reflect}, pixels [{hpos},{hpos + count}): vector {Convert.ToHexString(vector)} vs scalar {Convert.ToHexString(scalar)}");
                        runs++;
                    }
                }
            }
        }
        Assert.Equal(fields.Length * 2 * 161 * 162 / 2, runs);
    }

    // The scalar twin against the definition, pixel by pixel: playfield bit set -> left/right colour, else background.
    [Fact]
    public void ScalarDrawShowsEachPlayfieldBitAsFourPixels()
    {
        var line = new byte[160];
        Tia.DrawPlayfieldScalar(line, 0, 0x00001, 0, 0x10, 0x42, 0x86);   // PF0 bit 4: the leftmost block of each half
        for (int x = 0; x < 160; x++)
            Assert.Equal(x < 4 ? 0x42 : x is >= 80 and < 84 ? 0x86 : 0x10, line[x]);
        Tia.DrawPlayfieldScalar(line, 0, 0x00001, 1, 0x10, 0x42, 0x86);   // reflected: the right half mirrors the left
        for (int x = 0; x < 160; x++)
            Assert.Equal(x < 4 ? 0x42 : x >= 156 ? 0x86 : 0x10, line[x]);
    }
}
