using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>
/// The TIA keeps each movable object's and the playfield's pixels on a line as 160-bit masks and draws a run from
/// them a 64-pixel word at a time. The masks must cover exactly what the per-distance shape tables say (every NUSIZ
/// shape and position, copies wrapping around the line), and a drawn run must show the colours and set the collision
/// latches that the priority encoder and collision table give pixel by pixel, at every start and length, with the
/// 32-pixel vector stores and their scalar twin alike.
/// </summary>
public class TiaObjectLineTests
{
    private static readonly byte[] s_graphics = [0x01, 0x80, 0xFF, 0x5A, 0x3C, 0xC3, 0x81];

    [Fact]
    public void PlayerLineCoversWhatThePlayerShapeTableShows()
    {
        int covered = 0;
        for (int shape = 0; shape < 16; shape++)
            foreach (byte graphics in s_graphics)
                for (int pos = 0; pos < 160; pos++)
                {
                    var line = Line160.Player(pos, shape, graphics);
                    for (int x = 0; x < 160; x++)
                    {
                        bool expected = (graphics & TiaTables.PlayerMask[shape][(x - pos + 160) % 160]) != 0;
                        if (line.Contains(x) != expected)
                            Assert.Fail($"shape {shape}, graphics {graphics:X2}, pos {pos}: pixel {x} should be {(expected ? "on" : "off")}");
                        if (expected) covered++;
                    }
                    Assert.Equal(0UL, line.W2 >> 32);
                }
        Assert.True(covered > 50_000, $"only {covered} pixels covered: the comparison tested little");
    }

    [Fact]
    public void MissileAndBallLinesCoverWhatTheirShapeTablesShow()
    {
        for (int pos = 0; pos < 160; pos++)
        {
            for (int shape = 0; shape < 32; shape++)
            {
                var line = Line160.Missile(pos, shape);
                for (int x = 0; x < 160; x++)
                    Assert.True(line.Contains(x) == TiaTables.MissileMask[shape][(x - pos + 160) % 160], $"missile shape {shape}, pos {pos}, pixel {x}");
                Assert.Equal(0UL, line.W2 >> 32);
            }
            for (int size = 0; size < 4; size++)
            {
                var line = Line160.Ball(pos, size);
                for (int x = 0; x < 160; x++)
                    Assert.True(line.Contains(x) == TiaTables.BallMask[size][(x - pos + 160) % 160], $"ball size {size}, pos {pos}, pixel {x}");
                Assert.Equal(0UL, line.W2 >> 32);
            }
        }
    }

    [Fact]
    public void PlayfieldLineCoversThePixelsOfItsSetBits()
    {
        var random = new Random(3);
        uint[] fields = [0x00001, 0x80000, 0xFFFFF, 0xA5A5A, .. Enumerable.Range(0, 40).Select(_ => (uint)random.Next(1 << 20))];
        foreach (uint pf in fields)
            for (int reflect = 0; reflect < 2; reflect++)
            {
                var line = Line160.Playfield(pf, reflect);
                for (int x = 0; x < 160; x++)
                    Assert.True(line.Contains(x) == ((pf & TiaTables.PlayfieldMask[reflect][x]) != 0), $"pf {pf:X5}, reflect {reflect}, pixel {x}");
            }
    }

    [Fact]
    public void DrawnRunMatchesPriorityEncoderAndCollisionTablePixelByPixel()
    {
        var random = new Random(17);
        byte[] colors = [0x10, 0x42, 0x86, 0xC8];
        int runs = 0, objectPixels = 0, latches = 0;
        for (int state = 0; state < 48; state++)
        {
            uint pf = state % 4 == 0 ? 0 : (uint)random.Next(1 << 20);
            int reflect = random.Next(2);
            int prio = (state & 3) switch { 0 => 0, 1 => TiaTables.Score, 2 => TiaTables.Priority, _ => TiaTables.Score | TiaTables.Priority };
            var words = RandomObjects(random, pf, reflect);
            int collision0 = random.Next(4) == 0 ? random.Next(0x8000) : 0;
            bool score = (prio & TiaTables.Score) != 0 && (prio & TiaTables.Priority) == 0;
            for (int start = 0; start <= 160; start++)
            {
                for (int end = start; end <= 160; end++)
                {
                    // The reference: every pixel of the run through the encoder and collision tables; the row
                    // outside the run must stay as it was.
                    var expected = new byte[162];
                    expected.AsSpan().Fill(0xEE);
                    int expectedCollision = collision0;
                    for (int x = start; x < end; x++)
                    {
                        int e = ObjectsAt(words, x);
                        expectedCollision |= TiaTables.Collision[e & 0x3F];
                        expected[1 + x] = colors[TiaTables.PriorityEncoder[x < 80 ? 0 : 1][e | prio]];
                        if ((e & 0x1F) != 0) objectPixels++;
                    }
                    foreach (bool vector in new[] { false, true })
                    {
                        var row = new byte[162];
                        row.AsSpan().Fill(0xEE);
                        Tia.DrawPlayfieldScalar(row.AsSpan(1 + start, end - start), start, pf, reflect, colors[0],
                            score ? colors[2] : colors[1], score ? colors[3] : colors[1]);
                        int collision = Tia.DrawObjects(row.AsSpan(1, 160), start, end, words, colors, prio, collision0, vector);
                        if (!row.AsSpan().SequenceEqual(expected))
                            Assert.Fail($"state {state}, prio {prio:X2}, pf {pf:X5}, run [{start},{end}), vector {vector}:\n{Convert.ToHexString(row)}\nexpected\n{Convert.ToHexString(expected)}");
                        Assert.True(expectedCollision == collision, $"state {state}, run [{start},{end}), vector {vector}: collisions {collision:X4}, expected {expectedCollision:X4}");
                    }
                    if (expectedCollision != collision0) latches++;
                    runs++;
                }
            }
        }
        Assert.Equal(48 * 161 * 162 / 2, runs);
        // Meaningful only if objects were drawn and latches set often.
        Assert.True(objectPixels > runs * 10 && latches > runs / 4, $"{objectPixels} object pixels, {latches} runs latching, of {runs}");
    }

    // Random objects in the words layout: real shapes at random places, or random sparse bits, so overlaps of every pair occur.
    private static ulong[] RandomObjects(Random random, uint pf, int reflect)
    {
        var words = new ulong[Tia.LineWords];
        for (int obj = Tia.LineP0; obj <= Tia.LineBL; obj++)
        {
            Line160 line = random.Next(4) switch
            {
                0 => default,
                1 => Line160.Player(random.Next(160), random.Next(16), (byte)random.Next(1, 256)),
                2 => random.Next(2) == 0 ? Line160.Missile(random.Next(160), random.Next(32)) : Line160.Ball(random.Next(160), random.Next(4)),
                _ => new Line160(Sparse(random), Sparse(random), Sparse(random) & 0xFFFF_FFFFUL),
            };
            Set(words, obj, line);
        }
        Set(words, Tia.LinePF, Line160.Playfield(pf, reflect));
        return words;

        static ulong Sparse(Random random) => (ulong)random.NextInt64() & (ulong)random.NextInt64();
    }

    private static void Set(ulong[] words, int obj, Line160 line)
    {
        words[obj] = line.W0;
        words[Tia.LineStride + obj] = line.W1;
        words[2 * Tia.LineStride + obj] = line.W2;
    }

    // The object bits (P0 M0 P1 M1 BL PF as the encoder numbers them) present at pixel x.
    private static int ObjectsAt(ulong[] words, int x)
    {
        int[] bits = [TiaTables.P0, TiaTables.M0, TiaTables.P1, TiaTables.M1, TiaTables.BL, TiaTables.PF];
        int e = 0;
        for (int obj = 0; obj < bits.Length; obj++)
            if ((words[(x >> 6) * Tia.LineStride + obj] >> (x & 63) & 1) != 0) e |= bits[obj];
        return e;
    }
}
