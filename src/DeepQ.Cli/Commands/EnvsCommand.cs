using System.CommandLine;
using System.Text.Json.Nodes;
using DeepQ.Envs;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq envs</c>: lists every environment id the registry can make.</summary>
internal static class EnvsCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("envs", "List every environment id");
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var descriptions = Gym.ClassicControlIds.ToDictionary(c => c.Id, c => c.Description);
            var ids = Gym.Ids.ToList();
            console.WriteResult(new JsonObject { ["envs"] = Output.Json.Strings(ids) }, o =>
            {
                int width = ids.Max(i => i.Length);
                foreach (var id in ids)
                    o.WriteLine(descriptions.TryGetValue(id, out var d) ? $"{id.PadRight(width)}  {d}" : id);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
