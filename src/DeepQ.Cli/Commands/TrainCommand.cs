using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq train</c>: trains DQN on an environment, with live progress, metrics and checkpoints in a run folder.</summary>
internal static class TrainCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("train", "Train a DQN agent (default: CartPole-v1; --env PongNoFrameskip-v4 for the DQN-paper Atari setup)");
        command.SetAction(parse => NotWired.Fail("train", "the DQN trainer (DeepQ.Agents)"));
        _ = rt;
        return command;
    }
}
