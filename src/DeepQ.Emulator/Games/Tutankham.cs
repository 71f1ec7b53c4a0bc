using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Tutankham: score is BCD at RAM $9C (low) and $9A (high); lives in the low two bits of $9E. The
/// game is over when $9E is 0, unless $81 reads $84 (the ROM was just loaded, not yet reset).
/// Modes 0, 4, 8, 12 are chosen with SELECT (mode byte $AB).
/// </summary>
public sealed class Tutankham : GameRules
{
    private const int ScoreLow = 0x9C, ScoreHigh = 0x9A, LivesAddress = 0x9E, LoadedAddress = 0x81;

    /// <summary>Value of $81 after power-on, before the first reset.</summary>
    private const int JustLoaded = 0x84;

    private const int StartLives = 3;

    public override string Name => "tutankham";
    public override string Md5 => "66c2380c71709efa7b166621e5bb4558";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Up, Right, Left, Down, UpFire, RightFire, LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 4, 8, 12];
    protected override int? ModeAddress => 0xAB;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreHigh));
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == 0 && Ram(ram, LoadedAddress) != JustLoaded;
        LivesLeft = livesByte & 0x03;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
