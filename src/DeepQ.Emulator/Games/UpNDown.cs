using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Up'n Down: score is BCD at RAM $82, $81, $80 (lowest digits first). Spare lives in the low
/// nibble of $86 (lives = spare + 1); the game is over when none are spare and the death timer
/// $94 is past $40. FIRE starts.
/// </summary>
public sealed class UpNDown : GameRules
{
    private const int ScoreLow = 0x82, ScoreMiddle = 0x81, ScoreHigh = 0x80, LivesAddress = 0x86, DeathTimerAddress = 0x94;

    /// <summary>Death-timer value beyond which the last death has played out.</summary>
    private const int DeathTimerEnd = 0x40;

    private const int StartLives = 5;

    public override string Name => "up_n_down";
    public override string Md5 => "a499d720e7ee35c62424de882a3351b6";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Up, Down, UpFire, DownFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int spare = Ram(ram, LivesAddress) & 0x0F;
        Terminal = Ram(ram, DeathTimerAddress) > DeathTimerEnd && spare == 0;
        LivesLeft = spare + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
