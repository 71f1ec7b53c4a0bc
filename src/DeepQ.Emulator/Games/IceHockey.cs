namespace DeepQ.Emulator.Games;

/// <summary>
/// Ice Hockey: the player's goals are BCD at RAM $8A, the computer's at $8B; reward is the change
/// in (player - computer), capped at +1 per frame as in ALE. The game is over when the clock
/// ($87 minutes, $86 seconds) reaches 0:00. Modes 0 and 2 are chosen with SELECT (mode byte $80).
/// </summary>
public sealed class IceHockey : GameRules
{
    private const int PlayerScore = 0x8A, ComputerScore = 0x8B, MinutesAddress = 0x87, SecondsAddress = 0x86;

    /// <summary>ALE caps a frame's reward here.</summary>
    private const int MaxReward = 1;

    public override string Name => "ice_hockey";
    public override string Md5 => "47711c44723da5d67047990157dcb5dd";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = DecimalScore(ram, PlayerScore) - DecimalScore(ram, ComputerScore);
        Reward = Math.Min(score - Score, MaxReward);
        Score = score;
        Terminal = Ram(ram, MinutesAddress) == 0 && Ram(ram, SecondsAddress) == 0;
    }
}
