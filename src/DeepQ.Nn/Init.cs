namespace DeepQ.Nn;

/// <summary>
/// PyTorch's default initialisation for Linear and Conv2d (kaiming_uniform with a = sqrt(5)
/// for weights, which reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound for
/// biases), drawn from our own counter-based generator rather than PyTorch's mt19937.
///
/// Generator (documented so that other languages can reproduce it exactly; the fixture
/// generator in tools/torch_fixtures does): for parameter name N and seed S,
///   key  = mix64(S XOR fnv1a64(utf8(N)))
///   z_i  = mix64(key + i * 0x9E3779B97F4A7C15)           (mod 2^64, i = flat element index)
///   u_i  = (z_i >> 40) * 2^-24                            (24-bit uniform in [0,1))
///   w_i  = (float)((2 * u_i - 1) * bound),  bound = 1 / sqrt(fan_in)   (double arithmetic)
/// where mix64 is the SplitMix64 finaliser. Each element depends only on (seed, name, index):
/// the stream is splittable, order-independent and identical on any thread schedule.
/// </summary>
public static class Init
{
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>SplitMix64's output function (Steele, Lea, Flood 2014).</summary>
    public static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>64-bit FNV-1a over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a64(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            h ^= b;
            h *= 0x100000001B3UL;
        }
        return h;
    }

    /// <summary>Fills <paramref name="dst"/> with U(-bound, bound) from the (seed, name) stream.</summary>
    public static void Uniform(Span<float> dst, double bound, ulong seed, string name)
    {
        ulong key = Mix64(seed ^ Fnv1a64(name));
        for (int i = 0; i < dst.Length; i++)
        {
            ulong z = Mix64(key + (ulong)i * Golden);
            double u = (z >> 40) * (1.0 / (1 << 24));
            dst[i] = (float)((2.0 * u - 1.0) * bound);
        }
    }

    /// <summary>PyTorch's default reset_parameters() for a Linear/Conv2d weight or bias.</summary>
    public static void Default(Parameter p, ulong seed) => Uniform(p.Value, 1.0 / Math.Sqrt(p.FanIn), seed, p.Name);
}
