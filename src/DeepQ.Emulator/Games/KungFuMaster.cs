using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>Kung-Fu Master: six-digit BCD score at RAM $9A/$99/$98; lives are the low three bits of $9D plus one; over when $9D reads 0xFF.</summary>
public sealed class KungFuMaster : GameRules
{
    public override string Name => "kung_fu_master";
    public override string Md5 => "0b4e793c9425175498f5a65a3e960086";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
    [
        AleAction.Noop, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down, AleAction.DownRight, AleAction.DownLeft,
        AleAction.RightFire, AleAction.LeftFire, AleAction.DownFire, AleAction.UpRightFire, AleAction.UpLeftFire, AleAction.DownRightFire, AleAction.DownLeftFire,
    ];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x9A, 0x99, 0x98));
        int lives = Ram(ram, 0x9D);
        Terminal = lives == 0xFF;
        LivesLeft = (lives & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 4;
    }
}
