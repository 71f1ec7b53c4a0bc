using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Tennis: points in the game ($C5 player, $C6 computer) and games in the set ($C7, $C8).
/// Winning or losing a game gives +1/-1, otherwise winning or losing a point does. The set ends
/// at 6 games with a lead of 2, or at 7. Modes 0 and 2 are chosen with SELECT, read from $80.
/// </summary>
public sealed class Tennis : GameRules
{
    // Previous (player - computer) difference in games and in points.
    private int _prevGames, _prevPoints;

    public override string Name => "tennis";
    public override string Md5 => "a5c96b046d5f8b7c96daaa12f925bef8";
    public override IReadOnlyList<AleAction> MinimalActions => AleActions.All;
    public override IReadOnlyList<int> Modes { get; } = [0, 2];
    public override IReadOnlyList<int> Difficulties { get; } = [0, 1, 2, 3];
    protected override int? ModeAddress => 0x80;
    protected override int SelectFrames => 2;

    public override void Step(ReadOnlySpan<byte> ram)
    {
        int myPoints = Ram(ram, 0xC5), theirPoints = Ram(ram, 0xC6);
        int myGames = Ram(ram, 0xC7), theirGames = Ram(ram, 0xC8);
        int points = myPoints - theirPoints, games = myGames - theirGames;
        Reward = games != _prevGames ? games - _prevGames : points != _prevPoints ? points - _prevPoints : 0;
        _prevGames = games;
        _prevPoints = points;
        Terminal = (myGames >= 6 && games >= 2) || (theirGames >= 6 && -games >= 2) || myGames == 7 || theirGames == 7;
    }

    public override void Reset()
    {
        base.Reset();
        _prevGames = _prevPoints = 0;
    }

    protected override void SaveExtra(BinaryWriter w) { w.Write(_prevGames); w.Write(_prevPoints); }

    protected override void LoadExtra(BinaryReader r) { _prevGames = r.ReadInt32(); _prevPoints = r.ReadInt32(); }
}
