using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Ice Hockey: goals are BCD at RAM $8A (player) and $8B (computer); reward is the change in the
/// difference, capped at +1. Over when the clock ($87 minutes, $86 seconds) reads 0:00. Modes 0
/// and 2 are chosen with SELECT, read from $80.
/// </summary>
public sealed class IceHockey : GameRules
{
    public override string Name => "ice_hockey";
    public override string Md5 => "47711c44723da5d67047990157dcb5dd";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, 0x8A) - DecimalScore(ram, 0x8B);
        Reward = Math.Min(score - Score, 1);
        Score = score;
        Terminal = Ram(ram, 0x87) == 0 && Ram(ram, 0x86) == 0;
    }
}
