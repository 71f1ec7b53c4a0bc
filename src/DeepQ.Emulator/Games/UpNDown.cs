using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Up'n Down: six-digit BCD score at RAM $82/$81/$80; lives are the low nibble of $86 plus one;
/// over when it is 0 and the death timer $94 passes 0x40. ALE presses FIRE once to start.
/// </summary>
public sealed class UpNDown : GameRules
{
    public override string Name => "up_n_down";
    public override string Md5 => "a499d720e7ee35c62424de882a3351b6";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Down, AleAction.UpFire, AleAction.DownFire];
    public override IReadOnlyList<AleAction> StartingActions { get; } = [AleAction.Fire];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x82, 0x81, 0x80));
        int lives = Ram(ram, 0x86) & 0x0F;
        Terminal = Ram(ram, 0x94) > 0x40 && lives == 0;
        LivesLeft = lives + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 5;
    }
}
