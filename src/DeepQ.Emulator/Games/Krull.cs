namespace DeepQ.Emulator.Games;

/// <summary>
/// Krull: score is BCD at RAM $9E, $9D, $9C (lowest digits first). Spare lives at $9F (lives =
/// low three bits + 1); the game is over when none are spare, $A2 reads 3 and $80 reads $80.
/// </summary>
public sealed class Krull : GameRules
{
    private const int ScoreLow = 0x9E, ScoreMiddle = 0x9D, ScoreHigh = 0x9C, LivesAddress = 0x9F;
    private const int PhaseAddress = 0xA2, ScreenAddress = 0x80;

    /// <summary>Values of the two game-over markers.</summary>
    private const int GameOverPhase = 0x03, GameOverScreen = 0x80;

    private const int StartLives = 3;

    public override string Name => "krull";
    public override string Md5 => "cc724ebe74a109e39c0b2784ddc980ca";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == 0 && Ram(ram, PhaseAddress) == GameOverPhase && Ram(ram, ScreenAddress) == GameOverScreen;
        LivesLeft = (spare & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
