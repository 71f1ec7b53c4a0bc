namespace DeepQ.Emulator.Games;

/// <summary>
/// Boxing: the player's punches landed are BCD at RAM $92, the computer's at $93 ($C0 there is a
/// knock-out, 100 points); reward is the change in (player - computer). The round ends on a
/// knock-out or when the clock ($90 minutes in the high nibble, $91 BCD seconds) reaches 0:00.
/// </summary>
public sealed class Boxing : GameRules
{
    private const int PlayerScore = 0x92, ComputerScore = 0x93, MinutesAddress = 0x90, SecondsAddress = 0x91;

    /// <summary>Score byte of a knock-out, and the points it counts for.</summary>
    private const int KnockOutByte = 0xC0, KnockOutPoints = 100;

    public override string Name => "boxing";
    public override string Md5 => "c3ef5c4653212088eda54dc91d787870";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int player = Points(ram, PlayerScore), computer = Points(ram, ComputerScore);
        ScoreIs(player - computer);
        if (player == KnockOutPoints || computer == KnockOutPoints)
        {
            Terminal = true;
            return;
        }
        int minutes = Ram(ram, MinutesAddress) >> 4;
        int seconds = DecimalScore(ram, SecondsAddress);
        Terminal = minutes == 0 && seconds == 0;
    }

    private static int Points(ReadOnlySpan<byte> ram, int address) =>
        Ram(ram, address) == KnockOutByte ? KnockOutPoints : DecimalScore(ram, address);
}
