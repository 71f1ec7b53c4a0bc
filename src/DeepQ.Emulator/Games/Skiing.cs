using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Skiing: the reward is minus the time spent, in centiseconds (BCD at RAM $EA/$E9, minutes at
/// $E8; one minute = 6,000). Over when $91 reads 0xFF. The fire button is not allowed (ALE plays
/// it as NOOP); ALE holds DOWN for 16 frames to start.
/// </summary>
public sealed class Skiing : GameRules
{
    /// <summary>Centiseconds in a minute.</summary>
    private const int CentisecondsPerMinute = 6000;

    public override string Name => "skiing";
    public override string Md5 => "367411b78119299234772c08df10e134";
    public override IReadOnlyList<AleAction> MinimalActions { get; } = [AleAction.Noop, AleAction.Right, AleAction.Left];
    public override IReadOnlyList<AleAction> StartingActions { get; } = Enumerable.Repeat(AleAction.Down, 16).ToArray();

    public override bool IsLegal(AleAction action) => !AleActions.IsFire(action);

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int time = Ram(ram, 0xE8) * CentisecondsPerMinute + DecimalScore(ram, 0xEA, 0xE9);
        Reward = Score - time;
        Score = time;
        Terminal = Ram(ram, 0x91) == 0xFF;
    }
}
