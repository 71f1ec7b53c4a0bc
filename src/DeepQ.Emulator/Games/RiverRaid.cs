namespace DeepQ.Emulator.Games;

/// <summary>
/// River Raid: the score is six digits at RAM $D7, $D5, $D3, $D1, $CF, $CD (ones first), each byte
/// the digit times 8 (a font offset; anything else reads 0). Lives are encoded in $C0: $58 at the
/// start of an episode (4 lives), $59 the last, empty life (1), otherwise byte / 8 + 1. The game is
/// over when $C0 goes from $59 to $58.
/// </summary>
public sealed class RiverRaid : GameRules
{
    /// <summary>Digit bytes, ones digit first (ALE reads 87, 85, ..., 77).</summary>
    private static readonly int[] s_digitAddresses = [0xD7, 0xD5, 0xD3, 0xD1, 0xCF, 0xCD];

    private const int LivesAddress = 0xC0;

    /// <summary>Digit bytes are font offsets: digit * 8, up to 9 * 8.</summary>
    private const int DigitStride = 8, MaxDigitByte = 9 * DigitStride;

    /// <summary>Lives byte at the start of an episode, and on the last life.</summary>
    private const int StartLivesByte = 0x58, LastLifeByte = 0x59;

    /// <summary>The lives byte of the previous frame.</summary>
    private int _livesByte;

    public override string Name => "riverraid";
    public override string Md5 => "da5096000db5fdaa8d02db57d9367998";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        for (int i = s_digitAddresses.Length - 1; i >= 0; i--)
        {
            int b = Ram(ram, s_digitAddresses[i]);
            score = 10 * score + (b % DigitStride == 0 && b <= MaxDigitByte ? b / DigitStride : 0);
        }
        ScoreIs(score);
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == StartLivesByte && _livesByte == LastLifeByte;
        _livesByte = livesByte;
        LivesLeft = NumericLives(livesByte);
    }

    private static int NumericLives(int livesByte) =>
        livesByte == StartLivesByte ? 4 : livesByte == LastLifeByte ? 1 : livesByte / DigitStride + 1;

    public override void Reset()
    {
        base.Reset();
        _livesByte = StartLivesByte;
        LivesLeft = NumericLives(_livesByte);
    }

    protected override void SaveExtra(BinaryWriter w) => w.Write(_livesByte);

    protected override void LoadExtra(BinaryReader r) => _livesByte = r.ReadInt32();
}
