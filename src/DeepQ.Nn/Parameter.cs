namespace DeepQ.Nn;

/// <summary>
/// One trainable tensor (a weight or a bias) with its gradient of the same shape. Gradients
/// accumulate across backward passes, as in PyTorch, until <see cref="ZeroGrad"/>.
/// <see cref="Name"/> is the PyTorch state_dict name (e.g. <c>network.0.weight</c>).
/// ZeroGrad is lazy: it only marks the gradient zero, and the array is cleared the first time
/// <see cref="Grad"/> is read, unless a layer's backward takes it first through
/// <see cref="GradForWrite"/> and writes its product instead of adding it (fc1's weight
/// gradient [512, 3136]: 6.4 MB neither cleared nor read back per update). Either way Grad
/// reads as zero after ZeroGrad, and the written values are the bits adding to zero gives.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, int[] shape, int fanIn)
    {
        Name = name;
        Shape = (int[])shape.Clone();
        long n = 1;
        foreach (var d in shape) n *= d;
        Value = new float[n];
        _grad = new float[n];
        FanIn = fanIn;
    }

    /// <summary>Full state_dict name; layers create it with their local name and networks prefix it.</summary>
    public string Name { get; internal set; }

    /// <summary>PyTorch shape, e.g. [out, in] for Linear weights, [out, in, kh, kw] for Conv2d.</summary>
    public int[] Shape { get; }

    /// <summary>Inputs feeding one output unit (in * kh * kw for Conv2d); sets the default init bound.</summary>
    public int FanIn { get; }

    public float[] Value { get; }

    /// <summary>dL/dθ, accumulated since the last <see cref="ZeroGrad"/> (reads as zero right after it).</summary>
    public float[] Grad
    {
        get
        {
            if (_zeroPending)
            {
                Kernels.ParallelElementwise.Clear(_grad);
                _zeroPending = false;
            }
            return _grad;
        }
    }

    private readonly float[] _grad;
    private bool _zeroPending;

    /// <summary>
    /// The gradient array for a backward pass that is about to add its contribution:
    /// <paramref name="overwrite"/> is true when the gradient is logically zero (ZeroGrad not yet
    /// materialised), and the caller must then WRITE its contribution to every element instead of adding.
    /// </summary>
    internal float[] GradForWrite(out bool overwrite)
    {
        overwrite = _zeroPending;
        _zeroPending = false;
        return _grad;
    }

    public int Length => Value.Length;

    /// <summary>Sets the gradient to zero (lazily: see the type's remarks).</summary>
    public void ZeroGrad() => _zeroPending = true;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
