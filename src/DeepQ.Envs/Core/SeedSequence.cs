namespace DeepQ.Envs;

/// <summary>
/// numpy's <c>np.random.SeedSequence(seed).generate_state(n)</c> for a non-negative integer seed
/// (no spawn key, pool of 4 uint32 words): the seed is split into 32-bit words, hashed into the
/// pool, and the pool is hashed again into the output words. ale-py derives ALE's
/// <c>random_seed</c> from it (the second of two words), so <c>ALE/X-v5</c> envs seeded with the
/// same integer use the same sticky-action stream as Gymnasium's. All arithmetic is uint32, wrapping.
/// </summary>
public static class SeedSequence
{
    private const int PoolSize = 4;
    private const uint InitA = 0x43B0D7E5, MultA = 0x931E8875, InitB = 0x8B51F9DD, MultB = 0x58F38DED;
    private const uint MixMultL = 0xCA01F9DD, MixMultR = 0x4973F715;
    private const int XShift = 16;

    /// <summary><c>generate_state(words)</c> (dtype uint32) of <c>SeedSequence(seed)</c>.</summary>
    public static uint[] GenerateState(ulong seed, int words)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(words);
        Span<uint> pool = stackalloc uint[PoolSize];
        MixEntropy(pool, Words(seed));
        var state = new uint[words];
        uint hashConst = InitB;
        for (int i = 0; i < words; i++)
        {
            uint v = pool[i % PoolSize] ^ hashConst;
            hashConst = unchecked(hashConst * MultB);
            v = unchecked(v * hashConst);
            state[i] = v ^ (v >> XShift);
        }
        return state;
    }

    /// <summary>
    /// The ALE <c>random_seed</c> ale-py's <c>AtariEnv.seed_game</c> gives ALE for a Gymnasium seed:
    /// word 1 of <c>generate_state(2)</c> (word 0 seeds its own numpy generator). ale-py passes it as an
    /// int32 and ALE seeds its mt19937 with it cast back to uint32, so the bits are kept as they are.
    /// </summary>
    public static uint AleSeed(ulong gymnasiumSeed) => GenerateState(gymnasiumSeed, 2)[1];

    // numpy's _int_to_uint32_array: little-endian 32-bit words, [0] for 0.
    private static uint[] Words(ulong seed) =>
        seed == 0 ? [0u] : seed <= uint.MaxValue ? [(uint)seed] : [(uint)seed, (uint)(seed >> 32)];

    private static void MixEntropy(Span<uint> pool, uint[] entropy)
    {
        uint hashConst = InitA;
        for (int i = 0; i < pool.Length; i++)
            pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        for (int src = 0; src < pool.Length; src++)
            for (int dst = 0; dst < pool.Length; dst++)
                if (src != dst) pool[dst] = Mix(pool[dst], HashMix(pool[src], ref hashConst));
        for (int src = pool.Length; src < entropy.Length; src++)
            for (int dst = 0; dst < pool.Length; dst++)
                pool[dst] = Mix(pool[dst], HashMix(entropy[src], ref hashConst));
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst = unchecked(hashConst * MultA);
        value = unchecked(value * hashConst);
        return value ^ (value >> XShift);
    }

    private static uint Mix(uint x, uint y)
    {
        uint r = unchecked(MixMultL * x - MixMultR * y);
        return r ^ (r >> XShift);
    }
}
