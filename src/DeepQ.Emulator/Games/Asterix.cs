using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Asterix: score is BCD at RAM $E0, $DF, $DE (lowest digits first); lives in the low nibble of
/// $D3. The game is over when the death counter $C7 reads 1 with one life left (waiting for
/// lives to reach 0 would miss it: holding FIRE on that frame restarts the game). FIRE starts.
/// </summary>
public sealed class Asterix : GameRules
{
    private const int ScoreLow = 0xE0, ScoreMiddle = 0xDF, ScoreHigh = 0xDE, LivesAddress = 0xD3, DeathCounterAddress = 0xC7;

    /// <summary>Death-counter value on the last frame of a death animation.</summary>
    private const int DeathCounterEnd = 0x01;

    private const int StartLives = 3;

    public override string Name => "asterix";
    public override string Md5 => "89a68746eff7f266bbf08de2483abe55";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } =
        [Noop, Up, Right, Left, Down, UpRight, UpLeft, DownRight, DownLeft];
    public override IReadOnlyList<Ale.AleAction> StartingActions { get; } = [Fire];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
        LivesLeft = Ram(ram, LivesAddress) & 0x0F;
        Terminal = Ram(ram, DeathCounterAddress) == DeathCounterEnd && LivesLeft == 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = StartLives;
    }
}
