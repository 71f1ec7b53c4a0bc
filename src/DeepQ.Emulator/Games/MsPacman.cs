using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Ms. Pac-Man: score is BCD at RAM $F8, $F9, $FA (lowest digits first). The low three bits of
/// $FB are spare lives (lives = spare + 1); the game is over when its low nibble is 0 and the
/// death timer $A7 reads $53.
/// </summary>
/// <remarks>
/// ALE selects modes by two bytes at once (mode $99 and variation $A1), which the single
/// mode-byte selection of <see cref="GameRules.SetMode"/> cannot express, so only the default
/// mode 0 is offered; after a reset this ROM already shows mode 1, variation 1, which is what
/// ALE's mode 0 selects, so no SELECT press is missed.
/// </remarks>
public sealed class MsPacman : GameRules
{
    private const int ScoreLow = 0xF8, ScoreMiddle = 0xF9, ScoreHigh = 0xFA, LivesAddress = 0xFB, DeathTimerAddress = 0xA7;

    /// <summary>Death-timer value on the frame the last life is lost.</summary>
    private const int FinalDeathTimer = 0x53;

    private const int StartLives = 3;

    public override string Name => "ms_pacman";
    public override string Md5 => "9469d18238345d87768e8965f9f4a6b2";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Up, Right, Left, Down, UpRight, UpLeft, DownRight, DownLeft];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int livesNibble = Ram(ram, LivesAddress) & 0x0F;
        Terminal = livesNibble == 0 && Ram(ram, DeathTimerAddress) == FinalDeathTimer;
        LivesLeft = (livesNibble & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
