using System.CommandLine;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq verify-trace FILE...</c>: replays ALE traces on the emulator and reports mismatches.</summary>
internal static class VerifyTraceCommand
{
    public static Command Create(CliRuntime rt)
    {
        var command = new Command("verify-trace", "Replay ALE trace files on the emulator; prints 'frames=N mismatches=M' per file");
        command.SetAction(parse => NotWired.Fail("verify-trace", "the trace verifier (DeepQ.Emulator)"));
        _ = rt;
        return command;
    }
}
