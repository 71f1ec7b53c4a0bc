namespace DeepQ.Emulator.Games;

/// <summary>
/// Montezuma's Revenge: score is BCD at RAM $95, $94, $93 (lowest digits first). Spare lives at
/// $BA (lives = low three bits + 1); the game is over when none are spare and $FE reads $60.
/// </summary>
public sealed class MontezumaRevenge : GameRules
{
    private const int ScoreLow = 0x95, ScoreMiddle = 0x94, ScoreHigh = 0x93, LivesAddress = 0xBA, StatusAddress = 0xFE;

    /// <summary>Status byte once the last life is lost.</summary>
    private const int GameOverStatus = 0x60;

    private const int StartLives = 6;

    public override string Name => "montezuma_revenge";
    public override string Md5 => "3347a6dd59049b15a38394aa2dafa585";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == 0 && Ram(ram, StatusAddress) == GameOverStatus;
        LivesLeft = (spare & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
