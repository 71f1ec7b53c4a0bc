using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// H.E.R.O.: six-digit BCD score at RAM $B9/$B8/$B7; lives at $B3; over when they reach 0.
/// The mode byte is $80; modes 0-4 (starting levels) are chosen with one-frame SELECT presses.
/// </summary>
public sealed class Hero : GameRules
{
    public override string Name => "hero";
    public override string Md5 => "fca4a5be1251927027f2c24774a02160";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 1, 2, 3, 4];
    protected override int? ModeAddress => 0x80;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xB9, 0xB8, 0xB7));
        LivesLeft = Ram(ram, 0xB3);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
