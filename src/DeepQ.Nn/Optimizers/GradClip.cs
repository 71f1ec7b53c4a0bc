namespace DeepQ.Nn.Optimizers;

/// <summary>Gradient clipping as torch.nn.utils.clip_grad_norm_ / clip_grad_value_.</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)) where ‖g‖ is the L2 norm of the
    /// per-parameter L2 norms (the global norm). Returns ‖g‖ before clipping. See
    /// <see cref="GlobalNorm"/> for the (deterministic) sums.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        float totalNorm = GlobalNorm(parameters);
        float coef = ClipCoefficient(totalNorm, maxNorm);
        if (coef != 1f)
            for (int k = 0; k < parameters.Count; k++) Kernels.ParallelElementwise.Scale(parameters[k].Grad, coef);
        return totalNorm;
    }

    /// <summary>
    /// The global gradient norm ‖g‖ = sqrt(Σ_k ‖g_k‖²), each ‖g_k‖ rounded to float as PyTorch
    /// does. Sums of squares run in double over fixed 64 K-element chunks on all kernel threads
    /// (<see cref="Kernels.ParallelElementwise.SumOfSquares"/>), chunk sums added in chunk
    /// order: the same bits for any thread count or timing.
    /// </summary>
    public static float GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        double total = 0;
        // Index loops: foreach over an IReadOnlyList would allocate an enumerator per call.
        for (int k = 0; k < parameters.Count; k++)
        {
            double s = Kernels.ParallelElementwise.SumOfSquares(parameters[k].Grad);
            float norm = (float)Math.Sqrt(s);
            total += (double)norm * norm;
        }
        return (float)Math.Sqrt(total);
    }

    /// <summary>
    /// The factor <see cref="ClipByGlobalNorm"/> scales by: maxNorm / (‖g‖ + 1e-6) when that is
    /// below 1, else exactly 1. Pass it to <see cref="Optimizer.Step(float)"/> to clip inside the
    /// optimizer's pass instead of in a separate pass over the gradients.
    /// </summary>
    public static float ClipCoefficient(float totalNorm, double maxNorm)
    {
        float coef = (float)maxNorm / (totalNorm + 1e-6f);
        return coef < 1f ? coef : 1f;
    }

    /// <summary>Clamps every gradient element to [−clipValue, clipValue].</summary>
    public static void ClipByValue(IReadOnlyList<Parameter> parameters, float clipValue)
    {
        if (!(clipValue >= 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), "clip value must be non-negative.");
        for (int k = 0; k < parameters.Count; k++)
        {
            var g = parameters[k].Grad;
            for (int i = 0; i < g.Length; i++) g[i] = Math.Clamp(g[i], -clipValue, clipValue);
        }
    }
}
