namespace DeepQ.Envs;

/// <summary>
/// The environments' random generator: xoshiro256** seeded through SplitMix64. Same seed, same
/// stream, on every machine and .NET version. It does NOT reproduce numpy's PCG64, so initial
/// states differ from Gymnasium's for the same seed while following the same distributions.
/// </summary>
public sealed class EnvRng
{
    private ulong _s0, _s1, _s2, _s3;

    public EnvRng(ulong seed) => Reseed(seed);

    /// <summary>Restarts the stream as if freshly constructed with <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>One SplitMix64 step: used for seeding and to derive independent child seeds.</summary>
    public static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A seed for a child stream (e.g. env i of a vector env, or the emulator's own seed).</summary>
    public static ulong Derive(ulong seed, ulong index)
    {
        ulong x = seed ^ (0xD1B54A32D192ED03UL * (index + 1));
        return SplitMix(ref x);
    }

    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits, like numpy's <c>random()</c>.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high), computed as numpy does: <c>low + (high - low) * u</c>.</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong range = (ulong)n;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong r = NextULong();
            ulong hi = Math.BigMul(r, range, out ulong lo);
            if (lo >= threshold) return (int)hi;
        }
    }

    /// <summary>Uniform integer in [low, high) (numpy's <c>integers(low, high)</c>).</summary>
    public int NextInt(int low, int high) => low + NextInt(high - low);

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
