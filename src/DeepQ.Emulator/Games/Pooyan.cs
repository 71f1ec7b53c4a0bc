using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Pooyan: six-digit BCD score at RAM $8A/$89/$88; lives are the low three bits of $96 plus one;
/// over when $96 is 0 and $98 reads 5. Modes 0x0A, 0x1E, 0x32, 0x46 ($BD): one 2-frame SELECT
/// press opens the mode screen, more presses step the mode.
/// </summary>
public sealed class Pooyan : GameRules
{
    public override string Name => "pooyan";
    public override string Md5 => "668dc528b7ea9345140f4fcfbecf7066";
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Down, AleAction.UpFire, AleAction.DownFire];
    public override IReadOnlyList<int> Modes { get; } = [0x0A, 0x1E, 0x32, 0x46];

    public override bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        console.PressSelect(2);
        PressSelectUntil(console, ram => Ram(ram, 0xBD) == mode, 2);
        console.SoftReset();
        return true;
    }

    public override void Step(ReadOnlySpan<byte> ram)
    {
        ScoreIs(DecimalScore(ram, 0x8A, 0x89, 0x88));
        int lives = Ram(ram, 0x96);
        Terminal = lives == 0 && Ram(ram, 0x98) == 0x05;
        LivesLeft = (lives & 0x07) + 1;
    }

    public override void Reset()
    {
        base.Reset();
        LivesLeft = 3;
    }
}
