using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Crazy Climber: the score in hundreds is four digits, one plain byte each at RAM $82-$85 (ones
/// first). The score can be cleared before the game ends, so a negative reward is dropped to 0.
/// Lives at $AA; the game is over when they reach 0. Modes 0-3 are chosen with SELECT (mode
/// byte $80).
/// </summary>
public sealed class CrazyClimber : GameRules
{
    private const int FirstDigitAddress = 0x82, DigitCount = 4, LivesAddress = 0xAA;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int StartLives = 5;

    public override string Name => "crazy_climber";
    public override string Md5 => "55ef7b65066428367844342ed59f956c";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Up, Right, Left, Down, UpRight, UpLeft, DownRight, DownLeft];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        for (int digit = DigitCount - 1; digit >= 0; digit--) score = 10 * score + Ram(ram, FirstDigitAddress + digit);
        ScoreIs(ScoreUnit * score);
        if (Reward < 0) Reward = 0;
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
