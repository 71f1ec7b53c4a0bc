namespace DeepQ.Cli;

/// <summary>The <c>deepq</c> process: wires the real console and Ctrl-C to <see cref="CliApp"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var interrupt = new InterruptHandler(Console.Error);
        return CliApp.Run(args, Console.Out, Console.Error, interrupt.Token,
            errorIsTerminal: !Console.IsErrorRedirected);
    }
}
