using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>Seaquest: six-digit BCD score at RAM $BA/$B9/$B8 (low to high); over when $A3 is non-zero; lives are $BB + 1.</summary>
public sealed class Seaquest : GameRules
{
    public override string Name => "seaquest";
    public override string Md5 => "240bfbac5163af4df5ae713985386f92";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0xBA, 0xB9, 0xB8));
        Terminal = Ram(ram, 0xA3) != 0;
        LivesLeft = Ram(ram, 0xBB) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
