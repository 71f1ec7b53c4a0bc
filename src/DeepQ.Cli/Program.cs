namespace DeepQ.Cli; internal static class Program { private static int Main(string[] args) { System.Console.Error.WriteLine("deepq: not yet implemented"); return 1; } }
