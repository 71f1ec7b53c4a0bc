namespace DeepQ.Emulator.Games;

/// <summary>
/// Venture: the score in hundreds is BCD at RAM $C8 (low) and $C7 (high). Spare lives at $C6
/// (lives = low three bits + 1); the game is over when none are spare, the audio byte $CD reads
/// $FF and bit 7 of the death byte $BF is set.
/// </summary>
public sealed class Venture : GameRules
{
    private const int ScoreLow = 0xC8, ScoreHigh = 0xC7, LivesAddress = 0xC6, AudioAddress = 0xCD, DeathAddress = 0xBF;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    /// <summary>Audio byte and death bit of the game-over state.</summary>
    private const int GameOverAudio = 0xFF, DeathBit = 0x80;

    private const int StartLives = 4;

    public override string Name => "venture";
    public override string Md5 => "c63a98ca404aa5ee9fcff1de488c3f43";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == 0 && Ram(ram, AudioAddress) == GameOverAudio && (Ram(ram, DeathAddress) & DeathBit) != 0;
        LivesLeft = (spare & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
