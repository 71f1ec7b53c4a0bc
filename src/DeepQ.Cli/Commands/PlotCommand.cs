using System.CommandLine;
using System.Text.Json.Nodes;
using DeepQ.Cli.Media;
using DeepQ.Cli.Metrics;
using DeepQ.Cli.Plotting;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq plot RUN_DIR...</c>: learning curves from run folders as SVG and PNG.</summary>
internal static class PlotCommand
{
    public static Command Create(CliRuntime rt)
    {
        var runs = new Argument<string[]>("RUN_DIR")
        {
            Description = "Run folders written by 'deepq train' (or their metrics.csv); runs named alike except for a trailing __SEED__TIME or __SEED are averaged",
            Arity = ArgumentArity.OneOrMore,
        }.NoOptionLikeValues();
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output path without extension; writes PATH.svg and PATH.png (a folder, or a path ending in /, gets learning_curve.svg and .png inside it)",
            DefaultValueFactory = _ => "learning_curve",
            HelpName = "PATH",
        };
        var metric = new Option<string?>("--metric")
        {
            Description = $"Scalar to plot against agent steps [default: {MetricNames.EvalEpisodicReturn} (periodic evaluations, at eval-epsilon) when every run has it, else {MetricNames.EpisodicReturn} (training episodes, with exploration)]",
        };
        var smooth = new Option<double>("--smooth")
        {
            Description = "EMA smoothing weight as in TensorBoard: 0 = raw, closer to 1 = smoother [default: 0.9 for training episodes; 0 for eval/* metrics, whose few points are already means over episodes]",
            DefaultValueFactory = _ => 0.9,
        }.Between(0.0, 0.999);
        var title = new Option<string?>("--title") { Description = "Chart title [default: the metric and smoothing]" };
        var seedLines = new Option<bool>("--seeds") { Description = "Also draw each seed as a thin line under its group's mean" };
        var xAxis = new Option<string>("--x")
        {
            Description = "What the x-axis counts: steps (agent steps) or minutes (each run's training clock over all its sessions, evaluations included)",
            DefaultValueFactory = _ => "steps",
        };
        xAxis.AcceptOnlyFromAmong("steps", "minutes");
        var reach = new Option<double?>("--reach")
        {
            Description = "Also report, per run, the agent step and training minute at which the mean of its last 100 training episodes first reached this return (e.g. 18 for Pong)",
            HelpName = "RETURN",
        };

        var command = new Command("plot", "Plot learning curves as SVG and PNG: runs named alike except for a trailing __SEED__TIME or __SEED are one curve, "
            + "the mean over seeds with a 95% bootstrap band; a seed solved early keeps its final score, and n=K marks show how many seeds a stretch averages")
        {
            runs, output, metric, smooth, title, seedLines, xAxis, reach,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var runList = parse.GetValue(runs)!;
            string tag = parse.GetValue(metric) ?? DefaultMetric(runList);
            // Evaluation curves have one point per evaluation (each already a mean over episodes):
            // smoothing them by default would hide the final score, so they are drawn raw unless asked.
            bool smoothGiven = parse.GetResult(smooth) is { Implicit: false };
            double smoothing = smoothGiven || !tag.StartsWith("eval/", StringComparison.Ordinal) ? parse.GetValue(smooth) : 0.0;
            var x = parse.GetValue(xAxis) == "minutes" ? LearningCurvePlot.XAxis.Minutes : LearningCurvePlot.XAxis.Steps;
            var chart = LearningCurvePlot.Build(runList, tag, smoothing, parse.GetValue(title), parse.GetValue(seedLines), x);
            double? threshold = parse.GetValue(reach);
            var reached = threshold is { } th
                ? runList.Select(r => (Run: r, At: LearningCurvePlot.FirstReach(r, th))).ToList()
                : [];
            string basePath = parse.GetValue(output)!;
            // "-o DIR/" or an existing folder names where the files go, not a file called ".svg".
            if (Directory.Exists(basePath) || Path.EndsInDirectorySeparator(basePath) || basePath.EndsWith('/'))
                basePath = Path.Combine(basePath, "learning_curve");
            if (basePath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) || basePath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                basePath = basePath[..^4];
            string svgPath = basePath + ".svg", pngPath = basePath + ".png";
            string? folder = Path.GetDirectoryName(Path.GetFullPath(svgPath));
            if (folder is not null) Directory.CreateDirectory(folder);

            File.WriteAllText(svgPath, LearningCurvePlot.ToSvg(chart));
            var raster = LearningCurvePlot.ToRaster(chart);
            PngWriter.WriteRgb(pngPath, raster.Pixels, raster.Width, raster.Height);

            var curves = new JsonArray(chart.Curves.Select(c => (JsonNode)new JsonObject
            {
                ["label"] = c.Label,
                ["seeds"] = c.Seeds,
                ["points"] = c.Steps.Length,
                [x == LearningCurvePlot.XAxis.Minutes ? "last_minute" : "last_step"] = Output.Json.Number(c.Steps[^1]),
                ["last_mean"] = Output.Json.Number(c.Mean[^1]),
                ["solved_early"] = c.SolvedEarly,
            }).ToArray());
            var result = new JsonObject { ["svg"] = svgPath, ["png"] = pngPath, ["metric"] = tag, ["x"] = x == LearningCurvePlot.XAxis.Minutes ? "minutes" : "steps", ["curves"] = curves };
            if (threshold is not null)
                result["reach"] = new JsonArray(reached.Select(r => (JsonNode)new JsonObject
                {
                    ["run"] = r.Run,
                    ["threshold"] = threshold,
                    ["step"] = r.At is { } a ? Output.Json.Number(a.Step) : null,
                    ["minute"] = r.At is { } b ? Output.Json.Number(Math.Round(b.Minute, 2)) : null,
                }).ToArray());
            console.WriteResult(result, o =>
            {
                string at = x == LearningCurvePlot.XAxis.Minutes ? "minute" : "step";
                foreach (var c in chart.Curves)
                    o.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{c.Label}: {c.Seeds} seed(s){(c.SolvedEarly > 0 ? $" ({c.SolvedEarly} solved early, final score carried forward)" : "")}, final {tag} {c.Mean[^1]:0.##} at {at} {c.Steps[^1]:0.#}"));
                foreach (var (run, a) in reached)
                    o.WriteLine(a is { } p
                        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{run}: 100-episode training mean first >= {threshold} at step {p.Step:0} (minute {p.Minute:0.0})")
                        : $"{run}: 100-episode training mean never reached {threshold}");
                o.WriteLine($"wrote {svgPath}");
                o.WriteLine($"wrote {pngPath}");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The evaluation return when every run logged one (it is the score papers report), else the training return.</summary>
    private static string DefaultMetric(IReadOnlyList<string> runs)
    {
        foreach (var run in runs)
        {
            try { MetricSeries.Read(run, MetricNames.EvalEpisodicReturn); }
            catch (CliUserException) { return MetricNames.EpisodicReturn; }
        }
        return MetricNames.EvalEpisodicReturn;
    }
}
