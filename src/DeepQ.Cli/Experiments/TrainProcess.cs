using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DeepQ.Cli.Experiments;

/// <summary>
/// How a grid starts one run: this same deepq as a child process running a plain
/// <c>deepq train</c> into the run's folder, so every run is isolated (its own memory, threads,
/// Ctrl-C handling) and is exactly what a user would get by typing the command.
/// </summary>
internal static partial class TrainProcess
{
    /// <summary>Overrides the deepq executable a grid launches (a path, e.g. on a cluster's shared disk).</summary>
    public const string ExecutableVariable = "DEEPQ_EXE";

    /// <summary>
    /// The command that runs deepq: <c>$DEEPQ_EXE</c>; else the native launcher beside this
    /// assembly; else the dotnet host with deepq.dll.
    /// </summary>
    public static (string FileName, string[] Prefix) Command()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } exe) return (exe, []);
        string dll = typeof(CliApp).Assembly.Location;
        // A single-file publish has no assembly path: the running executable is deepq itself.
        if (dll.Length == 0)
            return (Environment.ProcessPath ?? throw new CliUserException($"cannot tell where the deepq executable is; set {ExecutableVariable} to its path."), []);
        string dir = Path.GetDirectoryName(dll)!;
        string launcher = Path.Combine(dir, OperatingSystem.IsWindows() ? "deepq.exe" : "deepq");
        if (File.Exists(launcher)) return (launcher, []);
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (host, [dll]);
    }

    /// <summary>The deepq command line as one shell-quoted string, for Slurm batch scripts.</summary>
    public static string ShellCommand()
    {
        var (file, prefix) = Command();
        return string.Join(' ', new[] { file }.Concat(prefix).Select(ShellQuote));
    }

    public static string ShellQuote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ':' or ',' or '+')
            ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Arguments of the train command for a run: a fresh start from its settings file, or a resume.</summary>
    public static string[] TrainArguments(ExperimentFolder folder, PlannedRun run, RunState state) => state == RunState.Resumable
        ? ["train", "--resume", folder.RunPath(run), "--json"]
        : ["train", "--config", folder.RunSettingsFile(run), "--run-dir", folder.RunPath(run), "--json"];

    /// <summary>
    /// Starts deepq with <paramref name="arguments"/> in its own session (via setsid where it exists),
    /// so a Ctrl-C at the terminal reaches only the grid, which then stops each run exactly once
    /// with <see cref="RequestStop"/> (a second signal would make deepq quit without saving).
    /// <paramref name="threads"/> caps the run's compute threads through DOTNET_PROCESSOR_COUNT.
    /// </summary>
    public static Process Start(IReadOnlyList<string> arguments, int threads)
    {
        var (file, prefix) = Command();
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        const string setsid = "/usr/bin/setsid";
        if (!OperatingSystem.IsWindows() && File.Exists(setsid))
        {
            info.FileName = setsid;
            info.ArgumentList.Add(file);
        }
        else info.FileName = file;
        foreach (var a in prefix.Concat(arguments)) info.ArgumentList.Add(a);
        info.Environment["DOTNET_PROCESSOR_COUNT"] = Math.Max(1, threads).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(info) ?? throw new CliUserException($"could not start '{file}'; set {ExecutableVariable} to the deepq executable.");
    }

    /// <summary>Asks a run to stop the way Ctrl-C does (SIGTERM: save a checkpoint, exit 130).</summary>
    public static void RequestStop(Process process)
    {
        try
        {
            if (process.HasExited) return;
            if (OperatingSystem.IsWindows()) process.Kill();
            else _ = SendSignal(process.Id, 15);
        }
        catch (InvalidOperationException) { }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
