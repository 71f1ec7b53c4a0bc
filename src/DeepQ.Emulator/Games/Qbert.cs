using static DeepQ.Emulator.Ale.AleAction;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Q*bert: score is BCD at RAM $DB, $DA, $D9 (lowest digits first). $88 counts spare lives as a
/// signed byte, from 2 down to -2 ($FE) when the game is over; a life is lost each time it drops
/// by exactly one. A game can also die and restart within one frame ($88 back at 2 right after
/// reading -1), which also ends the episode. No reward is given on the terminal frame, since
/// holding FIRE restarts and would otherwise clear the score into a large negative reward.
/// </summary>
public sealed class Qbert : GameRules
{
    private const int ScoreLow = 0xDB, ScoreMiddle = 0xDA, ScoreHigh = 0xD9, LivesAddress = 0x88;

    /// <summary>Lives byte once the game is over (-2), and its value at the start of a game.</summary>
    private const int GameOverLives = 0xFE, StartLivesByte = 2;

    private const int StartLives = 4;

    /// <summary>The lives byte of the previous frame, as a signed value.</summary>
    private int _lastLivesByte;

    public override string Name => "qbert";
    public override string Md5 => "484b0076816a104875e00467d431c2d2";
    public override IReadOnlyList<Ale.AleAction> MinimalActions { get; } = [Noop, Fire, Up, Right, Left, Down];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1];

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int livesByte = Ram(ram, LivesAddress);
        Terminal = livesByte == GameOverLives || (livesByte == StartLivesByte && _lastLivesByte == -1);
        int signedLives = (sbyte)livesByte;
        if (_lastLivesByte - 1 == signedLives) LivesLeft--;
        _lastLivesByte = signedLives;
        if (Terminal) Reward = 0;
        else ScoreIs(DecimalScore(ram, ScoreLow, ScoreMiddle, ScoreHigh));
    }

    public override void Reset()
    {
        base.Reset();
        _lastLivesByte = StartLivesByte;
        LivesLeft = StartLives;
    }

    protected override void SaveExtra(BinaryWriter w) => w.Write(_lastLivesByte);

    protected override void LoadExtra(BinaryReader r) => _lastLivesByte = r.ReadInt32();
}
