namespace DeepQ.Emulator.Games;

/// <summary>
/// Berzerk: score is BCD at RAM $DF, $DE, $DD (lowest digits first; ALE reads 95, 94, 93). Spare
/// lives at $DA (lives = spare + 1); the game is over when it reads $FF.
/// </summary>
/// <remarks>
/// ALE waits 20 frames before pressing SELECT to choose among modes 1-9 and $10-$12, which
/// <see cref="GameRules.SetMode"/> cannot express, so only the default mode 1 is offered; after a
/// reset $80 already reads 1, so ALE would not press SELECT for it either.
/// </remarks>
public sealed class Berzerk : GameRules
{
    private const int ScoreLow = 0xDF, ScoreMiddle = 0xDE, ScoreHigh = 0xDD, LivesAddress = 0xDA;
    private const int GameOverLives = 0xFF, StartLives = 3;

    public override string Name => "berzerk";
    public override string Md5 => "fac28963307b6e85082ccd77c88325e7";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == GameOverLives;
        LivesLeft = spare + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
