namespace DeepQ.Agents.Replay;

/// <summary>
/// One sampled minibatch, in buffers reused across steps so sampling allocates nothing.
/// Observations are laid out [B, S*F] = [B, S, F] with the oldest stacked frame first
/// (for Atari [B,4,84,84] bytes; for CartPole [B,1,4] floats).
/// </summary>
public sealed class ReplayBatch<T> where T : unmanaged
{
    public ReplayBatch(int batchSize, int observationSize)
    {
        BatchSize = batchSize;
        ObservationSize = observationSize;
        Observations = new T[batchSize * observationSize];
        NextObservations = new T[batchSize * observationSize];
        Actions = new int[batchSize];
        Returns = new float[batchSize];
        Discounts = new float[batchSize];
        Weights = new float[batchSize];
        Indices = new long[batchSize];
    }

    public int BatchSize { get; }
    /// <summary>Elements per observation: stack size times frame size.</summary>
    public int ObservationSize { get; }
    /// <summary>[B, S, F] observation at time t.</summary>
    public T[] Observations { get; }
    /// <summary>[B, S, F] observation the target network bootstraps from (t + k for a k-step return).</summary>
    public T[] NextObservations { get; }
    /// <summary>[B] action taken at t.</summary>
    public int[] Actions { get; }
    /// <summary>[B] discounted sum of the k rewards r_t + γ r_{t+1} + ... (k = n-step, shorter at episode ends).</summary>
    public float[] Returns { get; }
    /// <summary>[B] γ^k, or 0 when the episode terminated inside the window (no bootstrap); truncation keeps γ^k.</summary>
    public float[] Discounts { get; }
    /// <summary>[B] importance-sampling weights for prioritized replay, normalised so the largest is 1; all 1 for uniform.</summary>
    public float[] Weights { get; }
    /// <summary>[B] transition ids, handed back to <c>UpdatePriorities</c>.</summary>
    public long[] Indices { get; }
}
