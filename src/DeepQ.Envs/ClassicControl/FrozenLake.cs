namespace DeepQ.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>FrozenLake-v1</c>: walk from S to G on a grid of frozen (F) cells and holes (H).
/// Actions 0 left, 1 down, 2 right, 3 up. Slippery (the default): the intended move happens with
/// probability 1/3 and each perpendicular move with 1/3. Observation: the cell index
/// <c>row*ncol+col</c> as one int (<c>Discrete(16)</c> or <c>Discrete(64)</c>). Reward 1 on
/// reaching G; terminates in G or H; the limit (100 steps 4x4, 200 steps 8x8) is TimeLimit's.
/// Use <see cref="Wrappers.OneHot"/> to feed a network.
/// </summary>
public sealed class FrozenLake : ClassicEnv<int>
{
    public const int Left = 0, Down = 1, Right = 2, Up = 3;

    public static readonly string[] Map4x4 = ["SFFF", "FHFH", "FFFH", "HFFG"];
    public static readonly string[] Map8x8 =
    [
        "SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF",
        "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG",
    ];

    private readonly char[] _cells;
    private int _state;

    /// <param name="mapName">"4x4" (default) or "8x8", Gymnasium's <c>map_name</c>.</param>
    /// <param name="isSlippery">Gymnasium's <c>is_slippery</c>, default true.</param>
    /// <param name="desc">A custom map (rows of S/F/H/G) instead of a named one.</param>
    public FrozenLake(string mapName = "4x4", bool isSlippery = true, string[]? desc = null, string id = "FrozenLake-v1")
        : base(id, 1)
    {
        desc ??= mapName switch
        {
            "4x4" => Map4x4,
            "8x8" => Map8x8,
            _ => throw new EnvException($"FrozenLake map_name '{mapName}' is unknown; use 4x4 or 8x8."),
        };
        NRow = desc.Length;
        NCol = desc[0].Length;
        if (desc.Any(r => r.Length != NCol) || desc.SelectMany(r => r).Any(ch => "SFHG".IndexOf(ch) < 0) || desc.Sum(r => r.Count(ch => ch == 'S')) == 0)
            throw new EnvException("FrozenLake map must be rows of equal length made of S, F, H, G with at least one S.");
        _cells = desc.SelectMany(r => r).ToArray();
        IsSlippery = isSlippery;
        ObservationSpace = new DiscreteSpace(NRow * NCol);
    }

    public int NRow { get; }
    public int NCol { get; }
    public bool IsSlippery { get; }
    public override Space ObservationSpace { get; }
    public override DiscreteSpace ActionSpace { get; } = new(4);

    /// <summary>The current cell index.</summary>
    public int State
    {
        get => _state;
        set { _state = value; WriteObservation(); }
    }

    public char Cell(int index) => _cells[index];

    protected override void ResetState()
    {
        // Gymnasium samples the start from the uniform distribution over S cells.
        int starts = _cells.Count(ch => ch == 'S');
        int pick = starts == 1 ? 0 : Rng.NextInt(starts);
        for (int i = 0; i < _cells.Length; i++)
            if (_cells[i] == 'S' && pick-- == 0) { _state = i; break; }
        Info.Prob = 1.0;
    }

    protected override (double Reward, bool Terminated) Advance(int action)
    {
        char here = _cells[_state];
        if (here == 'G' || here == 'H')
        {
            // Gymnasium's transition table keeps terminal cells absorbing with reward 0.
            Info.Prob = 1.0;
            return (0.0, true);
        }
        int move = action;
        double prob = 1.0;
        if (IsSlippery)
        {
            // Candidates in Gymnasium's order: (a-1)%4, a, (a+1)%4, each 1/3. Drawing one uniformly
            // equals its cumulative-probability sample; neighbours that coincide stay separate entries.
            int k = Rng.NextInt(3);
            move = (action + 3 + k) % 4;
            prob = 1.0 / 3.0;
        }
        _state = Move(_state, move);
        Info.Prob = prob;
        char next = _cells[_state];
        return (next == 'G' ? 1.0 : 0.0, next == 'G' || next == 'H');
    }

    /// <summary>The cell reached from <paramref name="s"/> by <paramref name="direction"/>; walls keep you in place.</summary>
    public int Move(int s, int direction)
    {
        int row = s / NCol, col = s % NCol;
        switch (direction)
        {
            case Left: col = Math.Max(col - 1, 0); break;
            case Down: row = Math.Min(row + 1, NRow - 1); break;
            case Right: col = Math.Min(col + 1, NCol - 1); break;
            case Up: row = Math.Max(row - 1, 0); break;
        }
        return row * NCol + col;
    }

    protected override void WriteObservation() => Obs[0] = _state;

    public override (int Height, int Width) RenderSize => (NRow * 32, NCol * 32);

    /// <summary>The grid, 32x32 pixels per cell: ice, dark holes, green goal, red agent.</summary>
    public override void Render(Span<byte> rgb)
    {
        var c = new Canvas(rgb, NRow * 32, NCol * 32);
        for (int i = 0; i < _cells.Length; i++)
        {
            int x = i % NCol * 32, y = i / NCol * 32;
            (byte r, byte g, byte b) = _cells[i] switch
            {
                'H' => ((byte)20, (byte)40, (byte)80),
                'G' => ((byte)40, (byte)180, (byte)60),
                'S' => ((byte)200, (byte)220, (byte)240),
                _ => ((byte)180, (byte)210, (byte)240),
            };
            c.FillRect(x, y, 32, 32, r, g, b);
            c.FillRect(x, y, 32, 1, 255, 255, 255);
            c.FillRect(x, y, 1, 32, 255, 255, 255);
        }
        c.FillCircle(_state % NCol * 32 + 16, _state / NCol * 32 + 16, 10, 220, 40, 40);
    }
}
