using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Time Pilot: the score in hundreds is BCD at RAM $8D (low) and $8F (high). Spare lives in the
/// low three bits of $8B (lives = spare + 1), read only while flying (low nibble of $80 is 2),
/// since the byte is meaningless between stages. The game is over when $A0 is non-zero.
/// </summary>
public sealed class TimePilot : GameRules
{
    private const int ScoreLow = 0x8D, ScoreHigh = 0x8F, LivesAddress = 0x8B, ScreenAddress = 0x80, GameOverAddress = 0xA0;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    /// <summary>Low nibble of the screen byte while flying.</summary>
    private const int FlyingScreen = 2;

    private const int StartLives = 5;

    public override string Name => "time_pilot";
    public override string Md5 => "fc2104dd2dadf9a6176c1c1c8f87ced9";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Up, Right, Left, Down, UpFire, RightFire, LeftFire, DownFire];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh));
        if ((Ram(ram, ScreenAddress) & 0x0F) == FlyingScreen) LivesLeft = (Ram(ram, LivesAddress) & 0x07) + 1;
        Terminal = Ram(ram, GameOverAddress) != 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
