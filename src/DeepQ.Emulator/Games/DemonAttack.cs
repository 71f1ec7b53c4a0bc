using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Demon Attack: score is BCD at RAM $85, $83, $81 (lowest digits first; the power-on pattern
/// $AB/$CD/$EA there means 0). Spare bunkers shown at $F2 (lives = shown + 1); the game is over
/// when none are shown and the display flag $F1 reads $BD, except on the first frame after a
/// mode change, which looks the same. The mode byte is $EA.
/// </summary>
/// <remarks>
/// ALE lists modes 1, 3, 5, 7. In this emulation, after choosing 3, 5 or 7 with SELECT the soft
/// reset leaves the game on its select screen (no bunkers shown, display flag $BD), which reads
/// as game over, so only the default mode 1, which needs no press, is offered until that is
/// understood.
/// </remarks>
public sealed class DemonAttack : GameRules
{
    private const int ScoreLow = 0x85, ScoreMiddle = 0x83, ScoreHigh = 0x81, LivesShownAddress = 0xF2, DisplayFlagAddress = 0xF1;

    /// <summary>Display-flag value on the game-over screen.</summary>
    private const int GameOverDisplay = 0xBD;

    private const int StartLives = 4;

    /// <summary>True until the first frame after a reset (ALE sets it when choosing the mode).</summary>
    private bool _levelChange;

    public override string Name => "demon_attack";
    public override string Md5 => "b24f6a5820a4b7763a3d547e3e07441d";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, RightFire, LeftFire];
    public override IReadOnlyList<int> Modes { get; } = [1];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xEA;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        bool uninitialised = Ram(ram, ScoreHigh) == 0xAB && Ram(ram, ScoreMiddle) == 0xCD && Ram(ram, ScoreLow) == 0xEA;
        ScoreIs(uninitialised ? 0 : DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int shown = Ram(ram, LivesShownAddress);
        Terminal = shown == 0 && Ram(ram, DisplayFlagAddress) == GameOverDisplay && !_levelChange;
        LivesLeft = shown + 1;
        _levelChange = false;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
        _levelChange = true;
    }

    protected override void SaveExtra(BinaryWriter w) => w.Write(_levelChange);

    protected override void LoadExtra(BinaryReader r) => _levelChange = r.ReadBoolean();
}
