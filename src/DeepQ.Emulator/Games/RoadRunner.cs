using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Road Runner: the score in hundreds is four digits, one per byte at RAM $C9-$CC (low nibble,
/// ones digit first; $A is a blank leading zero). The low three bits of $C4 are spare lives
/// (lives = spare + 1); the game is over when none are spare and the runner is moving in its
/// death animation ($B9 y-velocity or $BD x-velocity non-zero).
/// </summary>
public sealed class RoadRunner : GameRules
{
    private const int FirstDigitAddress = 0xC9, DigitCount = 4, LivesAddress = 0xC4, YVelocityAddress = 0xB9, XVelocityAddress = 0xBD;

    /// <summary>Digit value the game draws as a blank.</summary>
    private const int BlankDigit = 0x0A;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int StartLives = 3;

    public override string Name => "road_runner";
    public override string Md5 => "7d3cdde63b16fa637c4484e716839c94";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        for (int digit = DigitCount - 1; digit >= 0; digit--)
        {
            int value = Ram(ram, FirstDigitAddress + digit) & 0x0F;
            score = 10 * score + (value == BlankDigit ? 0 : value);
        }
        ScoreIs(ScoreUnit * score);
        int spare = Ram(ram, LivesAddress) & 0x07;
        Terminal = spare == 0 && (Ram(ram, YVelocityAddress) != 0 || Ram(ram, XVelocityAddress) != 0);
        LivesLeft = spare + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
