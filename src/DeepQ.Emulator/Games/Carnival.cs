using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Carnival: the score in tens is BCD at RAM $AE (low) and $AD (high); the game is over when the
/// ammunition at $83 runs out. ALE reports no lives.
/// </summary>
public sealed class Carnival : GameRules
{
    private const int ScoreLow = 0xAE, ScoreHigh = 0xAD, AmmoAddress = 0x83;

    /// <summary>The displayed score counts tens.</summary>
    private const int ScoreUnit = 10;

    public override string Name => "carnival";
    public override string Md5 => "de29e46dbea003c3c09c892d668b9413";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, RightFire, LeftFire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh));
        Terminal = Ram(ram, AmmoAddress) < 1;
    }
}
