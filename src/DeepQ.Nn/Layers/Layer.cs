namespace DeepQ.Nn.Layers;

/// <summary>
/// A differentiable step of a network over a batch [B, ...]. <see cref="Forward"/> keeps
/// what <see cref="Backward"/> needs (a reference to its input or its own output); Backward
/// takes dL/d(output), adds dL/d(parameter) into each parameter's Grad and returns
/// dL/d(input). Output and gradient buffers belong to the layer and are reused every call,
/// so a returned tensor is valid only until that layer's next Forward/Backward.
/// </summary>
public abstract class Layer
{
    /// <summary>Trainable tensors with their local names (e.g. <c>weight</c>, <c>0.bias</c>).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Sample shape produced for a given input sample shape; throws when the input does not fit.</summary>
    public abstract int[] OutputShape(int[] inputShape);

    /// <summary>Computes the output for batch <paramref name="x"/>.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Back-propagates <paramref name="dy"/> (same shape as the last output); returns dL/dx, or null when <paramref name="needInputGrad"/> is false.</summary>
    public abstract Tensor? Backward(Tensor dy, bool needInputGrad);

    /// <summary>Prefixes every parameter's name with <paramref name="prefix"/> (used by containers).</summary>
    internal virtual void PrefixNames(string prefix)
    {
        foreach (var p in Parameters) p.Name = prefix + p.Name;
    }

    protected static void CheckShape(Tensor x, int[] expected, string layer)
    {
        if (!x.SampleShape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"{layer} expects samples of shape [{string.Join(",", expected)}], got [{string.Join(",", x.SampleShape)}].");
    }
}
