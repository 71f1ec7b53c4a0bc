using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq envs</c>: lists every environment id.</summary>
internal static class EnvsCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("envs", "List every environment id");
        command.SetAction(parse => NotWired.Fail("envs", "the environment registry (DeepQ.Envs)"));
        _ = rt;
        return command;
    }
}
