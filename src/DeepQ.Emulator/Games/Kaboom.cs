using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Kaboom! (paddles): six-digit BCD score at RAM $A5/$A4/$A3; over when the buckets at $A1 run
/// out or the score reaches 999,999. ALE presses FIRE once to start. ALE's rules give no lives
/// count, so it reports its default: 1 while the game runs, 0 once over.
/// </summary>
public sealed class Kaboom : GameRules
{
    /// <summary>The score at which the game stops.</summary>
    private const int MaxScore = 999999;

    public override string Name => "kaboom";
    public override string Md5 => "dbdaf82f4f0c415a94d1030271a9ef44";
    public override bool UsesPaddles => true;
    public override IReadOnlyList<AleAction> MinimalActions { get; } = [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left];
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Fire];

    public override int Lives => Terminal ? 0 : 1;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xA5, 0xA4, 0xA3));
        Terminal = Ram(ram, 0xA1) == 0 || Score == MaxScore;
    }
}
