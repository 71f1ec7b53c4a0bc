namespace DeepQ.Nn;

/// <summary>Target-network updates between two parameter lists of the same architecture (matched by position and shape).</summary>
public static class TargetUpdate
{
    /// <summary>θ' ← θ.</summary>
    public static void Hard(IReadOnlyList<Parameter> source, IReadOnlyList<Parameter> target)
    {
        Check(source, target);
        for (int i = 0; i < source.Count; i++) source[i].Value.CopyTo(target[i].Value, 0);
    }

    /// <summary>θ' ← τ·θ + (1 − τ)·θ' (CleanRL's soft update; τ = 1 is a hard copy), on both cores for large tensors.</summary>
    public static void Polyak(IReadOnlyList<Parameter> source, IReadOnlyList<Parameter> target, double tau)
    {
        Check(source, target);
        if (!(tau >= 0 && tau <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), $"tau must be in [0, 1], got {tau}.");
        float t = (float)tau, omt = (float)(1 - tau);
        for (int i = 0; i < source.Count; i++) Kernels.ParallelElementwise.Polyak(target[i].Value, source[i].Value, t, omt);
    }

    private static void Check(IReadOnlyList<Parameter> source, IReadOnlyList<Parameter> target)
    {
        if (source.Count != target.Count) throw new ArgumentException($"Target update: {source.Count} source parameters vs {target.Count} target parameters.");
        for (int i = 0; i < source.Count; i++)
            if (!source[i].Shape.AsSpan().SequenceEqual(target[i].Shape))
                throw new ArgumentException($"Target update: '{source[i].Name}' {source[i].ShapeText} vs '{target[i].Name}' {target[i].ShapeText}.");
    }
}
