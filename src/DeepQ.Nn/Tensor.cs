namespace DeepQ.Nn;

/// <summary>
/// A float32 batch buffer of shape [B, ...sample shape], row-major. Layers own one per output
/// and reuse it across steps: the backing array grows to the largest batch seen and never
/// shrinks, so alternating acting (B=1) and training (B=32) allocates nothing after warm-up.
/// </summary>
public sealed class Tensor
{
    private float[] _data;

    /// <summary>An empty buffer for samples of the given shape (batch 0 until <see cref="Resize"/>).</summary>
    public Tensor(params int[] sampleShape)
    {
        SampleShape = (int[])sampleShape.Clone();
        SampleSize = 1;
        foreach (var d in sampleShape)
        {
            if (d <= 0) throw new ArgumentException($"Tensor dimensions must be positive, got [{string.Join(",", sampleShape)}].", nameof(sampleShape));
            SampleSize *= d;
        }
        _data = [];
    }

    /// <summary>Shape of one sample (everything after the batch dimension).</summary>
    public int[] SampleShape { get; private set; }

    /// <summary>Number of floats in one sample.</summary>
    public int SampleSize { get; private set; }

    /// <summary>Current batch size B.</summary>
    public int Batch { get; private set; }

    /// <summary>B * SampleSize.</summary>
    public int Length => Batch * SampleSize;

    /// <summary>The live [B, ...] values.</summary>
    public Span<float> Span => _data.AsSpan(0, Length);

    /// <summary>The backing array (may be longer than <see cref="Length"/>).</summary>
    public float[] Data => _data;

    /// <summary>Full shape [B, ...sample shape].</summary>
    public int[] Shape => [Batch, .. SampleShape];

    /// <summary>One sample's values.</summary>
    public Span<float> Sample(int n) => _data.AsSpan(n * SampleSize, SampleSize);

    /// <summary>
    /// True when the producing layer already applied max(0, ·) to these values (a Conv2d with
    /// its following ReLU fused into the output tiles): that ReLU then passes the tensor on
    /// instead of making a rectified copy (conv1's output [B,32,20,20]: 1.6 MB read and written).
    /// </summary>
    internal bool Rectified { get; set; }

    /// <summary>
    /// True on a gradient dL/dx that its layer already zeroed where x (a Rectified ReLU output)
    /// is not positive, i.e. the ReLU's backward is done: that ReLU then passes it on (a Conv2d
    /// whose input is Rectified masks its input gradient while writing it).
    /// </summary>
    internal bool ReluMasked { get; set; }

    /// <summary>Sets the batch size, growing the backing array only when it is too small. Contents are unspecified afterwards.</summary>
    public void Resize(int batch)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch));
        long need = (long)batch * SampleSize;
        if (need > _data.Length) _data = new float[need];
        Batch = batch;
    }

    /// <summary>Makes this tensor a view of <paramref name="source"/>'s storage with another sample shape of the same size (Flatten).</summary>
    internal void AliasOf(Tensor source, int batch)
    {
        if (source.SampleSize != SampleSize) throw new ArgumentException("Alias must keep the sample size.");
        _data = source._data;
        Batch = batch;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> with shape [batch, ...sampleShape].</summary>
    public static Tensor FromArray(float[] values, int batch, params int[] sampleShape)
    {
        var t = new Tensor(sampleShape);
        t.Resize(batch);
        if (values.Length != t.Length) throw new ArgumentException($"Expected {t.Length} values for shape [{batch},{string.Join(",", sampleShape)}], got {values.Length}.");
        values.CopyTo(t._data, 0);
        return t;
    }
}
