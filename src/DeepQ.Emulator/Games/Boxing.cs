using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Boxing: punches landed are BCD at RAM $92 (player) and $93 (computer), 0xC0 meaning a
/// knock-out (100); reward is the change in the difference. Over at a knock-out or when the
/// clock ($90 minutes in the high nibble, $91 BCD seconds) reads 0:00.
/// </summary>
public sealed class Boxing : GameRules
{
    /// <summary>Score byte value of a knock-out.</summary>
    private const int KnockOutByte = 0xC0;

    /// <summary>Punches a knock-out counts as.</summary>
    private const int KnockOutScore = 100;

    public override string Name => "boxing";
    public override string Md5 => "c3ef5c4653212088eda54dc91d787870";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int mine = Ram(ram, 0x92) == KnockOutByte ? KnockOutScore : DecimalScore(ram, 0x92);
        int theirs = Ram(ram, 0x93) == KnockOutByte ? KnockOutScore : DecimalScore(ram, 0x93);
        ScoreIs(mine - theirs);
        if (mine == KnockOutScore || theirs == KnockOutScore) Terminal = true;
        else
        {
            int minutes = Ram(ram, 0x90) >> 4;
            int seconds = DecimalScore(ram, 0x91);
            Terminal = minutes == 0 && seconds == 0;
        }
    }
}
