namespace DeepQ.Agents.Replay;

/// <summary>
/// A binary sum tree over a fixed number of leaves (one per replay slot) holding sampling
/// priorities, for proportional prioritized replay (Schaul et al. 2016): O(log n) update and
/// O(log n) "find the leaf where the running sum crosses u". Internal nodes are always
/// recomputed as left + right (never updated by deltas), so the tree is a pure function of its
/// leaves: rebuilding it from saved leaves after a resume gives bit-identical sums.
/// </summary>
public sealed class SumTree
{
    private readonly int _leafBase;   // index of leaf 0 in _nodes; a power of two
    private readonly double[] _nodes; // 1-based heap layout, _nodes[1] is the root

    public SumTree(int capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");
        Capacity = capacity;
        _leafBase = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _nodes = new double[2 * _leafBase];
    }

    public int Capacity { get; }

    /// <summary>Sum of all leaf priorities.</summary>
    public double Total => _nodes[1];

    public double this[int leaf] => _nodes[_leafBase + leaf];

    public void Set(int leaf, double priority)
    {
        if ((uint)leaf >= (uint)Capacity) throw new ArgumentOutOfRangeException(nameof(leaf));
        if (!(priority >= 0) || double.IsInfinity(priority)) throw new ArgumentOutOfRangeException(nameof(priority), priority, "must be finite and >= 0");
        int i = _leafBase + leaf;
        _nodes[i] = priority;
        for (i >>= 1; i >= 1; i >>= 1) _nodes[i] = _nodes[2 * i] + _nodes[2 * i + 1];
    }

    /// <summary>
    /// The leaf where the prefix sum first exceeds <paramref name="u"/> (0 &lt;= u &lt; Total).
    /// Never returns a zero-priority leaf while Total &gt; 0, even when rounding puts u at the edge.
    /// </summary>
    public int Find(double u)
    {
        if (!(Total > 0)) throw new InvalidOperationException("cannot sample from an empty sum tree");
        int i = 1;
        while (i < _leafBase)
        {
            double left = _nodes[2 * i], right = _nodes[2 * i + 1];
            if ((u < left && left > 0) || right <= 0) { i = 2 * i; }
            else { u -= left; i = 2 * i + 1; }
        }
        return i - _leafBase;
    }

    /// <summary>Recomputes every internal node from the leaves (after loading leaves from a checkpoint).</summary>
    public void Rebuild()
    {
        for (int i = _leafBase - 1; i >= 1; i--) _nodes[i] = _nodes[2 * i] + _nodes[2 * i + 1];
    }

    /// <summary>Writes a leaf without updating the sums; call <see cref="Rebuild"/> afterwards.</summary>
    internal void SetLeafRaw(int leaf, double priority) => _nodes[_leafBase + leaf] = priority;
}
