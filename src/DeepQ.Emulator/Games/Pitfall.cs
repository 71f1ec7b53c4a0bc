using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Pitfall!: score is BCD at RAM $D7, $D6, $D5 (lowest digits first) and starts at 2000, which
/// earns no reward. The high nibble of $80 shows the lives as tally marks ($A three, $8 two,
/// otherwise one); the game is over when it is 0 while the logo timer $9E runs (the player can
/// no longer move). UP is pressed once to start.
/// </summary>
public sealed class Pitfall : GameRules
{
    private const int ScoreLow = 0xD7, ScoreMiddle = 0xD6, ScoreHigh = 0xD5, LivesAddress = 0x80, LogoTimerAddress = 0x9E;

    /// <summary>Score at the start of a game.</summary>
    private const int StartScore = 2000;

    /// <summary>Tally-mark nibbles of three and two lives.</summary>
    private const int ThreeLives = 0x0A, TwoLives = 0x08;

    private const int StartLives = 3;

    public override string Name => "pitfall";
    public override string Md5 => "f73d2d0eff548e8fc66996f27acf2b4b";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Up];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int tally = Ram(ram, LivesAddress) >> 4;
        Terminal = tally == 0 && Ram(ram, LogoTimerAddress) != 0;
        LivesLeft = tally == ThreeLives ? 3 : tally == TwoLives ? 2 : 1;
    }

    public override void Reset()
    {
        base.Reset();
        Score = StartScore;
        LivesLeft = StartLives;
    }
}
