namespace DeepQ.Emulator.Games;

/// <summary>
/// Solaris: the score in tens is BCD at RAM $DC, $DD, $DE (lowest digits first; six digits kept,
/// five shown). Lives in the low nibble of $D9; the game is over when $D9 reads 0.
/// </summary>
public sealed class Solaris : GameRules
{
    private const int ScoreLow = 0xDC, ScoreMiddle = 0xDD, ScoreHigh = 0xDE, LivesAddress = 0xD9;

    /// <summary>The displayed score counts tens.</summary>
    private const int ScoreUnit = 10;

    private const int StartLives = 3;

    public override string Name => "solaris";
    public override string Md5 => "e72eb8d4410152bdcb69e7fba327b420";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == 0;
        LivesLeft = livesByte & 0x0F;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
