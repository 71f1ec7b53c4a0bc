namespace DeepQ.Nn.Layers;

/// <summary>
/// Dueling Q head (Wang et al. 2016): from features [B, F], a value stream V [B, 1] and an
/// advantage stream A [B, N] combine as Q = V + A - mean_a A, output [B, N]. Parameters are
/// named <c>value.*</c> and <c>advantage.*</c>.
/// </summary>
public sealed class DuelingHead : Layer
{
    private readonly Tensor _q;
    private readonly Tensor _dv;
    private readonly Tensor _da;
    private Tensor _dx = new(1);
    private readonly Parameter[] _parameters;
    private Tensor? _v, _a;

    public DuelingHead(Sequential value, Sequential advantage, int actionCount)
    {
        Value = value;
        Advantage = advantage;
        ActionCount = actionCount;
        value.PrefixNames("value.");
        advantage.PrefixNames("advantage.");
        _parameters = [.. value.Parameters, .. advantage.Parameters];
        _q = new Tensor(actionCount);
        _dv = new Tensor(1);
        _da = new Tensor(actionCount);
    }

    public Sequential Value { get; }
    public Sequential Advantage { get; }
    public int ActionCount { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override int[] OutputShape(int[] inputShape)
    {
        var v = Value.OutputShape(inputShape);
        var a = Advantage.OutputShape(inputShape);
        if (v.Length != 1 || v[0] != 1 || a.Length != 1 || a[0] != ActionCount)
            throw new ArgumentException($"Dueling streams must give [1] and [{ActionCount}], got [{string.Join(",", v)}] and [{string.Join(",", a)}].");
        return [ActionCount];
    }

    public override Tensor Forward(Tensor x)
    {
        var v = _v = Value.Forward(x);
        var a = _a = Advantage.Forward(x);
        int n = ActionCount;
        _q.Resize(x.Batch);
        var q = _q.Span;
        for (int b = 0; b < x.Batch; b++)
        {
            var ab = a.Sample(b);
            float mean = 0f;
            for (int j = 0; j < n; j++) mean += ab[j];
            mean /= n;
            float vb = v.Span[b];
            for (int j = 0; j < n; j++) q[b * n + j] = vb + (ab[j] - mean);
        }
        return _q;
    }

    // dV[b] = sum_j dQ[b,j];  dA[b,j] = dQ[b,j] - mean_j dQ[b,:];  dx = dx_value + dx_advantage.
    public override Tensor? Backward(Tensor dy, bool needInputGrad)
    {
        if (_v is null || _a is null) throw new InvalidOperationException("DuelingHead.Backward called before Forward.");
        int batch = dy.Batch, n = ActionCount;
        _dv.Resize(batch);
        _da.Resize(batch);
        for (int b = 0; b < batch; b++)
        {
            var g = dy.Sample(b);
            float s = 0f;
            for (int j = 0; j < n; j++) s += g[j];
            _dv.Span[b] = s;
            float mean = s / n;
            var da = _da.Sample(b);
            for (int j = 0; j < n; j++) da[j] = g[j] - mean;
        }
        var dxv = Value.Backward(_dv, needInputGrad);
        var dxa = Advantage.Backward(_da, needInputGrad);
        if (!needInputGrad) return null;
        if (!_dx.SampleShape.AsSpan().SequenceEqual(dxv!.SampleShape)) _dx = new Tensor(dxv.SampleShape);
        _dx.Resize(batch);
        var dst = _dx.Span;
        var s1 = dxv.Span;
        var s2 = dxa!.Span;
        for (int i = 0; i < dst.Length; i++) dst[i] = s1[i] + s2[i];
        return _dx;
    }

    internal override void PrefixNames(string prefix)
    {
        Value.PrefixNames(prefix);
        Advantage.PrefixNames(prefix);
    }
}
