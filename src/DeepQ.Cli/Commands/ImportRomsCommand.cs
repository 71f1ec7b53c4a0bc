using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq import-roms DIR</c>: copies recognised ROMs (by md5) into the ROM folder.</summary>
internal static class ImportRomsCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("import-roms", "Copy every ROM recognised by md5 from DIR into the ROM folder");
        command.SetAction(parse => NotWired.Fail("import-roms", "the ROM library (DeepQ.Emulator)"));
        _ = rt;
        return command;
    }
}
