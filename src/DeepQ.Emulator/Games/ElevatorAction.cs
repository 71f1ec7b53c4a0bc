using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Elevator Action: score is BCD at RAM $89, $88, $87 (lowest digits first); lives at $83. The
/// game is over when lives reach 0 outside the start screen ($81 reads 0 there). FIRE is pressed
/// 16 times to start.
/// </summary>
public sealed class ElevatorAction : GameRules
{
    private const int ScoreLow = 0x89, ScoreMiddle = 0x88, ScoreHigh = 0x87, LivesAddress = 0x83, ScreenAddress = 0x81;

    /// <summary>FIRE presses (one frame each) ALE uses to start.</summary>
    private const int StartingFirePresses = 16;

    private const int StartLives = 4;

    public override string Name => "elevator_action";
    public override string Md5 => "71f8bacfbdca019113f3f0801849057e";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = Enumerable.Repeat(Fire, StartingFirePresses).ToArray();

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = LivesLeft == 0 && Ram(ram, ScreenAddress) != 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
