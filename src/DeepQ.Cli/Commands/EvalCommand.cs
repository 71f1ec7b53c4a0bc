using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq eval</c>: plays a saved model for N episodes and reports return statistics.</summary>
internal static class EvalCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("eval", "Evaluate a saved model on an environment for N episodes");
        command.SetAction(parse => NotWired.Fail("eval", "the evaluator (DeepQ.Agents)"));
        _ = rt;
        return command;
    }
}
