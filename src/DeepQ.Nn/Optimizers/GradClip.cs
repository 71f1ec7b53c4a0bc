namespace DeepQ.Nn.Optimizers;

/// <summary>Gradient clipping as torch.nn.utils.clip_grad_norm_ / clip_grad_value_.</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)) where ‖g‖ is the L2 norm of the
    /// per-parameter L2 norms (the global norm). Returns ‖g‖ before clipping. Sums run in
    /// double in a fixed order (Elementwise.SumOfSquares' 16-lane layout), so the result is deterministic.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        double total = 0;
        // Index loops: foreach over an IReadOnlyList would allocate an enumerator per call.
        for (int k = 0; k < parameters.Count; k++)
        {
            double s = Kernels.Elementwise.SumOfSquares(parameters[k].Grad);
            float norm = (float)Math.Sqrt(s);
            total += (double)norm * norm;
        }
        float totalNorm = (float)Math.Sqrt(total);
        float coef = (float)maxNorm / (totalNorm + 1e-6f);
        if (coef < 1f)
            for (int k = 0; k < parameters.Count; k++) Kernels.ParallelElementwise.Scale(parameters[k].Grad, coef);
        return totalNorm;
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
