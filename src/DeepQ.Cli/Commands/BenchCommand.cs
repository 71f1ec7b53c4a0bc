using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DeepQ.Agents.Config;
using DeepQ.Agents.Training;
using DeepQ.Nn.Benchmarks;

namespace DeepQ.Cli.Commands;

/// <summary>
/// <c>deepq bench {emulator,learner,train}</c>: throughput benchmarks. Each prints its details
/// (to stderr with --json) and ends with one machine-readable line on stdout.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliRuntime rt)
    {
        var emulator = new Command("emulator", "Emulator frames per second; ends with 'frames_per_s=N'");
        emulator.SetAction(parse => NotWired.Fail("bench emulator", "the emulator benchmark (DeepQ.Emulator)"));
        return new Command("bench", "Throughput benchmarks") { emulator, Learner(rt), Train(rt) };
    }

    private static Command Train(CliRuntime rt)
    {
        var env = new Option<string>("--env") { Description = "Environment id", DefaultValueFactory = _ => "PongNoFrameskip-v4", HelpName = "ID" };
        var preset = new Option<string?>("--preset") { Description = "Hyperparameter preset (default: nature for Atari ids, else cartpole-fast)", HelpName = "NAME" };
        preset.AcceptOnlyFromAmong(Presets.All.Select(p => p.Name).ToArray());
        var steps = new Option<long>("--steps") { Description = "Agent steps to time (learning starts after a tenth of them)", DefaultValueFactory = _ => 5000L }.AtLeast(10L);
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 1 }.AtLeast(0);
        var command = new Command("train", "End-to-end DQN training throughput (acting, replay, updates; no evaluation or files); ends with 'steps_per_s=N'")
        {
            env, preset, steps, seed,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var config = ConfigLoader.Resolve(parse.GetValue(preset), null,
            [
                new("env", parse.GetValue(env)!),
                new("seed", parse.GetValue(seed).ToString(CultureInfo.InvariantCulture)),
                .. parse.GetValue(rt.Roms) is { } roms ? [new KeyValuePair<string, string>("roms", Path.GetFullPath(roms))] : Array.Empty<KeyValuePair<string, string>>(),
            ]);
            long n = parse.GetValue(steps);
            console.Err.WriteLine($"bench train: {config.Env}, preset {config.Preset}, {n} agent steps");
            var result = DqnTrainer.Benchmark(config, n, console.Cancellation);
            string line = string.Create(CultureInfo.InvariantCulture, $"steps_per_s={result.StepsPerSecond:F1}");
            console.WriteResult(new JsonObject
            {
                ["env"] = result.Env,
                ["preset"] = config.Preset,
                ["steps"] = result.Steps,
                ["updates"] = result.Updates,
                ["elapsed_s"] = Math.Round(result.Elapsed.TotalSeconds, 3),
                ["steps_per_s"] = Output.Json.Number(Math.Round(result.StepsPerSecond, 1)),
            }, o =>
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Steps} agent steps, {result.Updates} updates in {result.Elapsed.TotalSeconds:F2} s"));
                o.WriteLine(line);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Learner(CliRuntime rt)
    {
        var defaults = new LearnerBenchmarkOptions();
        var batch = new Option<int>("--batch") { Description = "Replay minibatch size", DefaultValueFactory = _ => defaults.BatchSize }.Between(1, 4096);
        var actions = new Option<int>("--actions") { Description = "Actions of the Q head (Pong's minimal set has 6)", DefaultValueFactory = _ => defaults.ActionCount }.Between(1, 18);
        var threads = new Option<int>("--threads") { Description = "Kernel threads; 0 = all cores", DefaultValueFactory = _ => defaults.Threads }.Between(0, 256);
        var updates = new Option<int>("--updates") { Description = "Timed DQN updates (the median is reported)", DefaultValueFactory = _ => defaults.UpdateIterations }.AtLeast(1);
        var acts = new Option<int>("--acts") { Description = "Timed greedy actions (the median is reported)", DefaultValueFactory = _ => defaults.ActIterations }.AtLeast(1);
        var warmup = new Option<int>("--warmup") { Description = "Untimed iterations first", DefaultValueFactory = _ => defaults.WarmupIterations }.AtLeast(0);
        var command = new Command("learner", "Nature-DQN update and greedy-action time on random [B,4,84,84] data; ends with 'update_ms=X act_ms=Y'")
        {
            batch, actions, threads, updates, acts, warmup,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var options = defaults with
            {
                BatchSize = parse.GetValue(batch),
                ActionCount = parse.GetValue(actions),
                Threads = parse.GetValue(threads),
                UpdateIterations = parse.GetValue(updates),
                ActIterations = parse.GetValue(acts),
                WarmupIterations = parse.GetValue(warmup),
            };
            var result = LearnerBenchmark.Run(options, line => console.Err.WriteLine(line));
            var phases = new JsonObject();
            foreach (var p in result.UpdatePhases) phases[p.Name] = Output.Json.Number(p.Milliseconds);
            console.WriteResult(new JsonObject
            {
                ["update_ms"] = Output.Json.Number(result.UpdateMs),
                ["act_ms"] = Output.Json.Number(result.ActMs),
                ["threads"] = result.Threads,
                ["batch_size"] = result.BatchSize,
                ["update_phases_ms"] = phases,
            }, o =>
            {
                foreach (var p in result.UpdatePhases) o.WriteLine($"  {p.Name,-28} {p.Milliseconds,9:F3} ms");
                o.WriteLine(result.SummaryLine);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
