namespace DeepQ.Nn.Optimizers;

/// <summary>
/// The RMSProp of the Nature DQN paper (Mnih et al. 2015, DeepMind's Lua code), a centered
/// RMSProp with the small constant inside the square root and no momentum buffer on the step:
///   ḡ ← γ·ḡ + (1−γ)·g              (GradientMomentum γ = 0.95)
///   s ← ρ·s + (1−ρ)·g²             (SquaredGradientMomentum ρ = 0.95)
///   θ ← θ − lr · g / sqrt(s − ḡ² + c)   (MinSquaredGradient c = 0.01, lr = 2.5e-4)
/// It differs from torch's RMSprop(centered=True) in where ε goes (inside the root here) and
/// in its constants.
/// </summary>
public sealed class NatureRmsProp : Optimizer
{
    private readonly float[][] _g, _g2;
    private Kernels.ParallelNatureRmsPropStep? _fast;

    public NatureRmsProp(IReadOnlyList<Parameter> parameters) : base(parameters)
    {
        _g = AddState("grad_avg");
        _g2 = AddState("square_avg");
        LearningRate = 2.5e-4; // Nature paper
    }

    /// <summary>Decay of the gradient average (Nature: 0.95).</summary>
    public double GradientMomentum { get; init; } = 0.95;
    /// <summary>Decay of the squared-gradient average (Nature: 0.95).</summary>
    public double SquaredGradientMomentum { get; init; } = 0.95;
    /// <summary>Constant added inside the square root (Nature: 0.01).</summary>
    public double MinSquaredGradient { get; init; } = 0.01;

    public override void Step()
    {
        StepCount++;
        float gm = (float)GradientMomentum, omgm = (float)(1 - GradientMomentum);
        float sm = (float)SquaredGradientMomentum, omsm = (float)(1 - SquaredGradientMomentum);
        float c = (float)MinSquaredGradient, lr = (float)LearningRate;
        // SIMD, fixed chunks on all cores; the same float operations per element as the scalar rule above.
        MaterializeGradients(); // the kernel holds the Grad arrays: a pending ZeroGrad must be applied first
        _fast ??= new Kernels.ParallelNatureRmsPropStep(Parameters.Select(q => q.Value).ToArray(), Parameters.Select(q => q.Grad).ToArray(), _g, _g2);
        _fast.Run(gm, omgm, sm, omsm, lr, c);
    }
}
