using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Freeway: the player's crossings are a BCD byte at RAM $E7; each new crossing is reward 1
/// (clipped to 0..1 as ALE does). The game ends when the timer byte at $96 reads 1.
/// </summary>
public sealed class Freeway : GameRules
{
    private const int ScoreAddress = 103, TimerAddress = 22;

    public override string Name => "freeway";
    public override string Md5 => "8e0ab801b1705a740b476b7f588c6d16";
    public override IReadOnlyList<AleAction> MinimalActions { get; } = [AleAction.Noop, AleAction.Up, AleAction.Down];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3, 4, 5, 6, 7];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, ScoreAddress);
        Reward = Math.Clamp(score - Score, 0, 1);
        Score = score;
        Terminal = Ram(ram, TimerAddress) == 1;
    }
}
