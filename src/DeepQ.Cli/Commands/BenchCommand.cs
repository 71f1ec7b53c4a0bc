using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DeepQ.Agents.Config;
using DeepQ.Agents.Training;
using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;
using DeepQ.Cli.Benchmarks;
using DeepQ.Cli.Experiments;

namespace DeepQ.Cli.Commands;

/// <summary>
/// <c>deepq bench {emulator,learner,train}</c>: throughput benchmarks. Each prints its details
/// (to stderr with --json) and ends with one machine-readable line on stdout.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliRuntime rt)
    {
        return new Command("bench", "Throughput benchmarks") { Emulator(rt), Learner(rt), Train(rt) };
    }

    private static Command Emulator(CliRuntime rt)
    {
        var game = new Option<string>("--game") { Description = "Game name (as ALE names it) or ROM path", DefaultValueFactory = _ => "pong", HelpName = "NAME" };
        var frames = new Option<long>("--frames") { Description = "Emulator frames to run (frame skip 1, random minimal actions)", DefaultValueFactory = _ => 200_000L }.AtLeast(1L);
        var seed = new Option<int>("--seed") { Description = "Seed of the actions and of ALE's sticky actions", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var blocks = new Option<int>("--block-threshold") { Description = "Visits before the CPU compiles ROM code to machine code; 0 = interpret only (results are the same either way)", DefaultValueFactory = _ => AtariConsole.DefaultBlockThreshold, HelpName = "N" }.AtLeast(0);
        var warmup = new Option<long>("--warmup-frames") { Description = "Frames played first and timed apart, so the JIT's one-off work (compiling the ROM's blocks, tiering up the emulator) is not in frames_per_s; 0 measures a fresh process", DefaultValueFactory = _ => 50_000L, HelpName = "N" }.AtLeast(0L);
        var command = new Command("emulator", "Emulator speed with random play on one thread, after a warm-up; ends with 'frames_per_s=N'") { game, frames, warmup, seed, blocks, rt.Roms };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var roms = new RomLibrary(parse.GetValue(rt.Roms));
            var rom = roms.Resolve(KnownGame(parse.GetValue(game)!));
            console.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench emulator: {rom.FileName}, {parse.GetValue(warmup)} frames of warm-up, then {parse.GetValue(frames)} frames"));
            var result = EmulatorBenchmark.Run(rom, parse.GetValue(frames), parse.GetValue(seed), parse.GetValue(blocks), parse.GetValue(warmup));
            string line = string.Create(CultureInfo.InvariantCulture, $"frames_per_s={result.FramesPerSecond:F0}");
            console.WriteResult(new JsonObject
            {
                ["game"] = result.Game,
                ["frames"] = result.Frames,
                ["seconds"] = Math.Round(result.Seconds, 3),
                ["resets"] = result.Resets,
                ["compiled_blocks"] = result.CompiledBlocks,
                ["jit_seconds"] = Math.Round(result.JitSeconds, 3),
                ["frames_per_s"] = Math.Round(result.FramesPerSecond),
                ["warmup_frames"] = result.WarmupFrames,
                ["warmup_seconds"] = Math.Round(result.WarmupSeconds, 3),
                ["warmup_jit_seconds"] = Math.Round(result.WarmupJitSeconds, 3),
                ["warmup_frames_per_s"] = Math.Round(result.WarmupFramesPerSecond),
            }, o =>
            {
                if (result.WarmupFrames > 0)
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {result.WarmupFrames} frames in {result.WarmupSeconds:F2} s ({result.WarmupFramesPerSecond:F0} frames/s), {result.WarmupJitSeconds:F2} s of it in the JIT"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Game}: {result.Frames} frames in {result.Seconds:F2} s, {result.Resets} resets, {result.CompiledBlocks} blocks of ROM code compiled, {result.JitSeconds:F2} s of it in the JIT"));
                o.WriteLine(line);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Train(CliRuntime rt)
    {
        var env = new Option<string>("--env") { Description = "Environment id", DefaultValueFactory = _ => "PongNoFrameskip-v4", HelpName = "ID" };
        var preset = new Option<string?>("--preset") { Description = "Hyperparameter preset [default: nature for Atari ids, else cartpole-fast]", HelpName = "NAME" };
        preset.AcceptOnlyFromAmong(Presets.All.Select(p => p.Name).ToArray());
        var steps = new Option<long>("--steps") { Description = "Agent steps to time (learning starts after a tenth of them)", DefaultValueFactory = _ => 5000L }.AtLeast(10L);
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 1 }.AtLeast(0);
        var set = SetOption();
        var command = new Command("train", "End-to-end DQN training throughput (acting, replay, updates; no evaluation or files); ends with 'steps_per_s=N'")
        {
            env, preset, steps, seed, set, rt.Roms,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var config = ConfigLoader.Resolve(parse.GetValue(preset), null,
            [
                new("env", parse.GetValue(env)!),
                new("seed", parse.GetValue(seed).ToString(CultureInfo.InvariantCulture)),
                .. parse.GetValue(rt.Roms) is { } roms ? [new KeyValuePair<string, string>("roms", Path.GetFullPath(roms))] : Array.Empty<KeyValuePair<string, string>>(),
                .. Overrides(parse.GetValue(set)),
            ]);
            long n = parse.GetValue(steps);
            console.Err.WriteLine($"bench train: {config.Env}, preset {config.Preset}, {n} agent steps");
            var result = DqnTrainer.Benchmark(config, n, console.Cancellation);
            string line = string.Create(CultureInfo.InvariantCulture, $"steps_per_s={result.StepsPerSecond:F1}");
            // The environment's share split into emulation (the same game's raw frames, timed apart on
            // one thread) and the rest (wrappers, max-pooling, gray, resize, frame stack).
            var breakdown = result.Breakdown.ToList();
            int envAt = breakdown.FindIndex(p => p.Name == "environment");
            if (Presets.IsAtari(config.Env) && envAt >= 0 && AtariGame(config.Env) is { } game)
            {
                var rom = new RomLibrary(config.Roms.Length > 0 ? config.Roms : null).Resolve(game);
                var emu = EmulatorBenchmark.Run(rom, 20_000);
                double emulation = config.FrameSkip * 1000.0 / emu.FramesPerSecond;
                double env = breakdown[envAt].MsPerStep;
                breakdown[envAt] = ("emulation (timed apart)", Math.Min(env, emulation));
                breakdown.Insert(envAt + 1, ("preprocessing + wrappers", Math.Max(0, env - emulation)));
            }
            var parts = new JsonObject();
            foreach (var (name, ms) in breakdown) parts[name] = Output.Json.Number(Math.Round(ms, 4));
            console.WriteResult(new JsonObject
            {
                ["env"] = result.Env,
                ["preset"] = config.Preset,
                ["steps"] = result.Steps,
                ["updates"] = result.Updates,
                ["elapsed_s"] = Math.Round(result.Elapsed.TotalSeconds, 3),
                ["steps_per_s"] = Output.Json.Number(Math.Round(result.StepsPerSecond, 1)),
                ["learning_steps_per_s"] = Output.Json.Number(Math.Round(result.LearningStepsPerSecond, 1)),
                ["ms_per_step"] = parts,
            }, o =>
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Steps} agent steps, {result.Updates} updates in {result.Elapsed.TotalSeconds:F2} s"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"while learning ({result.LearningSteps} steps, train-frequency {config.TrainFrequency}): {result.LearningStepsPerSecond:F1} steps/s; ms per agent step:"));
                foreach (var (name, ms) in breakdown) o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} {ms,8:F3}"));
                o.WriteLine(line);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Learner(CliRuntime rt)
    {
        var defaults = new LearnerBenchmarkOptions();
        var preset = new Option<string>("--preset") { Description = "Preset whose update is timed (Double DQN, dueling, n-step, PER, loss, optimizer as training runs them)", DefaultValueFactory = _ => defaults.Preset, HelpName = "NAME" };
        preset.AcceptOnlyFromAmong(Presets.All.Select(p => p.Name).ToArray());
        var batch = new Option<int>("--batch") { Description = "Replay minibatch size; 0 = the preset's", DefaultValueFactory = _ => defaults.BatchSize }.Between(0, 4096);
        var actions = new Option<int>("--actions") { Description = "Actions of the Q head (Pong's minimal set has 6)", DefaultValueFactory = _ => defaults.ActionCount }.Between(1, 18);
        var threads = new Option<int>("--threads") { Description = "Kernel threads; 0 = all cores", DefaultValueFactory = _ => defaults.Threads }.Between(0, 256);
        var updates = new Option<int>("--updates") { Description = "Timed DQN updates (the median is reported)", DefaultValueFactory = _ => defaults.UpdateIterations }.AtLeast(1);
        var acts = new Option<int>("--acts") { Description = "Timed greedy actions (the median is reported)", DefaultValueFactory = _ => defaults.ActIterations }.AtLeast(1);
        var warmup = new Option<int>("--warmup") { Description = "Untimed iterations first", DefaultValueFactory = _ => defaults.WarmupIterations }.AtLeast(0);
        var set = SetOption();
        var command = new Command("learner", "Time of one DQN update exactly as training runs it (the preset's), on a replay buffer of random [4,84,84] frames, and of one greedy action; ends with 'update_ms=X act_ms=Y'")
        {
            preset, batch, actions, threads, updates, acts, warmup, set,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var options = defaults with
            {
                Preset = parse.GetValue(preset)!,
                Overrides = Overrides(parse.GetValue(set)),
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
            var layers = new JsonObject();
            foreach (var p in result.LayerProfile) layers[p.Name] = Output.Json.Number(p.Milliseconds);
            console.WriteResult(new JsonObject
            {
                ["update_ms"] = Output.Json.Number(result.UpdateMs),
                ["act_ms"] = Output.Json.Number(result.ActMs),
                ["threads"] = result.Threads,
                ["batch_size"] = result.BatchSize,
                ["preset"] = result.Preset,
                ["kernels"] = result.Kernels,
                ["update_phases_ms"] = phases,
                ["layers_ms"] = layers,
            }, o =>
            {
                o.WriteLine($"update of preset {result.Preset}, batch {result.BatchSize}, {result.Threads} thread(s), kernels {result.Kernels}, by phase:");
                foreach (var p in result.UpdatePhases) o.WriteLine($"  {p.Name,-28} {p.Milliseconds,9:F3} ms");
                if (result.LayerProfile.Count > 0)
                {
                    o.WriteLine("network, by layer (batch forward and backward):");
                    foreach (var p in result.LayerProfile) o.WriteLine($"  {p.Name,-28} {p.Milliseconds,9:F3} ms");
                }
                o.WriteLine(result.SummaryLine);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The ALE game name of an Atari id (PongNoFrameskip-v4, ALE/MsPacman-v5 -> pong, ms_pacman), or null.</summary>
    internal static string? AtariGame(string envId)
    {
        string name = envId.StartsWith("ALE/", StringComparison.Ordinal) ? envId[4..] : envId;
        foreach (var suffix in new[] { "NoFrameskip-v4", "Deterministic-v4", "-v5", "-v4" })
            if (name.EndsWith(suffix, StringComparison.Ordinal)) { name = name[..^suffix.Length]; break; }
        var snake = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();
        return KnownRoms.ByName(snake) is not null ? snake : null;
    }

    /// <summary>The --game value, refused with the list of valid names when it is neither an ALE game name nor a ROM path.</summary>
    internal static string KnownGame(string name)
    {
        bool path = name.Contains('/') || name.Contains('\\') || name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) || File.Exists(name);
        if (path || KnownRoms.ByName(name) is not null) return name;
        var names = KnownRoms.Games.Order(StringComparer.Ordinal);
        throw new CliUserException($"Unknown game '{name}'; use one of these ALE game names: {string.Join(", ", names)}; or give the path of a .bin file (import ROMs with 'deepq import-roms DIR').");
    }

    /// <summary><c>--set KEY=VALUE</c>, repeatable: any training setting over the preset's, as <c>deepq train --KEY VALUE</c> would set it.</summary>
    private static Option<string[]> SetOption() => new("--set")
    {
        Description = "A training setting over the preset's, as KEY=VALUE (repeatable), e.g. --set network=nips2013-cnn",
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static KeyValuePair<string, string>[] Overrides(string[]? pairs) =>
        [.. (pairs ?? []).SelectMany(p => ExperimentSpec.ParseAssignments(p, "--set"))];
}
