namespace DeepQ.Nn;

/// <summary>
/// One trainable tensor (a weight or a bias) with its gradient of the same shape. Gradients
/// accumulate across backward passes, as in PyTorch, until <see cref="ZeroGrad"/>.
/// <see cref="Name"/> is the PyTorch state_dict name (e.g. <c>network.0.weight</c>).
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
        Grad = new float[n];
        FanIn = fanIn;
    }

    /// <summary>Full state_dict name; layers create it with their local name and networks prefix it.</summary>
    public string Name { get; internal set; }

    /// <summary>PyTorch shape, e.g. [out, in] for Linear weights, [out, in, kh, kw] for Conv2d.</summary>
    public int[] Shape { get; }

    /// <summary>Inputs feeding one output unit (in * kh * kw for Conv2d); sets the default init bound.</summary>
    public int FanIn { get; }

    public float[] Value { get; }
    public float[] Grad { get; }

    public int Length => Value.Length;

    public void ZeroGrad() => Array.Clear(Grad);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
