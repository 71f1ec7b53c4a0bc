using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Gravitar: score is BCD at RAM $89, $88, $87 (lowest digits first; ALE reads 9, 8, 7). $81 is
/// the current screen: 0 the start screen (lives count as 6), 1 game over; otherwise lives are
/// the spare count at $84 + 1. FIRE is pressed 16 times to start. Modes 0-4 are chosen with
/// SELECT held 10 frames (mode byte $80).
/// </summary>
public sealed class Gravitar : GameRules
{
    private const int ScoreLow = 0x89, ScoreMiddle = 0x88, ScoreHigh = 0x87, ScreenAddress = 0x81, SpareLivesAddress = 0x84;

    /// <summary>Values of the screen byte on the start screen and once the game is over.</summary>
    private const int StartScreen = 0x00, GameOverScreen = 0x01;

    private const int StartLives = 6;

    /// <summary>FIRE presses (one frame each) ALE uses to get past the start screen.</summary>
    private const int StartingFirePresses = 16;

    public override string Name => "gravitar";
    public override string Md5 => "4767356fa0ed3ebe21437b4473d4ee28";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = Enumerable.Repeat(Fire, StartingFirePresses).ToArray();
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3, 4];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 10;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int screen = Ram(ram, ScreenAddress);
        Terminal = screen == GameOverScreen;
        LivesLeft = screen == StartScreen ? StartLives : Ram(ram, SpareLivesAddress) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
