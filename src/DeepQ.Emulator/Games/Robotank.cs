namespace DeepQ.Emulator.Games;

/// <summary>
/// Robot Tank: the score is enemy tanks destroyed: squadrons at RAM $B6 (12 tanks each) plus tanks
/// at $B5. Spare tanks in the low nibble of $A8 (lives = spare + 1); the game is over when none
/// are spare and $B4 reads $FF.
/// </summary>
public sealed class Robotank : GameRules
{
    private const int SquadronsAddress = 0xB6, TanksAddress = 0xB5, LivesAddress = 0xA8, TerminationAddress = 0xB4;

    /// <summary>Enemy tanks in a squadron.</summary>
    private const int TanksPerSquadron = 12;

    private const int GameOverFlag = 0xFF, StartLives = 4;

    public override string Name => "robotank";
    public override string Md5 => "4f618c2429138e0280969193ed6c107e";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(TanksPerSquadron * Ram(ram, SquadronsAddress) + Ram(ram, TanksAddress));
        int spare = Ram(ram, LivesAddress);
        Terminal = spare == 0 && Ram(ram, TerminationAddress) == GameOverFlag;
        LivesLeft = (spare & 0x0F) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
