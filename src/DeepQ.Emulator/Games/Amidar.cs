using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Amidar: score is BCD at RAM $D9, $DA, $DB (lowest digits first); lives in the low nibble of
/// $D6, and the game is over when $D6 reads $80.
/// </summary>
public sealed class Amidar : GameRules
{
    private const int ScoreLow = 0xD9, ScoreMiddle = 0xDA, ScoreHigh = 0xDB, LivesAddress = 0xD6;
    private const int GameOverLives = 0x80, StartLives = 3;

    public override string Name => "amidar";
    public override string Md5 => "056f5d886a4e7e6fdd83650554997d0d";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Up, Right, Left, Down, UpFire, RightFire, LeftFire, DownFire];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == GameOverLives;
        LivesLeft = livesByte & 0x0F;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
