using System.Numerics;
using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Gopher: score is BCD at RAM $B2, $B1, $B0 (lowest digits first). The low three bits of $B4
/// are the carrots left, one bit each: lives are their count, and the game is over when none
/// are left. FIRE starts. Modes 0 and 2 are chosen with SELECT held 5 frames (mode byte $D3).
/// </summary>
/// <remarks>ALE soft-resets once more before choosing Gopher's mode; this selection does not.</remarks>
public sealed class Gopher : GameRules
{
    private const int ScoreLow = 0xB2, ScoreMiddle = 0xB1, ScoreHigh = 0xB0, CarrotsAddress = 0xB4;
    private const int CarrotBits = 0x07, StartLives = 3;

    public override string Name => "gopher";
    public override string Md5 => "8f90590dba143d783df5a6cff2000e4d";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Up, Right, Left, UpFire, RightFire, LeftFire];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    protected override int? ModeAddress => 0xD3;
    protected override int SelectFrames => 5;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        int carrots = Ram(ram, CarrotsAddress) & CarrotBits;
        Terminal = carrots == 0;
        LivesLeft = BitOperations.PopCount((uint)carrots);
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
