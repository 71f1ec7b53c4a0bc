using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq bench {emulator,learner,train}</c>: throughput benchmarks, each ending with one machine-readable line.</summary>
internal static class BenchCommand
{
    public static Command Create(CliRuntime rt)
    {
        var emulator = new Command("emulator", "Emulator frames per second; ends with 'frames_per_s=N'");
        emulator.SetAction(parse => NotWired.Fail("bench emulator", "the emulator benchmark (DeepQ.Emulator)"));
        var learner = new Command("learner", "DQN update and action-selection time; ends with 'update_ms=X act_ms=Y'");
        learner.SetAction(parse => NotWired.Fail("bench learner", "the learner benchmark (DeepQ.Nn)"));
        var train = new Command("train", "End-to-end training throughput; ends with 'steps_per_s=N'");
        train.SetAction(parse => NotWired.Fail("bench train", "the DQN trainer (DeepQ.Agents)"));
        _ = rt;
        return new Command("bench", "Throughput benchmarks") { emulator, learner, train };
    }
}
