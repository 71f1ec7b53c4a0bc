namespace DeepQ.Nn.Optimizers;

/// <summary>
/// torch.optim.SGD, per element with g the gradient (+ wd·θ when WeightDecay ≠ 0):
///   momentum μ ≠ 0: b ← g on the first step, then b ← μ·b + (1 − dampening)·g;
///   the step direction is g + μ·b (Nesterov) or b;  θ ← θ − lr·direction.
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[][]? _buf;

    public Sgd(IReadOnlyList<Parameter> parameters, double learningRate) : base(parameters)
    {
        LearningRate = learningRate; // PyTorch requires it: no default
    }

    /// <summary>Momentum factor (default 0).</summary>
    public double Momentum
    {
        get => _momentumValue;
        init { _momentumValue = value; if (value != 0) _buf = AddState("momentum_buffer"); }
    }
    /// <summary>Fraction of the gradient withheld from the momentum buffer (default 0).</summary>
    public double Dampening { get; init; }
    /// <summary>Nesterov momentum (default false; needs momentum &gt; 0 and dampening 0, as in PyTorch).</summary>
    public bool Nesterov { get; init; }
    /// <summary>L2 penalty added to the gradient (default 0).</summary>
    public double WeightDecay { get; init; }

    private double _momentumValue;

    public override void Step()
    {
        if (Nesterov && (_momentumValue <= 0 || Dampening != 0))
            throw new InvalidOperationException("Nesterov momentum requires a positive momentum and zero dampening.");
        bool first = StepCount == 0;
        StepCount++;
        float lr = (float)LearningRate, mu = (float)_momentumValue, omd = (float)(1 - Dampening), wd = (float)WeightDecay;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Value;
            var g = Parameters[i].Grad;
            var buf = _buf?[i];
            for (int j = 0; j < p.Length; j++)
            {
                float d = g[j];
                if (WeightDecay != 0) d += wd * p[j];
                if (buf is not null)
                {
                    buf[j] = first ? d : buf[j] * mu + omd * d;
                    d = Nesterov ? d + mu * buf[j] : buf[j];
                }
                p[j] += -lr * d;
            }
        }
    }
}
