namespace DeepQ.Cli.Media;

/// <summary>
/// GIF's variable-length LZW compressor (GIF89a spec, appendix F): codes start at
/// minCodeSize+1 bits and grow to 12, packed least-significant bit first; a clear code starts
/// every stream and is re-sent whenever the 4096-entry table fills; an end code closes it.
/// </summary>
internal sealed class GifLzw
{
    private const int MaxCodeBits = 12;
    private const int MaxCodes = 1 << MaxCodeBits;

    // (prefix code << 8 | next index) -> code; reused across frames.
    private readonly Dictionary<int, int> _table = new(MaxCodes);
    private readonly List<byte> _output = new();
    private int _bitBuffer, _bitCount;

    /// <summary>Compresses palette indices, each below 2^<paramref name="minCodeSize"/>, into one code stream (bytes, not yet in sub-blocks).</summary>
    public List<byte> Compress(ReadOnlySpan<byte> indices, int minCodeSize)
    {
        _output.Clear();
        _bitBuffer = 0;
        _bitCount = 0;
        int clear = 1 << minCodeSize, end = clear + 1, first = clear + 2;
        int next = first;
        int codeSize = minCodeSize + 1;

        void Reset()
        {
            _table.Clear();
            next = first;
            codeSize = minCodeSize + 1;
        }

        Emit(clear, codeSize);
        Reset();
        if (indices.IsEmpty)
        {
            Emit(end, codeSize);
            FlushBits();
            return _output;
        }

        int prefix = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            byte k = indices[i];
            int key = (prefix << 8) | k;
            if (_table.TryGetValue(key, out int code))
            {
                prefix = code;
                continue;
            }
            Emit(prefix, codeSize);
            _table[key] = next++;
            // The decoder adds this entry one code later, so the width grows only once
            // the next free code no longer fits: it must be able to read code next-1.
            if (next > (1 << codeSize) && codeSize < MaxCodeBits) codeSize++;
            if (next == MaxCodes)
            {
                Emit(clear, codeSize);
                Reset();
            }
            prefix = k;
        }
        Emit(prefix, codeSize);
        // The decoder adds an entry after reading that last code; size the end code as it will.
        if (next + 1 > (1 << codeSize) && codeSize < MaxCodeBits) codeSize++;
        Emit(end, codeSize);
        FlushBits();
        return _output;
    }

    private void Emit(int code, int size)
    {
        _bitBuffer |= code << _bitCount;
        _bitCount += size;
        while (_bitCount >= 8)
        {
            _output.Add((byte)_bitBuffer);
            _bitBuffer >>= 8;
            _bitCount -= 8;
        }
    }

    private void FlushBits()
    {
        if (_bitCount > 0) _output.Add((byte)_bitBuffer);
        _bitBuffer = 0;
        _bitCount = 0;
    }
}
