namespace DeepQ.Emulator.Games;

/// <summary>
/// Centipede: score is BCD at RAM $F6, $F5, $F4 (lowest digits first; ALE reads 118, 117, 116).
/// The score is sometimes cleared before the game ends, so a negative reward is dropped to 0.
/// Spare lives in bits 4-6 of $ED (lives = spare + 1); the game is over when bit 6 of $A6 is
/// set. Modes $16 and $56 are chosen with SELECT (mode byte $A7).
/// </summary>
public sealed class Centipede : GameRules
{
    private const int ScoreLow = 0xF6, ScoreMiddle = 0xF5, ScoreHigh = 0xF4, LivesAddress = 0xED, StatusAddress = 0xA6;

    /// <summary>Bit of the status byte set once the game is over.</summary>
    private const int GameOverBit = 0x40;

    private const int StartLives = 3;

    public override string Name => "centipede";
    public override string Md5 => "17d000a2882f9fdaa8b4a391ad367f00";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0x16, 0x56];
    protected override int? ModeAddress => 0xA7;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        if (Reward < 0) Reward = 0;
        LivesLeft = ((Ram(ram, LivesAddress) >> 4) & 0x07) + 1;
        Terminal = (Ram(ram, StatusAddress) & GameOverBit) != 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
