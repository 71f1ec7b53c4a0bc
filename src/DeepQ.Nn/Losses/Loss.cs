namespace DeepQ.Nn.Losses;

/// <summary>
/// Regression losses with mean reduction over N elements, returning the loss and writing
/// dL/dprediction. Same definitions as torch.nn.functional.mse_loss and smooth_l1_loss.
/// </summary>
public static class Loss
{
    /// <summary>L = mean((p − t)²); dL/dp = 2 (p − t) / N.</summary>
    public static float Mse(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient)
    {
        Check(prediction, target, gradient);
        int n = prediction.Length;
        double sum = 0;
        float scale = 2f / n;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            sum += (double)d * d;
            gradient[i] = scale * d;
        }
        return n == 0 ? float.NaN : (float)(sum / n);
    }

    /// <summary>
    /// Smooth L1 (Huber with δ = β): per element 0.5 d²/β when |d| &lt; β, else |d| − 0.5 β;
    /// gradient d/β or sign(d), divided by N. DQN uses β = 1, where smooth L1 equals Huber.
    /// </summary>
    public static float SmoothL1(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, float beta = 1f)
    {
        Check(prediction, target, gradient);
        if (!(beta > 0f)) throw new ArgumentOutOfRangeException(nameof(beta), "beta must be positive.");
        int n = prediction.Length;
        double sum = 0;
        float invN = 1f / n;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            float ad = MathF.Abs(d);
            if (ad < beta)
            {
                sum += 0.5 * d * d / beta;
                gradient[i] = d / beta * invN;
            }
            else
            {
                sum += ad - 0.5 * beta;
                gradient[i] = (d > 0f ? 1f : -1f) * invN;
            }
        }
        return n == 0 ? float.NaN : (float)(sum / n);
    }

    /// <summary>
    /// Huber loss (torch.nn.functional.huber_loss): 0.5 d² when |d| &lt; δ, else δ (|d| − 0.5 δ),
    /// mean over N. Equals δ · smooth L1 with β = δ; with the default δ = 1 the two are identical.
    /// </summary>
    public static float Huber(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, float delta = 1f)
    {
        float loss = SmoothL1(prediction, target, gradient, delta);
        if (delta == 1f) return loss;
        for (int i = 0; i < gradient.Length; i++) gradient[i] *= delta;
        return loss * delta;
    }

    private static void Check(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g)
    {
        if (p.Length != t.Length || g.Length != p.Length)
            throw new ArgumentException($"Loss: prediction ({p.Length}), target ({t.Length}) and gradient ({g.Length}) lengths differ.");
    }
}
