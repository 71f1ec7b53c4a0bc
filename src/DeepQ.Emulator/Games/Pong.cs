using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Video Olympics (Pong): reward is the change in (player score - computer score); the game
/// ends when either side reaches 21. Scores live at RAM $8D (computer) and $8E (player).
/// </summary>
public sealed class Pong : GameRules
{
    private const int ComputerScore = 13, PlayerScore = 14;

    /// <summary>Points that end a game.</summary>
    private const int WinningScore = 21;

    public override string Name => "pong";
    public override string Md5 => "60e0ea3cbe0913d39803477945e9e5ec";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Right, AleAction.Left, AleAction.RightFire, AleAction.LeftFire];
    public override bool UsesPaddles => true;
    public override bool SwapPaddles => true;
    public override IReadOnlyList<int> Modes { get; } = [0, 1];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x96;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int computer = Ram(ram, ComputerScore), player = Ram(ram, PlayerScore);
        ScoreIs(player - computer);
        Terminal = computer == WinningScore || player == WinningScore;
    }
}
