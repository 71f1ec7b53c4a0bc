using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Journey Escape: the cash is BCD at RAM $92, $91, $90 (lowest digits first); the 50,000 of
/// starting cash appearing in one frame is not a reward. The game is over when the clock ($95
/// minutes, $96 seconds) reaches 0:00. ALE reports no lives. FIRE starts.
/// </summary>
public sealed class JourneyEscape : GameRules
{
    private const int ScoreLow = 0x92, ScoreMiddle = 0x91, ScoreHigh = 0x90, MinutesAddress = 0x95, SecondsAddress = 0x96;

    /// <summary>Cash handed out at the start, ignored as a reward.</summary>
    private const int StartingCash = 50000;

    public override string Name => "journey_escape";
    public override string Md5 => "718ae62c70af4e5fd8e932fee216948a";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Up, Right, Left, Down, UpRight, UpLeft, DownRight, DownLeft, RightFire, LeftFire, DownFire, UpRightFire, UpLeftFire, DownRightFire, DownLeftFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        if (Reward == StartingCash) Reward = 0;
        Terminal = Ram(ram, MinutesAddress) == 0 && Ram(ram, SecondsAddress) == 0;
    }
}
