using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Enduro: the score is cars passed. RAM $AD is the day (0 before the race starts); $AB, $AC
/// hold the BCD count of cars still to pass that day (200 on day 1, 300 after). The game is over
/// when $AF reads $FF (the quota was missed). FIRE is pressed once to start.
/// </summary>
public sealed class Enduro : GameRules
{
    private const int DayAddress = 0xAD, CarsLeftLow = 0xAB, CarsLeftHigh = 0xAC, DeathFlagAddress = 0xAF;

    /// <summary>Cars to pass on the first day, and on every later day.</summary>
    private const int FirstDayCars = 200, LaterDayCars = 300;

    public override string Name => "enduro";
    public override string Md5 => "94b92a882f6dbaa6993a46e2dcc58402";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Fire, Right, Left, Down, DownRight, DownLeft, RightFire, LeftFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int day = Ram(ram, DayAddress);
        int score = 0;
        if (day != 0)
        {
            int carsLeft = DecimalScore(ram, CarsLeftLow, CarsLeftHigh);
            score = day == 1
                ? FirstDayCars - carsLeft
                : FirstDayCars + (day - 2) * LaterDayCars + LaterDayCars - carsLeft;
        }
        ScoreIs(score);
        Terminal = Ram(ram, DeathFlagAddress) == 0xFF;
    }
}
