using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Beamrider: score is BCD at RAM $89, $8A, $8B (lowest digits first); spare ships at $85
/// (lives = spare + 1). The counter blinks while the ship explodes, so a lost life only counts
/// once $8C reads 1 (the death animation is over). The game is over when the spare count at $85
/// drops below zero ($FF). RIGHT is pressed once to start.
/// </summary>
public sealed class BeamRider : GameRules
{
    private const int ScoreLow = 0x89, ScoreMiddle = 0x8A, ScoreHigh = 0x8B;
    private const int SpareShipsAddress = 0x85, DeathAnimationAddress = 0x8C;

    /// <summary>Value of the death-animation byte once the explosion has finished.</summary>
    private const int DeathAnimationDone = 0x01;

    /// <summary>Spare-ships byte once the last ship is lost (-1).</summary>
    private const int GameOverSpares = 0xFF;

    private const int StartLives = 3;

    public override string Name => "beam_rider";
    public override string Md5 => "79ab4123a83dc11d468fb2108ea09e2e";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Up, Right, Left, UpRight, UpLeft, RightFire, LeftFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Right];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int lives = Ram(ram, SpareShipsAddress) + 1;
        if (lives != LivesLeft - 1 || Ram(ram, DeathAnimationAddress) == DeathAnimationDone)
            LivesLeft = lives;
        Terminal = Ram(ram, SpareShipsAddress) == GameOverSpares;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
