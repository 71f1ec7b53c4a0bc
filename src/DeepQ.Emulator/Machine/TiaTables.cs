using System.Runtime.CompilerServices;

namespace DeepQ.Emulator.Machine;

/// <summary>
/// A set of pixels of one 160-pixel line, one bit per pixel: pixel x is bit x % 64 of word x / 64 (W2 uses its
/// low 32 bits only). Object coverage kept this way is tested against a run, another object or the playfield a
/// word at a time instead of a pixel at a time. Built here, drawn from by Tia.DrawObjects.
/// </summary>
internal struct Line160
{
    public ulong W0, W1, W2;

    public Line160(ulong w0, ulong w1, ulong w2) { W0 = w0; W1 = w1; W2 = w2; }

    /// <summary>Whether pixel <paramref name="x"/> (0..159) is in the set.</summary>
    public readonly bool Contains(int x) => ((x < 64 ? W0 : x < 128 ? W1 : W2) >> (x & 63) & 1) != 0;

    /// <summary>
    /// Adds the pixels of <paramref name="pattern"/> (at most 32 bits, bit i = pixel x + i) starting at pixel
    /// <paramref name="x"/> (0..223, taken mod 160). Pixels past 159 land in W2's high half until <see cref="Wrap"/> moves them to the line's start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Place(ulong pattern, int x)
    {
        if (x >= 160) x -= 160;
        int s = x & 63, k = x >> 6;
        // The pattern shifted into its word and the part spilling into the next (two shifts, so s = 0 spills nothing);
        // the word chosen by selects, not a jump: positions change every few lines and would mispredict.
        ulong lo = pattern << s, hi = (pattern >> 1) >> (63 - s);
        W0 |= k == 0 ? lo : 0;
        W1 |= k == 0 ? hi : k == 1 ? lo : 0;
        W2 |= k == 1 ? hi : k == 2 ? lo : 0;
    }

    /// <summary>Moves what <see cref="Place"/> put past pixel 159 to the start of the line, where the TIA's counters wrap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Wrap()
    {
        W0 |= W2 >> 32;
        W2 &= 0xFFFF_FFFFUL;
    }

    /// <summary>
    /// The pixels a player at <paramref name="pos"/> draws with <paramref name="graphics"/> (already reflected if REFPx)
    /// in <paramref name="shape"/> = NUSIZ mode * 2 + skip-first-copy: what <see cref="TiaTables.PlayerMask"/> shows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Line160 Player(int pos, int shape, byte graphics)
    {
        int mode = shape >> 1;
        if (mode is 5 or 7)
        {
            // Stretched players show one copy, a pixel late, and nothing when that copy is skipped.
            ulong wide = (shape & 1) == 0 ? TiaTables.WidePlayerPattern[mode == 5 ? 1 : 2][graphics] : 0;
            return At(wide, 0, pos + 1 == 160 ? 0 : pos + 1);
        }
        ulong pattern = TiaTables.WidePlayerPattern[0][graphics];
        int copies = TiaTables.PlayerCopies[shape];
        return At(pattern * CopyMultiplier(copies), pattern & (0UL - (ulong)((copies >> 3) & 1)), pos);
    }

    /// <summary>
    /// The pixels of a missile at <paramref name="pos"/> with <paramref name="shape"/> = NUSIZ mode * 4 + size, as <see cref="TiaTables.MissileMask"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Line160 Missile(int pos, int shape)
    {
        ulong pattern = (1UL << (1 << (shape & 3))) - 1;
        // Missiles have the players' copies (one in the stretched modes), never skipped.
        int copies = TiaTables.PlayerCopies[(shape >> 2) * 2];
        return At(pattern * CopyMultiplier(copies), pattern & (0UL - (ulong)((copies >> 3) & 1)), pos);
    }

    /// <summary>
    /// What multiplying an 8-pixel-or-narrower pattern by gives its copies at 0, 16 and 32 pixels (bits 0-2 of
    /// <paramref name="copies"/>): copies never overlap, so the product is their OR. The copy at 64 goes to the high word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong CopyMultiplier(int copies) =>
        (ulong)(uint)(copies & 1) | (ulong)(uint)((copies >> 1) & 1) << 16 | (ulong)(uint)((copies >> 2) & 1) << 32;

    /// <summary>
    /// The 128-bit pattern <paramref name="lo"/>, <paramref name="hi"/> (at most 73 pixels, bit i = pixel x + i)
    /// placed from pixel <paramref name="x"/> (0..159), wrapping past pixel 159 to the line's start. One placement
    /// for all of an object's copies, without jumps on the position.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Line160 At(ulong lo, ulong hi, int x)
    {
        int s = x & 63, k = x >> 6;
        // The pattern shifted within 192 bits (two shifts where s = 0 must carry nothing) ...
        ulong a0 = lo << s, a1 = hi << s | (lo >> 1) >> (63 - s), a2 = (hi >> 1) >> (63 - s);
        // ... lands in words k, k + 1, k + 2 of pixels 0-255 (a2 is 0 when k = 2: 159 + 73 < 256).
        ulong w0 = k == 0 ? a0 : 0;
        ulong w1 = k == 0 ? a1 : k == 1 ? a0 : 0;
        ulong w2 = k == 0 ? a2 : k == 1 ? a1 : a0;
        ulong w3 = k == 1 ? a2 : k == 2 ? a1 : 0;
        // Pixels 160-255 (W2's high half and w3) wrap to 0-95.
        return new Line160(w0 | w2 >> 32 | w3 << 32, w1 | w3 >> 32, w2 & 0xFFFF_FFFFUL);
    }

    /// <summary>The pixels of a ball at <paramref name="pos"/> of <paramref name="size"/> 0..3 (1, 2, 4, 8 pixels), as <see cref="TiaTables.BallMask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Line160 Ball(int pos, int size)
    {
        var line = default(Line160);
        line.Place((1UL << (1 << size)) - 1, pos);
        line.Wrap();
        return line;
    }

    /// <summary>The pixels where playfield <paramref name="pf"/> (20 bits) is shown, <paramref name="reflect"/> 0/1, as <see cref="TiaTables.PlayfieldMask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Line160 Playfield(uint pf, int reflect)
    {
        // The left half's 20 blocks in screen order (PF0 D4-D7, PF1 D7-D0, PF2 D0-D7), then each block 4 pixels wide.
        uint screen = (pf & 0xF) | (uint)TiaTables.Reflect[(pf >> 4) & 0xFF] << 4 | (pf >> 12) << 12;
        uint right = reflect == 0 ? screen : TiaTables.ReverseBlocks(screen);
        ulong[] x4 = TiaTables.FourTimes;
        ulong left0 = x4[screen & 0xFF] | x4[(screen >> 8) & 0xFF] << 32, left1 = x4[screen >> 16];
        ulong right0 = x4[right & 0xFF] | x4[(right >> 8) & 0xFF] << 32, right1 = x4[right >> 16];
        // Left half: pixels 0-79; right half: pixels 80-159, starting at bit 16 of W1.
        return new Line160(left0, left1 | right0 << 16, right0 >> 48 | right1 << 16);
    }
}

/// <summary>
/// Constant tables of the TIA as Stella 2.x models it: object shapes per NUSIZ mode, playfield bit order,
/// collision latches, priority encoding, the RESPx "where was the old copy" table and HMOVE motion per cycle.
/// Shapes are indexed by d = (pixel - objectPosition) mod 160, pixels counted from the first visible clock.
/// </summary>
internal static class TiaTables
{
    // Object bits as used for collisions and priority (Stella's order).
    public const int P0 = 0x01, M0 = 0x02, P1 = 0x04, M1 = 0x08, BL = 0x10, PF = 0x20, Score = 0x40, Priority = 0x80;

    /// <summary>Copy offsets (pixels) of players and missiles for each NUSIZ number mode (bits 0-2).</summary>
    public static readonly int[][] CopyOffsets =
    [
        [0], [0, 16], [0, 32], [0, 16, 32], [0, 64], [0], [0, 32, 64], [0],
    ];

    /// <summary>
    /// [scale index 0/1/2 for 1/2/4 pixels per bit][GRP]: the pixels one player copy covers, leftmost pixel in bit 0
    /// (GRP bit 7 is drawn first).
    /// </summary>
    public static readonly ulong[][] WidePlayerPattern = BuildWidePlayerPatterns();

    /// <summary>[mode*2 + skipFirstCopy]: which of a player's copies at 0, 16, 32, 64 pixels (bits 0-3) are drawn, for the unstretched modes.</summary>
    public static readonly byte[] PlayerCopies = BuildPlayerCopies();

    /// <summary>[byte]: each bit of the byte repeated 4 times (bit i to bits 4i..4i+3), a playfield block's 4 pixels.</summary>
    public static readonly ulong[] FourTimes = [.. Enumerable.Range(0, 256).Select(b => Enumerable.Range(0, 8).Aggregate(0UL, (a, i) => (b >> i & 1) != 0 ? a | 0xFUL << 4 * i : a))];

    /// <summary>The 20 playfield blocks of <paramref name="blocks"/> (bit i = block i) in reverse order, as the reflected right half shows them.</summary>
    public static uint ReverseBlocks(uint blocks) =>
        (uint)Reflect[blocks & 0xFF] << 12 | (uint)Reflect[(blocks >> 8) & 0xFF] << 4 | (uint)Reflect[(blocks >> 16) & 0x0F] >> 4;

    /// <summary>[mode*2 + skipFirstCopy][d]: the GRP bit shown at distance d, 0 when none. Double and quad players start one pixel late.</summary>
    public static readonly byte[][] PlayerMask = BuildPlayerMasks();

    /// <summary>[mode*4 + size][d]: true where a missile copy covers distance d.</summary>
    public static readonly bool[][] MissileMask = BuildMissileMasks();

    /// <summary>[size][d]: true where the ball covers distance d.</summary>
    public static readonly bool[][] BallMask = BuildBallMasks();

    /// <summary>[reflect][pixel]: which bit of the 20-bit PF0|PF1|PF2 word is shown at a pixel.</summary>
    public static readonly uint[][] PlayfieldMask = BuildPlayfieldMasks();

    /// <summary>[object bits & 0x3F]: collision latch bits (CXM0P bit 7 = 0x0001 ... CXPPMM bit 6 = 0x4000).</summary>
    public static readonly ushort[] Collision = BuildCollisionTable();

    /// <summary>[half (0 left, 1 right)][object bits | score | priority]: colour register 0 BK, 1 PF, 2 P0, 3 P1.</summary>
    public static readonly byte[][] PriorityEncoder = BuildPriorityEncoder();

    /// <summary>[mode][oldPos*160 + newPos]: 1 if newPos lies in a displayed copy, -1 in the 4-pixel start delay before a copy, else 0.</summary>
    public static readonly sbyte[][] ResetWhen = BuildResetWhen();

    /// <summary>Bit-reversed bytes for REFPx.</summary>
    public static readonly byte[] Reflect = BuildReflect();

    /// <summary>CPU cycle within the line at which HMOVE produces the 8-pixel HMOVE blank.</summary>
    public static bool HmoveBlankCycle(int cycle) => cycle <= 20 || cycle == 75;

    /// <summary>[cycle of HMOVE within the line (0..75)][HMxx nibble]: pixels the object moves (positive = left).</summary>
    public static readonly sbyte[,] Motion = new sbyte[76, 16]
    {
        { 0, -1, -2, -3, -4, -5, -6, -7,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -5, -6, -7,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -5, -6, -7,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -5, -6, -7,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -5, -6, -6,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -5, -5, -5,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -5, -5, -5,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -4, -4, -4, -4,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -3, -3, -3, -3, -3,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -2, -2, -2, -2, -2,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -2, -2, -2, -2, -2, -2,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0, -1, -1, -1, -1, -1, -1, -1,  8,  7,  6,  5,  4,  3,  2,  1},
        { 0,  0,  0,  0,  0,  0,  0,  0,  8,  7,  6,  5,  4,  3,  2,  1},
        { 1,  1,  1,  1,  1,  1,  1,  1,  8,  7,  6,  5,  4,  3,  2,  1},
        { 1,  1,  1,  1,  1,  1,  1,  1,  8,  7,  6,  5,  4,  3,  2,  1},
        { 2,  2,  2,  2,  2,  2,  2,  2,  8,  7,  6,  5,  4,  3,  2,  2},
        { 3,  3,  3,  3,  3,  3,  3,  3,  8,  7,  6,  5,  4,  3,  3,  3},
        { 4,  4,  4,  4,  4,  4,  4,  4,  8,  7,  6,  5,  4,  4,  4,  4},
        { 4,  4,  4,  4,  4,  4,  4,  4,  8,  7,  6,  5,  4,  4,  4,  4},
        { 5,  5,  5,  5,  5,  5,  5,  5,  8,  7,  6,  5,  5,  5,  5,  5},
        { 6,  6,  6,  6,  6,  6,  6,  6,  8,  7,  6,  6,  6,  6,  6,  6},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0,  0, -1,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0,  0, -1, -2,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0, -1, -2, -3,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0,  0, -1, -2, -3,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0,  0, -1, -2, -3, -4,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0,  0, -1, -2, -3, -4, -5,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0, -1, -2, -3, -4, -5, -6,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0,  0, -1, -2, -3, -4, -5, -6,  0,  0,  0,  0,  0,  0,  0,  0},
        { 0, -1, -2, -3, -4, -5, -6, -7,  0,  0,  0,  0,  0,  0,  0,  0},
        {-1, -2, -3, -4, -5, -6, -7, -8,  0,  0,  0,  0,  0,  0,  0,  0},
        {-2, -3, -4, -5, -6, -7, -8, -9,  0,  0,  0,  0,  0,  0,  0, -1},
        {-2, -3, -4, -5, -6, -7, -8, -9,  0,  0,  0,  0,  0,  0,  0, -1},
        {-3, -4, -5, -6, -7, -8, -9,-10,  0,  0,  0,  0,  0,  0, -1, -2},
        {-4, -5, -6, -7, -8, -9,-10,-11,  0,  0,  0,  0,  0, -1, -2, -3},
        {-5, -6, -7, -8, -9,-10,-11,-12,  0,  0,  0,  0, -1, -2, -3, -4},
        {-5, -6, -7, -8, -9,-10,-11,-12,  0,  0,  0,  0, -1, -2, -3, -4},
        {-6, -7, -8, -9,-10,-11,-12,-13,  0,  0,  0, -1, -2, -3, -4, -5},
        {-7, -8, -9,-10,-11,-12,-13,-14,  0,  0, -1, -2, -3, -4, -5, -6},
        {-8, -9,-10,-11,-12,-13,-14,-15,  0, -1, -2, -3, -4, -5, -6, -7},
        {-8, -9,-10,-11,-12,-13,-14,-15,  0, -1, -2, -3, -4, -5, -6, -7},
        { 0, -1, -2, -3, -4, -5, -6, -7,  8,  7,  6,  5,  4,  3,  2,  1},
    };

    private static byte[][] BuildPlayerMasks()
    {
        var t = new byte[16][];
        for (int mode = 0; mode < 8; mode++)
        {
            for (int skip = 0; skip < 2; skip++)
            {
                var m = new byte[160];
                if (mode == 5 || mode == 7)
                {
                    // Stretched players: one copy, output delayed by one pixel; nothing when the first copy is skipped.
                    int scale = mode == 5 ? 2 : 4;
                    if (skip == 0)
                        for (int d = 1; d <= 8 * scale; d++) m[d] = (byte)(0x80 >> ((d - 1) / scale));
                }
                else
                {
                    int[] copies = CopyOffsets[mode];
                    for (int c = 0; c < copies.Length; c++)
                    {
                        if (c == 0 && skip == 1) continue;
                        for (int b = 0; b < 8; b++) m[copies[c] + b] = (byte)(0x80 >> b);
                    }
                }
                t[mode * 2 + skip] = m;
            }
        }
        return t;
    }

    private static byte[] BuildPlayerCopies()
    {
        var t = new byte[16];
        for (int shape = 0; shape < 16; shape++)
        {
            int[] copies = CopyOffsets[shape >> 1];
            for (int c = (shape & 1) != 0 ? 1 : 0; c < copies.Length; c++)
                t[shape] |= (byte)(1 << (copies[c] == 64 ? 3 : copies[c] / 16));
        }
        return t;
    }

    private static ulong[][] BuildWidePlayerPatterns()
    {
        var t = new ulong[3][];
        for (int k = 0; k < 3; k++)
        {
            int scale = 1 << k;
            t[k] = new ulong[256];
            for (int g = 0; g < 256; g++)
                for (int i = 0; i < 8 * scale; i++)
                    if ((g & (0x80 >> (i / scale))) != 0) t[k][g] |= 1UL << i;
        }
        return t;
    }

    private static bool[][] BuildMissileMasks()
    {
        var t = new bool[32][];
        for (int mode = 0; mode < 8; mode++)
            for (int size = 0; size < 4; size++)
            {
                var m = new bool[160];
                foreach (int c in CopyOffsets[mode])
                    for (int w = 0; w < (1 << size); w++) m[c + w] = true;
                t[mode * 4 + size] = m;
            }
        return t;
    }

    private static bool[][] BuildBallMasks()
    {
        var t = new bool[4][];
        for (int size = 0; size < 4; size++)
        {
            t[size] = new bool[160];
            for (int w = 0; w < (1 << size); w++) t[size][w] = true;
        }
        return t;
    }

    private static uint[][] BuildPlayfieldMasks()
    {
        // Bits 0-3: PF0 D4-D7, bits 4-11: PF1 D7..D0, bits 12-19: PF2 D0-D7; each bit covers 4 pixels.
        var normal = new uint[160];
        var reflected = new uint[160];
        for (int x = 0; x < 160; x++)
        {
            int half = x % 80, block = half / 4; // 20 blocks per half
            normal[x] = 1u << BlockBit(block);
            reflected[x] = x < 80 ? 1u << BlockBit(block) : 1u << BlockBit(19 - block);
        }
        return [normal, reflected];

        static int BlockBit(int block) =>
            block < 4 ? block :                 // PF0 D4..D7 left to right
            block < 12 ? 11 - (block - 4) :     // PF1 D7..D0
            12 + (block - 12);                  // PF2 D0..D7
    }

    private static ushort[] BuildCollisionTable()
    {
        var t = new ushort[64];
        for (int i = 0; i < 64; i++)
        {
            int v = 0;
            bool Has(int bit) => (i & bit) != 0;
            if (Has(M0) && Has(P1)) v |= 0x0001;
            if (Has(M0) && Has(P0)) v |= 0x0002;
            if (Has(M1) && Has(P0)) v |= 0x0004;
            if (Has(M1) && Has(P1)) v |= 0x0008;
            if (Has(P0) && Has(PF)) v |= 0x0010;
            if (Has(P0) && Has(BL)) v |= 0x0020;
            if (Has(P1) && Has(PF)) v |= 0x0040;
            if (Has(P1) && Has(BL)) v |= 0x0080;
            if (Has(M0) && Has(PF)) v |= 0x0100;
            if (Has(M0) && Has(BL)) v |= 0x0200;
            if (Has(M1) && Has(PF)) v |= 0x0400;
            if (Has(M1) && Has(BL)) v |= 0x0800;
            if (Has(BL) && Has(PF)) v |= 0x1000;
            if (Has(P0) && Has(P1)) v |= 0x2000;
            if (Has(M0) && Has(M1)) v |= 0x4000;
            t[i] = (ushort)v;
        }
        return t;
    }

    private static byte[][] BuildPriorityEncoder()
    {
        var t = new byte[2][];
        for (int half = 0; half < 2; half++)
        {
            t[half] = new byte[256];
            for (int e = 0; e < 256; e++)
            {
                int color = 0;
                if ((e & Priority) != 0)
                {
                    // Playfield and ball in front of players and missiles; score mode is ignored.
                    if ((e & (P1 | M1)) != 0) color = 3;
                    if ((e & (P0 | M0)) != 0) color = 2;
                    if ((e & BL) != 0) color = 1;
                    if ((e & PF) != 0) color = 1;
                }
                else
                {
                    if ((e & BL) != 0) color = 1;
                    if ((e & PF) != 0) color = (e & Score) != 0 ? (half == 0 ? 2 : 3) : 1;
                    if ((e & (P1 | M1)) != 0) color = color != 2 ? 3 : 2;
                    if ((e & (P0 | M0)) != 0) color = 2;
                }
                t[half][e] = (byte)color;
            }
        }
        return t;
    }

    private static sbyte[][] BuildResetWhen()
    {
        var t = new sbyte[8][];
        for (int mode = 0; mode < 8; mode++)
        {
            var m = new sbyte[160 * 160];
            int width = mode == 5 ? 16 : mode == 7 ? 32 : 8;
            for (int oldx = 0; oldx < 160; oldx++)
            {
                for (int newx = 0; newx < 160 + 72 + 5; newx++)
                {
                    sbyte v = 0;
                    bool set = false;
                    foreach (int c in CopyOffsets[mode])
                        if (newx >= oldx + c && newx < oldx + c + 4) { v = -1; set = true; break; }
                    foreach (int c in CopyOffsets[mode])
                        if (newx >= oldx + c + 4 && newx < oldx + c + 4 + width) { v = 1; set = true; break; }
                    if (set) m[oldx * 160 + newx % 160] = v;
                }
            }
            t[mode] = m;
        }
        return t;
    }

    private static byte[] BuildReflect()
    {
        var t = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int r = 0;
            for (int b = 0; b < 8; b++) if ((i & (1 << b)) != 0) r |= 0x80 >> b;
            t[i] = (byte)r;
        }
        return t;
    }
}
