namespace DeepQ.Emulator.Games;

/// <summary>
/// Chopper Command: the score in hundreds is BCD at RAM $EE (low) and $EC (high); lives in the low
/// nibble of $E4. Lives also read 0 on the mode-select screen, so the game only counts as over
/// once play has started, seen as bit 0 of $C2 (chopper facing right, as every game begins) going
/// on. Modes 0 and 2 are chosen with SELECT (mode byte $E0).
/// </summary>
public sealed class ChopperCommand : GameRules
{
    private const int ScoreLow = 0xEE, ScoreHigh = 0xEC, LivesAddress = 0xE4, FacingAddress = 0xC2;

    /// <summary>The displayed score counts hundreds.</summary>
    private const int ScoreUnit = 100;

    private const int StartLives = 3;

    public override string Name => "chopper_command";
    public override string Md5 => "c1cb228470a87beb5f36e90ac745da26";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xE0;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(ScoreUnit * DecimalScore(ram, ScoreLow, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress) & 0x0F;
        Started |= (Ram(ram, FacingAddress) & 0x01) != 0;
        Terminal = Started && LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
