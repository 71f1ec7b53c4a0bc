using System.CommandLine;
using System.Text.Json.Nodes;
using DeepQ.Emulator.Roms;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq import-roms DIR</c>: copies every ROM recognised by md5 into the ROM folder and lists them.</summary>
internal static class ImportRomsCommand
{
    public static Command Create(CliRuntime rt)
    {
        var source = new Argument<string>("DIR") { Description = "Folder holding .bin ROM files (searched recursively)" };
        var command = new Command("import-roms", "Copy every ROM recognised by md5 from DIR into the ROM folder (--roms, else $DEEPQ_ROMS, else the per-user folder)")
        {
            source, rt.Roms,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            var library = new RomLibrary(parse.GetValue(rt.Roms));
            var imported = library.Import(parse.GetValue(source)!);
            var list = new JsonArray(imported.Select(r => (JsonNode)new JsonObject
            {
                ["game"] = r.Game, ["source"] = r.Source, ["destination"] = r.Destination, ["md5"] = r.Image.Md5,
                ["image"] = r.Image.Kind == RomImageKind.AleSupported ? "ale" : "other", ["about"] = r.Image.Describe(),
            }).ToArray());
            console.WriteResult(new JsonObject { ["rom_folder"] = library.Folder, ["imported"] = list, ["count"] = imported.Count }, o =>
            {
                foreach (var r in imported) o.WriteLine($"{r.Game,-24} {r.Source}: {r.Image.Describe()}");
                o.WriteLine(imported.Count == 0
                    ? $"no known ROMs found in '{parse.GetValue(source)}'"
                    : $"imported {imported.Count} ROM(s) into {library.Folder}");
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
