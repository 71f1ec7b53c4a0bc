using System.Runtime.Intrinsics.X86;
using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>
/// Background and playfield are drawn, with AVX2, from the playfield's 160-bit line mask in 32-pixel blocks of the
/// line, and by a scalar twin otherwise. The two must agree at every start pixel and every run length of a line, for
/// both playfield modes (repeat, reflect), with left and right colours apart (score mode), for dense, sparse and
/// single-bit fields, and neither may change a pixel outside its run.
/// </summary>
public class TiaPlayfieldDrawTests
{
    [Fact]
    public void MaskDrawMatchesScalarTwinAtEveryStartAndLength()
    {
        if (!Avx2.IsSupported)
        {
            // Without AVX2 the TIA draws with the scalar twin only, and the mask draw must refuse rather than run.
            Assert.Throws<PlatformNotSupportedException>(() => Tia.DrawPlayfieldLine(new byte[160], 0, 160, new ulong[Tia.LineWords], 0, 0, 0));
            return;
        }
        uint[] fields = [0x00001, 0x80000, 0xFFFFF, 0xA5A5A, 0x5A5A5, 0x12345, 0xF0F0F];
        int runs = 0;
        foreach (uint pf in fields)
        {
            for (int reflect = 0; reflect < 2; reflect++)
            {
                var words = new ulong[Tia.LineWords];
                var line = Line160.Playfield(pf, reflect);
                words[Tia.LinePF] = line.W0;
                words[Tia.LineStride + Tia.LinePF] = line.W1;
                words[2 * Tia.LineStride + Tia.LinePF] = line.W2;
                for (int hpos = 0; hpos <= 160; hpos++)
                {
                    for (int count = 0; count <= 160 - hpos; count++)
                    {
                        // The whole row with a guard byte on each side, pixels outside the run set apart.
                        var scalar = new byte[162];
                        var masked = new byte[162];
                        scalar.AsSpan().Fill(0xEE);
                        masked.AsSpan().Fill(0xEE);
                        Tia.DrawPlayfieldScalar(scalar.AsSpan(1 + hpos, count), hpos, pf, reflect, 0x10, 0x42, 0x86);
                        Tia.DrawPlayfieldLine(masked.AsSpan(1, 160), hpos, hpos + count, words, 0x10, 0x42, 0x86);
                        if (!scalar.AsSpan().SequenceEqual(masked))
                            Assert.Fail($"pf {pf:X5}, reflect {reflect}, pixels [{hpos},{hpos + count}): mask {Convert.ToHexString(masked)} vs scalar {Convert.ToHexString(scalar)}");
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
