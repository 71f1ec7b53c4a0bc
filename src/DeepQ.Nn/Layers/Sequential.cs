namespace DeepQ.Nn.Layers;

/// <summary>
/// Layers applied in order, like nn.Sequential: parameters are named by position
/// (<c>0.weight</c>, <c>2.bias</c>, ...; parameter-free layers such as ReLU still take an index),
/// which is what PyTorch's state_dict uses for CleanRL's <c>network</c>.
/// </summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _layers;
    private readonly Parameter[] _parameters;

    public Sequential(params Layer[] layers)
    {
        _layers = (Layer[])layers.Clone();
        for (int i = 0; i < _layers.Length; i++) _layers[i].PrefixNames(i + ".");
        // A convolution followed by a ReLU rectifies its own output tiles (the ReLU then passes it on).
        for (int i = 0; i + 1 < _layers.Length; i++)
            if (_layers[i] is Conv2d conv && _layers[i + 1] is ReLU) conv.FuseRelu = true;
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    public IReadOnlyList<Layer> Layers => _layers;
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override int[] OutputShape(int[] inputShape)
    {
        foreach (var l in _layers) inputShape = l.OutputShape(inputShape);
        return inputShape;
    }

    public override Tensor Forward(Tensor x)
    {
        foreach (var l in _layers) x = l.Forward(x);
        return x;
    }

    /// <summary>Forward where the first layer reads bytes (see <see cref="Conv2d.ForwardBytes"/>).</summary>
    public Tensor ForwardBytes(ReadOnlySpan<byte> x, int batch, int height, int width, ReadOnlySpan<float> scaleTable)
    {
        if (_layers.Length == 0 || _layers[0] is not Conv2d first)
            throw new InvalidOperationException("Byte input needs a Conv2d as the first layer.");
        var t = first.ForwardBytes(x, batch, height, width, scaleTable);
        for (int i = 1; i < _layers.Length; i++) t = _layers[i].Forward(t);
        return t;
    }

    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        Tensor? g = dy;
        for (int i = _layers.Length - 1; i >= 0; i--)
            g = _layers[i].Backward(g!, needInputGrad || i > 0);
        return g;
    }

    internal override void PrefixNames(string prefix)
    {
        foreach (var l in _layers) l.PrefixNames(prefix);
    }
}
