namespace DeepQ.Emulator.Games;

/// <summary>
/// Bank Heist: score is BCD at RAM $DA, $D9, $D8 (lowest digits first); lives at $D5. The game
/// is over when the death timer $CE reads 1 with no lives left. The mode byte is $80.
/// </summary>
/// <remarks>Modes 0, 4, ..., 28 are chosen with one-frame SELECT presses, as ALE does.</remarks>
public sealed class BankHeist : GameRules
{
    private const int ScoreLow = 0xDA, ScoreMiddle = 0xD9, ScoreHigh = 0xD8, LivesAddress = 0xD5, DeathTimerAddress = 0xCE;

    /// <summary>Death-timer value on the last frame of a death.</summary>
    private const int DeathTimerEnd = 0x01;

    private const int StartLives = 5;

    public override string Name => "bank_heist";
    public override string Md5 => "83b8c01c72306d60dd9b753332ebd276";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 4, 8, 12, 16, 20, 24, 28];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = Ram(ram, DeathTimerAddress) == DeathTimerEnd && LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
