using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Skiing: the elapsed time is minutes at RAM $E8 and BCD centiseconds at $EA, $E9 (lowest digits
/// first); every centisecond that passes is a reward of -1. The run is over when $91 reads $FF.
/// No lives. DOWN is pressed 16 times to start.
/// </summary>
public sealed class Skiing : GameRules
{
    private const int CentisecondsLow = 0xEA, CentisecondsHigh = 0xE9, MinutesAddress = 0xE8, EndFlagAddress = 0x91;

    /// <summary>Centiseconds in a minute.</summary>
    private const int CentisecondsPerMinute = 6000;

    /// <summary>DOWN presses (one frame each) ALE uses to start the run.</summary>
    private const int StartingDownPresses = 16;

    public override string Name => "skiing";
    public override string Md5 => "367411b78119299234772c08df10e134";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Right, Left];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = Enumerable.Repeat(Down, StartingDownPresses).ToArray();

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int time = CentisecondsPerMinute * Ram(ram, MinutesAddress) + DecimalScore(ram, CentisecondsLow, CentisecondsHigh);
        Reward = Score - time;
        Score = time;
        Terminal = Ram(ram, EndFlagAddress) == 0xFF;
    }
}
