namespace DeepQ.Envs;

public static partial class Gym
{
    // Filled in once the emulator's AleInterface is available.
    private static IEnumerable<string> AtariIds() => [];

    private static IEnv? TryMakeAtari(string id, EnvOptions options) => null;
}
