namespace DeepQ.Cli.Commands;

/// <summary>
/// For a command whose library has not been merged into this build yet: fails with one honest
/// line instead of pretending to work. Each use disappears once its command is wired.
/// </summary>
internal static class NotWired
{
    public static int Fail(string command, string library) =>
        throw new CliUserException($"'deepq {command}' is not available in this build yet: it needs {library}. Use a newer build of deepq.");
}
