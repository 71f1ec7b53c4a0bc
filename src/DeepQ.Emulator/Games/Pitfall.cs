using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Pitfall!: six-digit BCD score at RAM $D7/$D6/$D5, starting at 2,000; the high nibble of $80
/// encodes lives (0xA three, 0x8 two, else one). Over when it is 0 and the logo timer $9E runs.
/// ALE presses UP once to start.
/// </summary>
public sealed class Pitfall : GameRules
{
    /// <summary>Points the player starts with.</summary>
    private const int StartScore = 2000;

    public override string Name => "pitfall";
    public override string Md5 => "f73d2d0eff548e8fc66996f27acf2b4b";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Up];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xD7, 0xD6, 0xD5));
        int livesNibble = Ram(ram, 0x80) >> 4;
        Terminal = livesNibble == 0 && Ram(ram, 0x9E) != 0;
        LivesLeft = livesNibble == 0xA ? 3 : livesNibble == 0x8 ? 2 : 1;
    }

    public override void Reset()
    {
        base.Reset();
        Score = StartScore;
        LivesLeft = 3;
    }
}
