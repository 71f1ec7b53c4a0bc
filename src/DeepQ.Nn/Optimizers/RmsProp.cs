namespace DeepQ.Nn.Optimizers;

/// <summary>
/// torch.optim.RMSprop, per element with g the gradient (+ wd·θ when WeightDecay ≠ 0):
///   s ← α·s + (1−α)·g²;  centered: ḡ ← α·ḡ + (1−α)·g and d = sqrt(s − ḡ²) + ε, else d = sqrt(s) + ε
///   momentum μ > 0: b ← μ·b + g/d; θ ← θ − lr·b;  otherwise θ ← θ − lr·g/d.
/// Note ε is added outside the square root; DeepMind's Nature variant is <see cref="NatureRmsProp"/>.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[][] _square;
    private float[][]? _gradAvg, _momentum;

    public RmsProp(IReadOnlyList<Parameter> parameters) : base(parameters)
    {
        _square = AddState("square_avg");
        LearningRate = 1e-2; // PyTorch's default
    }

    /// <summary>Smoothing constant of the averages (default 0.99).</summary>
    public double Alpha { get; init; } = 0.99;
    /// <summary>Added to the denominator outside the square root (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>L2 penalty added to the gradient (default 0).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Momentum factor (default 0).</summary>
    public double Momentum
    {
        get => _momentumValue;
        init { _momentumValue = value; if (value > 0) _momentum = AddState("momentum_buffer"); }
    }
    /// <summary>Normalise by the estimated variance rather than the raw second moment (default false).</summary>
    public bool Centered
    {
        get => _gradAvg is not null;
        init { if (value) _gradAvg = AddState("grad_avg"); }
    }

    private double _momentumValue;

    public override void Step()
    {
        StepCount++;
        float a = (float)Alpha, oma = (float)(1 - Alpha), eps = (float)Epsilon, wd = (float)WeightDecay;
        float mu = (float)_momentumValue, lr = (float)LearningRate;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Value;
            var g = Parameters[i].Grad;
            var s = _square[i];
            var ga = _gradAvg?[i];
            var buf = _momentum?[i];
            if (ga is null && buf is null && WeightDecay == 0)
            {
                // Plain RMSprop on the SIMD kernel: same float operations in the same order as the loop below.
                Kernels.Elementwise.RmsPropStep(p, g, s, a, oma, lr, eps);
                continue;
            }
            for (int j = 0; j < p.Length; j++)
            {
                float gj = g[j];
                if (WeightDecay != 0) gj += wd * p[j];
                s[j] = s[j] * a + oma * (gj * gj);
                float d;
                if (ga is not null)
                {
                    ga[j] = ga[j] * a + oma * gj;
                    d = MathF.Sqrt(s[j] + -1f * (ga[j] * ga[j])) + eps;
                }
                else d = MathF.Sqrt(s[j]) + eps;
                if (buf is not null)
                {
                    buf[j] = buf[j] * mu + gj / d;
                    p[j] += -lr * buf[j];
                }
                else p[j] += -lr * (gj / d);
            }
        }
    }
}
