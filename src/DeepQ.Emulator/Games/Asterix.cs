using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Asterix: six-digit BCD score at RAM $E0/$DF/$DE; lives in the low nibble of $D3. Over on the
/// last life when the death counter $C7 reads 1 (a frame later FIRE would restart the game).
/// ALE presses FIRE once to start.
/// </summary>
public sealed class Asterix : GameRules
{
    public override string Name => "asterix";
    public override string Md5 => "89a68746eff7f266bbf08de2483abe55";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.UpRight, AleAction.UpLeft, AleAction.DownRight, AleAction.DownLeft];
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Fire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xE0, 0xDF, 0xDE));
        LivesLeft = Ram(ram, 0xD3) & 0x0F;
        Terminal = Ram(ram, 0xC7) == 0x01 && LivesLeft == 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
