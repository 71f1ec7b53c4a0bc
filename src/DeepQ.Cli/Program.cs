namespace DeepQ.Cli;

/// <summary>The <c>deepq</c> process: wires the real console and Ctrl-C to <see cref="CliApp"/>.</summary>
internal static class Program
{
    /// <summary>Set to 1 on a CPU without FMA to get the bits of an FMA machine (exact emulation, several times slower).</summary>
    public const string ExactFmaVariable = "DEEPQ_EXACT_FMA";

    private static int Main(string[] args)
    {
        if (Environment.GetEnvironmentVariable(ExactFmaVariable) is { Length: > 0 } exact && exact != "0")
            DeepQ.Nn.Kernels.Gemm.EmulateFusedMultiplyAdd = true;
        using var interrupt = new InterruptHandler(Console.Error);
        return CliApp.Run(args, Console.Out, Console.Error, interrupt.Token,
            errorIsTerminal: !Console.IsErrorRedirected);
    }
}
