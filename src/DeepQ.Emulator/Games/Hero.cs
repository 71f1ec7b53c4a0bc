namespace DeepQ.Emulator.Games;

/// <summary>
/// H.E.R.O.: score is BCD at RAM $B9, $B8, $B7 (lowest digits first); lives at $B3, and the game
/// is over when they reach 0. Modes 0-4 (starting levels) are chosen with SELECT (mode byte $80).
/// </summary>
public sealed class Hero : GameRules
{
    private const int ScoreLow = 0xB9, ScoreMiddle = 0xB8, ScoreHigh = 0xB7, LivesAddress = 0xB3;
    private const int StartLives = 4;

    public override string Name => "hero";
    public override string Md5 => "fca4a5be1251927027f2c24774a02160";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3, 4];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
