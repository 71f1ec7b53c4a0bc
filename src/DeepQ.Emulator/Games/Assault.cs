using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>Assault: six-digit BCD score at RAM $82/$81/$80; lives at $E5; over when they reach 0.</summary>
public sealed class Assault : GameRules
{
    public override string Name => "assault";
    public override string Md5 => "c31a17942d162b80962cb1f7571cd1d5";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.RightFire, AleAction.LeftFire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x82, 0x81, 0x80));
        LivesLeft = Ram(ram, 0xE5);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
