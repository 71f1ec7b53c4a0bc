using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Roms;

namespace DeepQ.Envs.Atari;

/// <summary>Adapts DeepQ.Emulator's ALE interface to <see cref="IAtariEmulator"/>.</summary>
internal static class AleEmulator
{
    public static IAtariEmulator Create(string id, RomImage rom, AleSettings settings) =>
        throw new EnvException($"{id}: the Atari emulator's AleInterface is not available in this build yet.");
}
