using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Q*bert: the lives byte at RAM $88 starts at 2 and reads 0xFE at death; a drop by one costs a
/// life. Score is six-digit BCD at $DB/$DA/$D9; no reward is given on the terminal frame
/// (the game resets its score there).
/// </summary>
public sealed class QBert : GameRules
{
    private const int LivesAddress = 0x88;

    /// <summary>Lives byte value once the last life is lost.</summary>
    private const int DeadValue = 0xFE;

    // Last lives byte as a signed value (ALE's m_last_lives).
    private int _lastLives;

    public override string Name => "qbert";
    public override string Md5 => "484b0076816a104875e00467d431c2d2";
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];
    public override IReadOnlyList<AleAction> MinimalActions { get; } =
        [AleAction.Noop, AleAction.Fire, AleAction.Up, AleAction.Right, AleAction.Left, AleAction.Down];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == DeadValue || (livesByte == 0x02 && _lastLives == -1);
        int signed = (sbyte)livesByte;
        if (_lastLives - 1 == signed) LivesLeft--;
        _lastLives = signed;
        if (!Terminal) ScoreIs(DecimalScore(ram, 0xDB, 0xDA, 0xD9));
        else Reward = 0;
    }

    public override void Reset()
    {
        base.Reset();
        _lastLives = 2;
        LivesLeft = 4;
    }

    protected override void SaveExtra(BinaryWriter w) => w.Write(_lastLives);

    protected override void LoadExtra(BinaryReader r) => _lastLives = r.ReadInt32();
}
