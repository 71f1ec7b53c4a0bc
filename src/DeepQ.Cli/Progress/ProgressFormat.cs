using System.Globalization;

namespace DeepQ.Cli.Progress;

/// <summary>Short, invariant-culture renderings of training numbers for the progress display and summaries.</summary>
internal static class ProgressFormat
{
    /// <summary>"42s", "7m05s", "2h03m", "3d04h"; "-" for unknown or infinite.</summary>
    public static string Duration(TimeSpan t)
    {
        if (t < TimeSpan.Zero || t.TotalDays > 999 || double.IsNaN(t.TotalSeconds)) return "-";
        if (t.TotalMinutes < 1) return $"{(int)t.TotalSeconds}s";
        if (t.TotalHours < 1) return $"{t.Minutes}m{t.Seconds:00}s";
        if (t.TotalDays < 1) return $"{(int)t.TotalHours}h{t.Minutes:00}m";
        return $"{(int)t.TotalDays}d{t.Hours:00}h";
    }

    /// <summary>Time to finish <paramref name="remainingSteps"/> at <paramref name="stepsPerSecond"/>.</summary>
    public static TimeSpan? TimeLeft(long remainingSteps, double stepsPerSecond) =>
        stepsPerSecond > 0 && double.IsFinite(stepsPerSecond) && remainingSteps >= 0
            ? TimeSpan.FromSeconds(Math.Min(remainingSteps / stepsPerSecond, TimeSpan.FromDays(1000).TotalSeconds))
            : null;

    /// <summary>A number with up to <paramref name="decimals"/> decimals, or "-" when NaN (not yet known).</summary>
    public static string Number(double value, int decimals = 2) =>
        double.IsNaN(value) ? "-" : Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    /// <summary>A loss: 4 significant digits, scientific when tiny.</summary>
    public static string Loss(double value) =>
        double.IsNaN(value) ? "-" : value != 0 && Math.Abs(value) < 1e-3 ? value.ToString("0.00e+0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Steps(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The one-line form used when stderr is not a terminal (logs, CI, --json).</summary>
    public static string Line(ProgressSnapshot p)
    {
        double percent = p.TotalSteps > 0 ? 100.0 * p.Step / p.TotalSteps : 0;
        string left = TimeLeft(p.TotalSteps - p.Step, p.AverageStepsPerSecond) is { } t ? Duration(t) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} ({percent:0.0}%) | {Number(p.StepsPerSecond, 0)} steps/s | episodes {p.Episodes} | return {Number(p.RecentReturn)} | epsilon {p.Epsilon:0.000} | loss {Loss(p.Loss)} | elapsed {Duration(p.Elapsed)} | left {left}");
    }
}

/// <summary>What the progress display shows; copied from the trainer's report so the display owns no trainer types.</summary>
/// <param name="Step">Agent steps done.</param>
/// <param name="RecentReturn">Mean return of recent training episodes; NaN before the first ends.</param>
/// <param name="Loss">Mean TD loss since the last report; NaN before learning starts.</param>
/// <param name="StepsPerSecond">Throughput over the last report interval (what is happening now).</param>
/// <param name="AverageSteps">Agent steps per second over this session, evaluations included; NaN = use <paramref name="StepsPerSecond"/>.
/// Time left uses it, so it does not jump with every evaluation pause.</param>
internal sealed record ProgressSnapshot(long Step, long TotalSteps, long Episodes, double RecentReturn, double Epsilon,
    double Loss, double StepsPerSecond, TimeSpan Elapsed, double BestEval = double.NaN, double AverageSteps = double.NaN)
{
    public double AverageStepsPerSecond => double.IsNaN(AverageSteps) ? StepsPerSecond : AverageSteps;
}
