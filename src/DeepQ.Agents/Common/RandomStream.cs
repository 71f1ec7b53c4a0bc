namespace DeepQ.Agents;

/// <summary>
/// A small, fast, seedable random number generator (xoshiro256** by Blackman and Vigna) whose
/// whole state is four 64-bit words, so it can be written into a checkpoint and restored
/// exactly. System.Random cannot export its state, which would make resume non-identical.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds from a master seed and a stream id, so separate streams never overlap in practice.</summary>
    public RandomStream(long seed, ulong stream = 0)
    {
        // SplitMix64 expands (seed, stream) into the 256-bit state; it never yields all zeros in practice.
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (stream + 1) * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    private RandomStream(ulong s0, ulong s1, ulong s2, ulong s3) { _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3; }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = unchecked(x += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Derives a 31-bit non-negative seed for another component (env reset, network init) from this stream.</summary>
    public int NextSeed() => (int)(NextUInt64() >> 33);

    public ulong NextUInt64()
    {
        ulong result = unchecked(ulong.RotateLeft(_s1 * 5, 7) * 9);
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        return (int)NextLong(n);
    }

    /// <summary>Uniform integer in [0, n) for n up to 2^63.</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        ulong un = (ulong)n;
        ulong threshold = (0UL - un) % un;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * un;
            if ((ulong)m >= threshold) return (long)(ulong)(m >> 64);
        }
    }

    /// <summary>The full generator state, for checkpoints.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4) throw new ArgumentException("xoshiro256** state is four 64-bit words", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new ArgumentException("an all-zero state is invalid", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    public RandomStream Clone() => new(_s0, _s1, _s2, _s3);

    public void Write(BinaryWriter w) { w.Write(_s0); w.Write(_s1); w.Write(_s2); w.Write(_s3); }

    public void Read(BinaryReader r) => SetState([r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()]);
}
