namespace DeepQ.Nn.Networks;

/// <summary>
/// The small tensor operations of a DQN update on Q-values [B, A]: gather the Q of taken
/// actions, max/argmax over actions, and the bootstrap targets.
/// </summary>
public static class DqnMath
{
    /// <summary>dst[b] = q[b, actions[b]] (torch.gather along dim 1).</summary>
    public static void Gather(ReadOnlySpan<float> q, int actionCount, ReadOnlySpan<int> actions, Span<float> dst)
    {
        int batch = Rows(q, actionCount, actions.Length);
        for (int b = 0; b < batch; b++) dst[b] = q[b * actionCount + CheckAction(actions[b], actionCount)];
    }

    /// <summary>Backward of <see cref="Gather"/>: dQ[b, a] = dL/dgathered[b] when a = actions[b], else 0.</summary>
    public static void GatherBackward(ReadOnlySpan<float> dGathered, int actionCount, ReadOnlySpan<int> actions, Span<float> dq)
    {
        int batch = Rows(dq, actionCount, actions.Length);
        dq.Clear();
        for (int b = 0; b < batch; b++) dq[b * actionCount + CheckAction(actions[b], actionCount)] = dGathered[b];
    }

    /// <summary>Index of the largest value; ties go to the lowest index (as torch.argmax on CPU).</summary>
    public static int Argmax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
            if (row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>dst[b] = argmax_a q[b, a].</summary>
    public static void ArgmaxRows(ReadOnlySpan<float> q, int actionCount, Span<int> dst)
    {
        int batch = Rows(q, actionCount, dst.Length);
        for (int b = 0; b < batch; b++) dst[b] = Argmax(q.Slice(b * actionCount, actionCount));
    }

    /// <summary>dst[b] = max_a q[b, a].</summary>
    public static void MaxRows(ReadOnlySpan<float> q, int actionCount, Span<float> dst)
    {
        int batch = Rows(q, actionCount, dst.Length);
        for (int b = 0; b < batch; b++) dst[b] = q[b * actionCount + Argmax(q.Slice(b * actionCount, actionCount))];
    }

    /// <summary>
    /// Bootstrap targets y[b] = returns[b] + discounts[b] · qNext[b, actions[b]], where returns is
    /// the k-step return, discounts is γᵏ (0 when the episode terminated inside the window) and
    /// actions are the bootstrap actions: argmax of the target network's own Q-values (DQN) or of
    /// the online network's (Double DQN, van Hasselt et al. 2016).
    /// </summary>
    public static void Targets(ReadOnlySpan<float> returns, ReadOnlySpan<float> discounts, ReadOnlySpan<float> qNext,
        int actionCount, ReadOnlySpan<int> actions, Span<float> dst)
    {
        int batch = Rows(qNext, actionCount, returns.Length);
        if (discounts.Length != batch || actions.Length != batch || dst.Length != batch)
            throw new ArgumentException($"Targets: returns, discounts, actions and dst must all have B={batch} rows.");
        for (int b = 0; b < batch; b++)
            dst[b] = returns[b] + discounts[b] * qNext[b * actionCount + CheckAction(actions[b], actionCount)];
    }

    private static int Rows(ReadOnlySpan<float> q, int actionCount, int batch)
    {
        if (actionCount <= 0 || q.Length != batch * actionCount)
            throw new ArgumentException($"Q-values must be [B={batch}, A={actionCount}] = {batch * actionCount} floats, got {q.Length}.");
        return batch;
    }

    private static int CheckAction(int a, int actionCount) =>
        (uint)a < (uint)actionCount ? a : throw new ArgumentOutOfRangeException(nameof(a), $"Action {a} is outside 0..{actionCount - 1}.");
}
