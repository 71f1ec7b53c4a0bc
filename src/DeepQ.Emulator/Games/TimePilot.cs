using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Time Pilot: BCD score in hundreds at RAM $8D (low) and $8F (high); over when $A0 is non-zero.
/// Lives (low three bits of $8B, plus one) are only read while flying (screen byte $80 low
/// nibble = 2), since the byte means other things between waves.
/// </summary>
public sealed class TimePilot : GameRules
{
    /// <summary>The score digits count hundreds of points.</summary>
    private const int PointsPerUnit = 100;

    /// <summary>Screen id (low nibble of $80) while the player is flying.</summary>
    private const int FlyingScreen = 2;

    public override string Name => "time_pilot";
    public override string Md5 => "fc2104dd2dadf9a6176c1c1c8f87ced9";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
    [
        AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down,
        AleAction.UpFire, AleAction.RightFire, AleAction.LeftFire, AleAction.DownFire,
    ];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x8D, 0x8F) * PointsPerUnit);
        Terminal = Ram(ram, 0xA0) != 0;
        if ((Ram(ram, 0x80) & 0x0F) == FlyingScreen) LivesLeft = (Ram(ram, 0x8B) & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 5;
    }
}
