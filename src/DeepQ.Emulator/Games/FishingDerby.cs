namespace DeepQ.Emulator.Games;

/// <summary>
/// Fishing Derby: the player's pounds of fish are BCD at RAM $BD, the computer's at $BE; reward
/// is the change in (player - computer). The game is over when either reaches 99.
/// </summary>
public sealed class FishingDerby : GameRules
{
    private const int PlayerScore = 0xBD, ComputerScore = 0xBE;

    /// <summary>BCD score byte that wins the derby.</summary>
    private const int WinningByte = 0x99;

    public override string Name => "fishing_derby";
    public override string Md5 => "b8865f05676e64f3bec72b9defdacfa7";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, PlayerScore) - DecimalScore(ram, ComputerScore));
        Terminal = Ram(ram, PlayerScore) == WinningByte || Ram(ram, ComputerScore) == WinningByte;
    }
}
