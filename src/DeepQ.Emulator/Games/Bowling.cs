using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Bowling: score is BCD at RAM $A1 (ones, tens) and $A6 (hundreds); the game is over after the
/// tenth frame, when the frame counter $A4 passes $10. No lives. Modes 0, 2, 4 are chosen with
/// SELECT (mode byte $82).
/// </summary>
public sealed class Bowling : GameRules
{
    private const int ScoreLow = 0xA1, ScoreHigh = 0xA6, FrameAddress = 0xA4;

    /// <summary>Frame counter value after the last frame of a game.</summary>
    private const int LastFrame = 0x10;

    public override string Name => "bowling";
    public override string Md5 => "c9b7afad3bfd922e006a6bfc1d4f3fe7";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Up, Down, UpFire, DownFire];
    public override IReadOnlyList<int> Modes { get; } = [0, 2, 4];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0x82;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreHigh));
        Terminal = Ram(ram, FrameAddress) > LastFrame;
    }
}
