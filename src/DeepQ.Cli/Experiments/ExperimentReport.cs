using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepQ.Cli.Experiments.Statistics;
using DeepQ.Cli.Metrics;
using DeepQ.Cli.Plotting;

namespace DeepQ.Cli.Experiments;

/// <summary>One configuration on one environment, summarised over its finished seeds.</summary>
internal sealed record ConfigurationSummary(string Env, string Configuration, int Runs, int Planned,
    ConfidenceInterval Iqm, ConfidenceInterval Mean, double Median, ConfidenceInterval? BestModelIqm, string Metric);

/// <summary>
/// Aggregates a grid's finished runs per configuration and environment, following Agarwal et al.
/// (2021): the score of a run is its last periodic evaluation (the end of its learning curve);
/// per configuration the report gives the interquartile mean and the mean with stratified-bootstrap
/// 95 % intervals, the median, and the IQM of the final evaluation of each run's best model
/// (result.json) beside it; curves of the mean with 95 % bootstrap bands on a common step grid;
/// and a performance profile. Writes report.md, summary.csv, scores.csv and SVG/PNG plots.
/// Environments are never pooled: their scores are on different scales.
/// </summary>
internal static class ExperimentReport
{
    public const int CurveRepetitions = 2000;
    public const long BootstrapSeed = 0;

    private sealed record RunScores(PlannedRun Run, MetricSeries Curve, double Final, double? BestModel);

    public static IReadOnlyList<ConfigurationSummary> Write(ExperimentFolder folder, ExperimentPlan plan, int repetitions = StratifiedBootstrap.DefaultRepetitions)
    {
        var summaries = new List<ConfigurationSummary>();
        var scoreRows = new StringBuilder("env,configuration,seed,score,best_model_score,metric\n");
        var md = new StringBuilder();
        md.Append($"# Experiment {plan.Name}\n\n");
        md.Append("Score of a run: its last periodic evaluation (mean return over eval-episodes episodes, played at eval-epsilon). ")
          .Append("Per configuration: interquartile mean (IQM: the mean of the middle 50 % of runs) and mean, each with a stratified-bootstrap 95 % confidence interval ")
          .Append($"({repetitions:N0} resamples, percentile method; Agarwal et al. 2021), the median, and the IQM of each run's best model in its final evaluation (result.json), ")
          .Append("which selects the best checkpoint and so reads higher. Curves: mean over seeds with a 95 % bootstrap band. Only finished runs count.\n");

        foreach (string env in plan.Envs)
        {
            var byConfig = new List<(string Config, List<RunScores> Runs, int Planned)>();
            var envRuns = plan.Runs.Where(r => r.Env == env && folder.StateOf(r) == RunState.Finished).ToList();
            string metric = envRuns.Count > 0 && envRuns.All(r => HasMetric(folder.RunPath(r), MetricNames.EvalEpisodicReturn))
                ? MetricNames.EvalEpisodicReturn : MetricNames.EpisodicReturn;
            foreach (string config in plan.Configurations)
            {
                var runs = envRuns.Where(r => r.Configuration == config).Select(r => Scores(folder, r, metric)).ToList();
                byConfig.Add((config, runs, plan.Runs.Count(r => r.Env == env && r.Configuration == config)));
                foreach (var r in runs)
                    scoreRows.Append(string.Create(CultureInfo.InvariantCulture, $"{env},{config},{r.Run.Seed},{r.Final:R},{(r.BestModel is { } b ? b.ToString("R", CultureInfo.InvariantCulture) : "")},{metric}\n"));
            }

            string safeEnv = env.Replace('/', '-');
            md.Append($"\n## {env}\n\n");
            md.Append("| configuration | runs | IQM [95% CI] | mean [95% CI] | median | best model IQM [95% CI] |\n|---|---|---|---|---|---|\n");
            var boot = new StratifiedBootstrap(repetitions, 0.95, BootstrapSeed);
            var curveBoot = new StratifiedBootstrap(CurveRepetitions, 0.95, BootstrapSeed);
            var curves = new List<BandSeries>();
            var finals = new List<(string Config, double[] Scores)>();
            foreach (var (config, runs, planned) in byConfig)
            {
                if (runs.Count == 0)
                {
                    md.Append($"| {config} | 0/{planned} | - | - | - | - |\n");
                    continue;
                }
                double[] scores = runs.Select(r => r.Final).ToArray();
                var best = runs.All(r => r.BestModel is not null) ? boot.Iqm([runs.Select(r => r.BestModel!.Value).ToArray()]) : (ConfidenceInterval?)null;
                var summary = new ConfigurationSummary(env, config, runs.Count, planned, boot.Iqm([scores]), boot.Mean([scores]),
                    ScoreStatistics.Median(scores), best, metric);
                summaries.Add(summary);
                md.Append($"| {config} | {runs.Count}/{planned} | {Format(summary.Iqm)} | {Format(summary.Mean)} | {F(summary.Median)} | {(best is { } b ? Format(b) : "-")} |\n");
                var bands = CurveBands.Compute(runs.Select(r => (r.Curve.Steps, r.Curve.Values)).ToList(), curveBoot);
                curves.Add(new BandSeries($"{config} ({runs.Count} seeds)", bands.Steps, bands.Mean));
                finals.Add((config, scores));
            }
            if (curves.Count == 0) continue;

            string curvesBase = Path.Combine(folder.Path, $"curves-{safeEnv}");
            BandChart.Write(curvesBase, $"{env}: {metric}, mean and 95% bootstrap CI", "agent steps", metric, curves);
            double lo = finals.Min(f => f.Scores.Min()), hi = finals.Max(f => f.Scores.Max());
            double[] thresholds = PerformanceProfile.EvenThresholds(lo - (hi - lo) * 0.02 - 1e-9, hi + (hi - lo) * 0.02 + 1e-9);
            var profiles = finals.Select(f =>
            {
                var p = PerformanceProfile.Compute([f.Scores], thresholds, curveBoot);
                return new BandSeries(f.Config, p.Thresholds, p.Fraction);
            }).ToList();
            string profileBase = Path.Combine(folder.Path, $"profile-{safeEnv}");
            BandChart.Write(profileBase, $"{env}: fraction of runs with score > tau (95% CI)", "score tau", "fraction of runs", profiles);
            md.Append($"\n![learning curves](curves-{safeEnv}.svg)\n\n![performance profile](profile-{safeEnv}.svg)\n");
        }

        var csv = new StringBuilder("env,configuration,runs,planned,metric,iqm,iqm_low,iqm_high,mean,mean_low,mean_high,median,best_model_iqm,best_model_iqm_low,best_model_iqm_high\n");
        foreach (var s in summaries)
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{s.Env},{s.Configuration},{s.Runs},{s.Planned},{s.Metric},{s.Iqm.Estimate:R},{s.Iqm.Low:R},{s.Iqm.High:R},{s.Mean.Estimate:R},{s.Mean.Low:R},{s.Mean.High:R},{s.Median:R},{Opt(s.BestModelIqm?.Estimate)},{Opt(s.BestModelIqm?.Low)},{Opt(s.BestModelIqm?.High)}\n"));
        File.WriteAllText(Path.Combine(folder.Path, "summary.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder.Path, "scores.csv"), scoreRows.ToString());
        File.WriteAllText(Path.Combine(folder.Path, "report.md"), md.ToString());
        return summaries;
    }

    private static RunScores Scores(ExperimentFolder folder, PlannedRun run, string metric)
    {
        string dir = folder.RunPath(run);
        var series = MetricSeries.Read(dir, metric);
        // Training returns are noisy single episodes: score their last 10; evaluations are already means.
        double final = metric == MetricNames.EvalEpisodicReturn ? series.Values[^1] : series.Values.TakeLast(10).Average();
        return new RunScores(run, series, final, BestModelScore(dir));
    }

    private static double? BestModelScore(string runDir)
    {
        string path = new Agents.RunFolder(runDir).ResultFile;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            // "final_evaluation" since checkpoint v2; "final-evaluation" in run folders written before.
            var root = doc.RootElement;
            return (root.TryGetProperty("final_evaluation", out var e) || root.TryGetProperty("final-evaluation", out e))
                   && e.TryGetProperty("mean", out var m) ? m.GetDouble() : null;
        }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    private static bool HasMetric(string runDir, string tag)
    {
        try { MetricSeries.Read(runDir, tag); return true; }
        catch (CliUserException) { return false; }
    }

    public static string Format(ConfidenceInterval ci) => $"{F(ci.Estimate)} [{F(ci.Low)}, {F(ci.High)}]";

    private static string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static string Opt(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
