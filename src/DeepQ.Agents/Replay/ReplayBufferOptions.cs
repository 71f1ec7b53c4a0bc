namespace DeepQ.Agents.Replay;

/// <summary>Shape and behaviour of a <see cref="ReplayBuffer{T}"/>.</summary>
/// <param name="Capacity">Transitions kept (agent steps); the oldest are overwritten.</param>
/// <param name="FrameSize">Elements in one frame: 84*84 for Atari, 4 for CartPole.</param>
/// <param name="StackSize">Frames per observation: 4 for Atari's frame stack, 1 for vector observations.</param>
/// <param name="NStep">Rewards summed into one target (1 = plain one-step DQN).</param>
/// <param name="Gamma">Discount per agent step, used for n-step returns and the bootstrap discount.</param>
/// <param name="Prioritized">Proportional prioritized replay instead of uniform sampling.</param>
/// <param name="PriorityAlpha">How strongly priorities skew sampling (0 = uniform), Schaul et al.'s α (0.6).</param>
/// <param name="PriorityEpsilon">Added to |TD error| so no transition gets zero probability.</param>
public sealed record ReplayBufferOptions(
    int Capacity,
    int FrameSize,
    int StackSize = 1,
    int NStep = 1,
    double Gamma = 0.99,
    bool Prioritized = false,
    double PriorityAlpha = 0.6,
    double PriorityEpsilon = 1e-6)
{
    public void Validate()
    {
        if (Capacity < 1) throw new ConfigException($"buffer-size must be at least 1 transition (got {Capacity}).");
        if (FrameSize < 1) throw new ArgumentOutOfRangeException(nameof(FrameSize), FrameSize, "frame size must be positive");
        if (StackSize < 1) throw new ArgumentOutOfRangeException(nameof(StackSize), StackSize, "stack size must be positive");
        if (NStep < 1) throw new ConfigException($"n-step must be at least 1 (got {NStep}).");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ConfigException($"gamma must be in [0, 1] (got {Gamma}).");
        if (!(PriorityAlpha >= 0)) throw new ConfigException($"per-alpha must be >= 0 (got {PriorityAlpha}).");
        if (!(PriorityEpsilon > 0)) throw new ConfigException($"per-epsilon must be > 0 (got {PriorityEpsilon}).");
    }
}
