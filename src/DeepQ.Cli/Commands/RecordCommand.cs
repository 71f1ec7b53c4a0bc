using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq record</c>: plays one episode and saves it as an animated GIF (and MP4 with ffmpeg).</summary>
internal static class RecordCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("record", "Record one episode as an animated GIF (and MP4 when ffmpeg is on PATH)");
        command.SetAction(parse => NotWired.Fail("record", "environment rendering (DeepQ.Envs)"));
        _ = rt;
        return command;
    }
}
