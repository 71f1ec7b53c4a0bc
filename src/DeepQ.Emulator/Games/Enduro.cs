using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Enduro: the day ($AD, 0 before the race) and the cars still to pass that day (BCD $AB/$AC)
/// give the cars passed so far: 200 on day 1, 300 each later day; one point per car. Over when
/// $AF reads 0xFF. ALE presses FIRE once to start.
/// </summary>
public sealed class Enduro : GameRules
{
    private const int FirstDayCars = 200, LaterDayCars = 300;

    public override string Name => "enduro";
    public override string Md5 => "94b92a882f6dbaa6993a46e2dcc58402";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.DownRight, AleAction.DownLeft, AleAction.RightFire, AleAction.LeftFire];
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Fire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        int day = Ram(ram, 0xAD);
        if (day != 0)
        {
            int toPass = DecimalScore(ram, 0xAB, 0xAC);
            score = day == 1 ? FirstDayCars - toPass : FirstDayCars + (day - 2) * LaterDayCars + LaterDayCars - toPass;
        }
        ScoreIs(score);
        Terminal = Ram(ram, 0xAF) == 0xFF;
    }
}
