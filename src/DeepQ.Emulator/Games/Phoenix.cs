using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Phoenix: the score in tens is five digits: BCD at RAM $C8 (tens and hundreds of the count) and
/// $C9, with the last digit in the high nibble of $C7. Lives in the low three bits of $CB; the
/// game is over when the state byte $CC reads $80.
/// </summary>
public sealed class Phoenix : GameRules
{
    private const int ScoreLow = 0xC8, ScoreHigh = 0xC9, LastDigitAddress = 0xC7, LivesAddress = 0xCB, StateAddress = 0xCC;

    /// <summary>The displayed score counts tens.</summary>
    private const int ScoreUnit = 10;

    private const int GameOverState = 0x80, StartLives = 5;

    public override string Name => "phoenix";
    public override string Md5 => "7e52a95074a66640fcfde124fffd491a";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, Down, RightFire, LeftFire, DownFire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int count = 10 * DecimalScore(ram, ScoreLow, ScoreHigh) + (Ram(ram, LastDigitAddress) >> 4);
        ScoreIs(ScoreUnit * count);
        Terminal = Ram(ram, StateAddress) == GameOverState;
        LivesLeft = Ram(ram, LivesAddress) & 0x07;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
