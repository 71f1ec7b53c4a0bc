using System.CommandLine;
using System.Text.Json.Nodes;
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
        var train = new Command("train", "End-to-end training throughput; ends with 'steps_per_s=N'");
        train.SetAction(parse => NotWired.Fail("bench train", "the DQN trainer (DeepQ.Agents)"));
        return new Command("bench", "Throughput benchmarks") { emulator, Learner(rt), train };
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
