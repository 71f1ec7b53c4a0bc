using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// River Raid: the six score digits are stored as sprite offsets (digit * 8) at RAM $CD, $CF,
/// $D1, $D3, $D5, $D7 (highest first). The lives byte $C0 reads 0x58 before play starts, then
/// lives*8 - 8, and 0x59 on the last (empty) life; the game is over when it goes 0x59 -> 0x58.
/// </summary>
public sealed class RiverRaid : GameRules
{
    /// <summary>Lives byte before the first life starts (and after the last one).</summary>
    private const int StartByte = 0x58;

    /// <summary>Lives byte on the last, empty life.</summary>
    private const int LastLifeByte = 0x59;

    /// <summary>Bytes per digit glyph: a stored value is digit * 8.</summary>
    private const int GlyphBytes = 8;

    private static readonly int[] s_digitAddresses = [87, 85, 83, 81, 79, 77]; // ones .. hundred-thousands

    private int _livesByte = StartByte;

    public override string Name => "riverraid";
    public override string Md5 => "da5096000db5fdaa8d02db57d9367998";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0, scale = 1;
        foreach (int address in s_digitAddresses)
        {
            score += Digit(Ram(ram, address)) * scale;
            scale *= 10;
        }
        ScoreIs(score);
        int b = Ram(ram, 0xC0);
        Terminal = b == StartByte && _livesByte == LastLifeByte;
        _livesByte = b;
        LivesLeft = _livesByte == StartByte ? 4 : _livesByte == LastLifeByte ? 1 : _livesByte / GlyphBytes + 1;
    }

    // ALE maps only the ten glyph offsets; any other byte counts as digit 0.
    private static int Digit(int value) => value % GlyphBytes == 0 && value / GlyphBytes <= 9 ? value / GlyphBytes : 0;

    public override void Reset()
    {
        base.Reset();
        _livesByte = StartByte;
        LivesLeft = 4;
    }

    protected override void SaveExtra(BinaryWriter w) => w.Write(_livesByte);

    protected override void LoadExtra(BinaryReader r) => _livesByte = r.ReadInt32();
}
