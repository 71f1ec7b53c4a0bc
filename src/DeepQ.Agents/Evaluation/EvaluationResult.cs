namespace DeepQ.Agents.Evaluation;

/// <summary>
/// Scores of N complete evaluation episodes (full games on Atari, unclipped): the returns
/// themselves and their mean, population standard deviation, median, min and max.
/// </summary>
public sealed record EvaluationResult(IReadOnlyList<double> Returns, IReadOnlyList<long> Lengths, double Epsilon, int Seed)
{
    public int Episodes => Returns.Count;
    public double Mean => Returns.Count == 0 ? double.NaN : Returns.Average();
    public double Std
    {
        get
        {
            if (Returns.Count == 0) return double.NaN;
            double m = Mean;
            return Math.Sqrt(Returns.Sum(r => (r - m) * (r - m)) / Returns.Count);
        }
    }
    public double Median
    {
        get
        {
            if (Returns.Count == 0) return double.NaN;
            var s = Returns.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }
    }
    public double Min => Returns.Count == 0 ? double.NaN : Returns.Min();
    public double Max => Returns.Count == 0 ? double.NaN : Returns.Max();
    public double MeanLength => Lengths.Count == 0 ? double.NaN : Lengths.Average();

    public override string ToString() =>
        FormattableString.Invariant($"{Episodes} episodes: mean {Mean:0.##} ± {Std:0.##}, median {Median:0.##}, min {Min:0.##}, max {Max:0.##}");
}
