namespace DeepQ.Emulator.Machine;

/// <summary>
/// The 32-bit Mersenne Twister MT19937 (the generator behind C++'s std::mt19937), which ALE's System uses for
/// Stella's power-on randomness (RIOT RAM contents and timer start values), seeded with <c>system_random_seed</c>.
/// </summary>
public sealed class MersenneTwister
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908B0DFu, UpperMask = 0x80000000u, LowerMask = 0x7FFFFFFFu;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    public MersenneTwister(uint seed) => Seed(seed);

    /// <summary>std::mt19937::seed: the standard linear initialisation (multiplier 1812433253).</summary>
    public void Seed(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    /// <summary>The next 32-bit output (tempered).</summary>
    public uint Next()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_mt[i] & UpperMask) | (_mt[(i + 1) % N] & LowerMask);
            uint v = _mt[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0) v ^= MatrixA;
            _mt[i] = v;
        }
        _index = 0;
    }

    public void SaveState(BinaryWriter w)
    {
        foreach (uint v in _mt) w.Write(v);
        w.Write(_index);
    }

    public void LoadState(BinaryReader r)
    {
        for (int i = 0; i < N; i++) _mt[i] = r.ReadUInt32();
        _index = r.ReadInt32();
    }
}
