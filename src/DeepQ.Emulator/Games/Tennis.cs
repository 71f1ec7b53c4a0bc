namespace DeepQ.Emulator.Games;

/// <summary>
/// Tennis: games won are at RAM $C7 (player) and $C8 (computer), points in the current game at
/// $C5 and $C6. A change in the games difference is the reward when there is one, otherwise a
/// change in the points difference. The set is over at 6 games with a lead of 2, or at 7 games.
/// No lives. Modes 0 and 2 are chosen with SELECT (mode byte $80).
/// </summary>
public sealed class Tennis : GameRules
{
    private const int PlayerPoints = 0xC5, ComputerPoints = 0xC6, PlayerGames = 0xC7, ComputerGames = 0xC8;

    /// <summary>Games that win a set with a lead of <see cref="WinningLead"/>, and games that win it outright.</summary>
    private const int SetGames = 6, WinningLead = 2, TieBreakGames = 7;

    /// <summary>(player - computer) games and points as of the previous frame.</summary>
    private int _lastGamesLead, _lastPointsLead;

    public override string Name => "tennis";
    public override string Md5 => "a5c96b046d5f8b7c96daaa12f925bef8";
    public override IReadOnlyList<Ale.AleAction> MinimalActions => Ale.AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int playerGames = Ram(ram, PlayerGames), computerGames = Ram(ram, ComputerGames);
        int gamesLead = playerGames - computerGames;
        int pointsLead = Ram(ram, PlayerPoints) - Ram(ram, ComputerPoints);
        Reward = gamesLead != _lastGamesLead ? gamesLead - _lastGamesLead
            : pointsLead != _lastPointsLead ? pointsLead - _lastPointsLead
            : 0;
        _lastGamesLead = gamesLead;
        _lastPointsLead = pointsLead;
        Terminal = (playerGames >= SetGames && gamesLead >= WinningLead)
            || (computerGames >= SetGames && -gamesLead >= WinningLead)
            || playerGames == TieBreakGames || computerGames == TieBreakGames;
    }

    public override void Reset()
    {
        base.Reset();
        _lastGamesLead = _lastPointsLead = 0;
    }

    protected override void SaveExtra(BinaryWriter w)
    {
        w.Write(_lastGamesLead);
        w.Write(_lastPointsLead);
    }

    protected override void LoadExtra(BinaryReader r)
    {
        _lastGamesLead = r.ReadInt32();
        _lastPointsLead = r.ReadInt32();
    }
}
