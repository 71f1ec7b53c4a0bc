namespace DeepQ.Nn.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) with torch.optim.Adam's update, per element with g the gradient:
///   g ← g + wd·θ (when WeightDecay ≠ 0, L2 penalty)
///   m ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²;   v̂max ← max(v̂max, v) (AmsGrad)
///   θ ← θ − (lr / (1−β1^t)) · m / (sqrt(v or v̂max) / sqrt(1−β2^t) + ε)
/// <see cref="AdamW"/> instead decays θ directly.
/// </summary>
public class Adam : Optimizer
{
    private readonly float[][] _m, _v;
    private float[][]? _vMax;
    private Kernels.ParallelAdamStep? _fast;

    public Adam(IReadOnlyList<Parameter> parameters) : base(parameters)
    {
        _m = AddState("exp_avg");
        _v = AddState("exp_avg_sq");
        LearningRate = 1e-3; // PyTorch's default
    }

    /// <summary>Decay of the gradient average (default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the squared-gradient average (default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the denominator (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>L2 penalty added to the gradient for Adam; decoupled decay for AdamW (Adam default 0, AdamW 1e-2).</summary>
    public virtual double WeightDecay { get; init; }
    /// <summary>Use the maximum of past squared-gradient averages (Reddi et al. 2018; default false).</summary>
    public bool AmsGrad
    {
        get => _vMax is not null;
        init { if (value) _vMax = AddState("max_exp_avg_sq"); }
    }

    /// <summary>True for AdamW: decay θ ← θ·(1 − lr·wd) instead of adding wd·θ to g.</summary>
    protected virtual bool Decoupled => false;

    public override void Step() => StepCore(1f);

    /// <summary>Adam's plain rule takes the clip's scale inside its one pass (Grad is left unscaled); the other variants scale Grad first.</summary>
    public override void Step(float gradScale)
    {
        if (WeightDecay == 0 && _vMax is null) StepCore(gradScale);
        else base.Step(gradScale);
    }

    private void StepCore(float gradScale)
    {
        StepCount++;
        double bc1 = 1 - Math.Pow(Beta1, StepCount);
        double bc2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(LearningRate / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);
        float b1 = (float)Beta1, b2 = (float)Beta2, omb1 = (float)(1 - Beta1), omb2 = (float)(1 - Beta2);
        float eps = (float)Epsilon, wd = (float)WeightDecay, decay = (float)(1 - LearningRate * WeightDecay);
        if (WeightDecay == 0 && _vMax is null)
        {
            // The plain rule (DQN's case): same float operations per element, SIMD, chunks on all cores.
            MaterializeGradients(); // the kernel holds the Grad arrays: a pending ZeroGrad must be applied first
            _fast ??= new Kernels.ParallelAdamStep(Parameters.Select(q => q.Value).ToArray(), Parameters.Select(q => q.Grad).ToArray(), _m, _v);
            _fast.Run(b1, b2, omb1, omb2, stepSize, bc2Sqrt, eps, gradScale);
            return;
        }
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Value;
            var g = Parameters[i].Grad;
            if (WeightDecay == 0 && _vMax is null)
            {
                // The common case on the SIMD kernel: same float operations in the same order as the loop below.
                Kernels.Elementwise.AdamStep(p, g, _m[i], _v[i], b1, b2, omb1, omb2, stepSize, bc2Sqrt, eps);
                continue;
            }
            var m = _m[i];
            var v = _v[i];
            var vMax = _vMax?[i];
            for (int j = 0; j < p.Length; j++)
            {
                float gj = g[j];
                if (WeightDecay != 0)
                {
                    if (Decoupled) p[j] *= decay;
                    else gj += wd * p[j];
                }
                m[j] = m[j] * b1 + omb1 * gj;
                v[j] = v[j] * b2 + omb2 * (gj * gj);
                float s = v[j];
                if (vMax is not null)
                {
                    if (v[j] > vMax[j]) vMax[j] = v[j];
                    s = vMax[j];
                }
                float denom = MathF.Sqrt(s) / bc2Sqrt + eps;
                p[j] += -stepSize * (m[j] / denom);
            }
        }
    }
}

/// <summary>AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay θ ← θ·(1 − lr·wd) before the Adam step (torch.optim.AdamW; default wd 1e-2).</summary>
public sealed class AdamW : Adam
{
    public AdamW(IReadOnlyList<Parameter> parameters) : base(parameters) { }

    public override double WeightDecay { get; init; } = 1e-2;

    protected override bool Decoupled => true;
}
