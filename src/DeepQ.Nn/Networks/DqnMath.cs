namespace DeepQ.Nn.Networks;

/// <summary>
/// The small tensor operations of a DQN update on Q-values [B, A]: gather the Q of taken
/// actions, max/argmax over actions, and the (Double-)DQN bootstrap targets.
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

    /// <summary>DQN target y = r + γ (1 − done) max_a Q_target(s', a).</summary>
    public static void DqnTargets(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> dones, float gamma,
        ReadOnlySpan<float> qNextTarget, int actionCount, Span<float> dst)
    {
        int batch = Rows(qNextTarget, actionCount, rewards.Length);
        for (int b = 0; b < batch; b++)
        {
            var row = qNextTarget.Slice(b * actionCount, actionCount);
            dst[b] = dones[b] ? rewards[b] : rewards[b] + gamma * row[Argmax(row)];
        }
    }

    /// <summary>
    /// Double-DQN target (van Hasselt et al. 2016): the online network chooses, the target
    /// network evaluates: y = r + γ (1 − done) Q_target(s', argmax_a Q_online(s', a)).
    /// </summary>
    public static void DoubleDqnTargets(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> dones, float gamma,
        ReadOnlySpan<float> qNextOnline, ReadOnlySpan<float> qNextTarget, int actionCount, Span<float> dst)
    {
        int batch = Rows(qNextTarget, actionCount, rewards.Length);
        Rows(qNextOnline, actionCount, batch);
        for (int b = 0; b < batch; b++)
        {
            int a = Argmax(qNextOnline.Slice(b * actionCount, actionCount));
            dst[b] = dones[b] ? rewards[b] : rewards[b] + gamma * qNextTarget[b * actionCount + a];
        }
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
