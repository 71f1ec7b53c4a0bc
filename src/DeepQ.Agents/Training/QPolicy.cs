using System.Runtime.InteropServices;
using DeepQ.Nn;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents.Training;

/// <summary>
/// Bridges generic observation buffers (byte Atari frames, float vectors) to the Q-network's two
/// typed forward passes, and picks epsilon-greedy actions.
/// </summary>
public static class QPolicy
{
    /// <summary>Q-values [B, A] for observations [B, ...]; valid until the network's next forward.</summary>
    public static Tensor Forward<T>(QNetwork net, ReadOnlySpan<T> observations, int batch) where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return net.Forward(MemoryMarshal.Cast<T, byte>(observations), batch);
        if (typeof(T) == typeof(float)) return net.Forward(MemoryMarshal.Cast<T, float>(observations), batch);
        throw new NotSupportedException($"observations of {typeof(T).Name} are not supported");
    }

    /// <summary>argmax_a Q(s, a) for one observation; ties go to the lowest action.</summary>
    public static int Greedy<T>(QNetwork net, ReadOnlySpan<T> observation) where T : unmanaged =>
        DqnMath.Argmax(Forward(net, observation, 1).Span);

    /// <summary>
    /// With probability epsilon a uniform random action, else the greedy one. Always draws exactly
    /// one uniform number first (plus one integer when exploring), so the stream stays aligned
    /// whatever epsilon is.
    /// </summary>
    public static int EpsilonGreedy<T>(QNetwork net, ReadOnlySpan<T> observation, double epsilon, RandomStream rng) where T : unmanaged
    {
        if (rng.NextDouble() < epsilon) return rng.NextInt(net.ActionCount);
        return Greedy(net, observation);
    }
}
