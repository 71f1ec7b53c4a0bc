using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Air Raid: score is BCD at RAM $AA, $A9, $A8 (lowest digits first); the game is over when the
/// lives byte $A7 reads $FF. ALE reports no lives. FIRE starts.
/// </summary>
/// <remarks>
/// ALE opens Air Raid's mode panel with a 20-frame SELECT before stepping through modes 1-8 (the
/// mode then shows in $AA, the score byte), which <see cref="GameRules.SetMode"/> cannot express,
/// so only the default mode 1 is offered, without that opening press.
/// </remarks>
public sealed class AirRaid : GameRules
{
    private const int ScoreLow = 0xAA, ScoreMiddle = 0xA9, ScoreHigh = 0xA8, LivesAddress = 0xA7;
    private const int GameOverLives = 0xFF;

    public override string Name => "air_raid";
    public override string Md5 => "35be55426c1fec32dfb503b4f0651572";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Right, Left, RightFire, LeftFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override IReadOnlyList<int> Modes { get; } = [1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        Terminal = Ram(ram, LivesAddress) == GameOverLives;
    }
}
