using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Beamrider: six-digit BCD score at RAM $89/$8A/$8B; lives are $85 + 1, but a lost life only
/// counts once the death animation ends ($8C reads 1), because the counter blinks meanwhile.
/// Over when $85 reads 255. ALE presses RIGHT once to start.
/// </summary>
public sealed class BeamRider : GameRules
{
    public override string Name => "beam_rider";
    public override string Md5 => "79ab4123a83dc11d468fb2108ea09e2e";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.UpRight, AleAction.UpLeft, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Right];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 9, 10, 11));
        int lives = Ram(ram, 0x85) + 1;
        if (lives != LivesLeft - 1 || Ram(ram, 0x8C) == 0x01) LivesLeft = lives;
        Terminal = Ram(ram, 5) == 255;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
