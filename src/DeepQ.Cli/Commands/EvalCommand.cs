using System.CommandLine;
using System.Text.Json.Nodes;
using DeepQ.Agents.Evaluation;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq eval MODEL</c>: plays a saved model for N complete episodes and reports return statistics.</summary>
internal static class EvalCommand
{
    public static Command Create(CliRuntime rt)
    {
        var model = new Argument<string>("MODEL") { Description = "Run folder (uses best.safetensors) or a .safetensors file" };
        var env = new Option<string?>("--env") { Description = "Environment id [default: the one the model was trained on]", HelpName = "ID" };
        var episodes = new Option<int>("--episodes", "-n") { Description = "Complete episodes to play", DefaultValueFactory = _ => 10 }.AtLeast(1);
        var epsilon = new Option<double?>("--epsilon") { Description = "Exploration epsilon while playing [default: the run's eval-epsilon]" };
        var seed = new Option<int>("--seed") { Description = "Seed of the evaluation episodes and of epsilon's random actions", DefaultValueFactory = _ => 0 }.AtLeast(0);
        epsilon.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            try
            {
                if (r.GetValueOrDefault<double?>() is { } e && !(e >= 0 && e <= 1)) r.AddError($"--epsilon must be between 0 and 1, got {r.Tokens[0].Value}.");
            }
            catch (InvalidOperationException) { }
        });

        var command = new Command("eval", "Evaluate a saved model on an environment for N episodes (mean, std, median, min, max of the returns)")
        {
            model, env, episodes, epsilon, seed, rt.Roms,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var source = ModelSource.Resolve(parse.GetValue(model), parse.GetValue(env), parse.GetValue(rt.Roms));
            double eps = parse.GetValue(epsilon) ?? source.Config.EvalEpsilon;
            int n = parse.GetValue(episodes);
            console.Err.WriteLine($"evaluating {source.ModelPath} on {source.Config.Env}: {n} episodes, epsilon {eps}");
            var result = Evaluator.EvaluateModel(source.ModelPath!, source.Config, n, eps, parse.GetValue(seed), console.Cancellation);
            console.Cancellation.ThrowIfCancellationRequested();
            console.WriteResult(new JsonObject
            {
                ["env"] = source.Config.Env,
                ["model"] = source.ModelPath,
                ["run_dir"] = source.RunDirectory,
                ["eval_mean"] = Output.Json.Number(result.Mean),
                ["eval_std"] = Output.Json.Number(result.Std),
                ["eval_episodes"] = result.Episodes,
                ["eval_median"] = Output.Json.Number(result.Median),
                ["eval_min"] = Output.Json.Number(result.Min),
                ["eval_max"] = Output.Json.Number(result.Max),
                ["epsilon"] = eps,
                ["returns"] = new JsonArray(result.Returns.Select(r => Output.Json.Number(r)).ToArray()),
                ["lengths"] = new JsonArray(result.Lengths.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            }, o => o.WriteLine($"{source.Config.Env}: {result}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
