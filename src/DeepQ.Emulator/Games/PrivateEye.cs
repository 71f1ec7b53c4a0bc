using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Private Eye: score is BCD at RAM $CA, $C9, $C8 (lowest digits first) and starts at 1000, which
/// earns no reward. The copyright timer $C2 reads 0 while playing and 1 at the start; any other
/// value means the game is over. ALE reports no lives. UP is pressed once to start. Modes 0-4 are
/// chosen with SELECT (mode byte $80).
/// </summary>
public sealed class PrivateEye : GameRules
{
    private const int ScoreLow = 0xCA, ScoreMiddle = 0xC9, ScoreHigh = 0xC8, CopyrightTimerAddress = 0xC2;

    /// <summary>Score at the start of a game.</summary>
    private const int StartScore = 1000;

    public override string Name => "private_eye";
    public override string Md5 => "ef3a4f64b6494ba770862768caf04b86";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Up];
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3, 4];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override int Lives => 0;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int timer = Ram(ram, CopyrightTimerAddress);
        Terminal = timer is not (0x00 or 0x01);
    }

    public override void Reset()
    {
        base.Reset();
        Score = StartScore;
    }
}
