using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Defender (ALE's image; the dump in the shared ROM set never finishes loading in ALE and is refused):
/// six score digits in the low nibbles of RAM $9C-$A1, lowest first, where a nibble of $A is a blank
/// shown for 0; lives at $C2, the game is over when they reach 0. Modes 1-9 and 16 (easy) are chosen
/// with 2-frame SELECT presses until $9B shows the mode.
/// </summary>
public sealed class Defender : GameRules
{
    private const int FirstDigit = 0x9C, Digits = 6, LivesAddress = 0xC2, Blank = 0xA;

    public override string Name => "defender";
    public override string Md5 => "0f643c34e40e3f1daafd9c524d3ffe64";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [1, 2, 3, 4, 5, 6, 7, 8, 9, 16];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0x9B;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int score = 0;
        for (int digit = Digits - 1; digit >= 0; digit--)
        {
            int v = Ram(ram, FirstDigit + digit) & 0x0F;
            score = score * 10 + (v == Blank ? 0 : v);
        }
        ScoreIs(score);
        LivesLeft = Ram(ram, LivesAddress);
        Terminal = LivesLeft == 0;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
