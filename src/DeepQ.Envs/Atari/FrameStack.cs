namespace DeepQ.Envs.Atari;

/// <summary>How FrameStack fills the older slots at reset.</summary>
public enum FrameStackPadding
{
    /// <summary>Repeat the first frame (Gymnasium's FrameStackObservation / CleanRL).</summary>
    Repeat,
    /// <summary>Zeros before the first frame (SB3's VecFrameStack).</summary>
    Zeros,
}

/// <summary>
/// Stacks the last <see cref="Count"/> frames into <c>[K,H,W]</c>, oldest first, without moving
/// the stack: frames live in a ring of 2K slots where frame t is written to slots t mod K and
/// (t mod K) + K, so the last K frames are always the contiguous slots p+1 .. p+K, and the
/// observation is a view of them. Each new frame costs two frame copies, whatever K is.
/// <see cref="NewestFrame"/> exposes the latest frame alone, so a replay buffer can store each
/// frame once and stack at sample time.
/// </summary>
public sealed class FrameStack : ObservationWrapper<byte, byte>
{
    private readonly byte[] _ring;
    private readonly int _frameSize;
    private int _pos = -1;
    private bool _resetPending;

    public FrameStack(IEnv<byte> inner, int count = 4, FrameStackPadding padding = FrameStackPadding.Repeat) : base(inner)
    {
        if (count < 1) throw new EnvException($"frame stack size must be at least 1, got {count}.");
        Count = count;
        Padding = padding;
        _frameSize = inner.ObservationSpace.Size;
        _ring = new byte[2 * count * _frameSize];
        ObservationSpace = BoxSpace.Uniform(0, 255, [count, .. inner.ObservationSpace.Shape], DType.UInt8);
    }

    public int Count { get; }
    public FrameStackPadding Padding { get; }
    public override Space ObservationSpace { get; }

    /// <summary>The stack <c>[K, frame]</c>, oldest frame first; a view, valid until the next step.</summary>
    public override ReadOnlySpan<byte> Observation => _ring.AsSpan((_pos + 1) * _frameSize, Count * _frameSize);

    /// <summary>The latest frame alone (the last slot of <see cref="Observation"/>).</summary>
    public ReadOnlySpan<byte> NewestFrame => _ring.AsSpan((_pos + Count) * _frameSize, _frameSize);

    /// <summary>Frame <paramref name="k"/> of the stack, 0 = oldest, K-1 = newest.</summary>
    public ReadOnlySpan<byte> Frame(int k) => _ring.AsSpan((_pos + 1 + k) * _frameSize, _frameSize);

    protected override void Transform(ReadOnlySpan<byte> frame)
    {
        // Called after both reset and step; BeforeReset flags a reset, which refills every slot.
        if (_resetPending)
        {
            _resetPending = false;
            _pos = Count - 1;
            for (int k = 0; k < Count; k++)
            {
                Span<byte> lo = _ring.AsSpan(k * _frameSize, _frameSize);
                if (Padding == FrameStackPadding.Repeat || k == Count - 1) frame.CopyTo(lo);
                else lo.Clear();
                lo.CopyTo(_ring.AsSpan((k + Count) * _frameSize, _frameSize));
            }
            return;
        }
        _pos = (_pos + 1) % Count;
        frame.CopyTo(_ring.AsSpan(_pos * _frameSize, _frameSize));
        frame.CopyTo(_ring.AsSpan((_pos + Count) * _frameSize, _frameSize));
    }

    /// <summary>Marks the next transform as a reset; called by <see cref="ObservationWrapper{TIn,TOut}.Reset"/>.</summary>
    protected override void BeforeReset() => _resetPending = true;
}
