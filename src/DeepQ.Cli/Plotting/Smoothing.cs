namespace DeepQ.Cli.Plotting;

/// <summary>
/// TensorBoard's scalar smoothing: an exponential moving average with weight w in [0, 1),
/// s_t = w * s_(t-1) + (1 - w) * x_t, divided by (1 - w^t) so early points are not pulled
/// toward zero (the "debiased" EMA). w = 0 leaves the data unchanged; 0.9 is a good default
/// for noisy episodic returns. Indexed by logged point, not by step.
/// </summary>
internal static class Smoothing
{
    public static double[] Ema(ReadOnlySpan<double> values, double weight)
    {
        if (!(weight >= 0 && weight < 1)) throw new ArgumentOutOfRangeException(nameof(weight), "smoothing weight must be in [0, 1)");
        var result = new double[values.Length];
        double last = 0, debias = 1;
        for (int i = 0; i < values.Length; i++)
        {
            last = weight * last + (1 - weight) * values[i];
            debias *= weight;
            result[i] = last / (1 - debias);
        }
        return result;
    }
}
