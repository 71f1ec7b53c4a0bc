using DeepQ.Emulator.Ale;
using DeepQ.Emulator.Roms;

namespace DeepQ.Envs.Atari;

/// <summary>
/// Adapts DeepQ.Emulator's <see cref="AleInterface"/> to <see cref="IAtariEmulator"/>. The
/// interface is built with ALE frame skip 1 and no frame cap, so one <see cref="Act"/> is one
/// frame and game over is the game's own terminal state (the env does truncation).
/// </summary>
internal sealed class AleEmulator : IAtariEmulator
{
    private readonly AleInterface _ale;
    private readonly int[] _minimal, _legal;

    private AleEmulator(AleInterface ale)
    {
        _ale = ale;
        _minimal = ale.MinimalActions.Select(a => (int)a).ToArray();
        _legal = ale.LegalActions.Select(a => (int)a).ToArray();
    }

    /// <summary>
    /// ale-py's load_game: ALE's <c>loadROM</c> with <paramref name="settings"/>, then <c>setMode</c>/<c>setDifficulty</c>
    /// when given (they take effect at the next <c>ResetGame</c>, as in ale-py); ROM problems become <see cref="EnvException"/>s.
    /// </summary>
    public static IAtariEmulator Create(string id, RomImage rom, AleSettings settings, int? mode = null, int? difficulty = null)
    {
        try
        {
            var ale = new AleInterface(rom, settings with { Mode = null, Difficulty = null });
            if (mode is { } m) ale.SetMode(m);
            if (difficulty is { } d) ale.SetDifficulty(d);
            return new AleEmulator(ale);
        }
        catch (DeepQ.Emulator.RomException e) { throw new EnvException($"{id}: {e.Message}", e); }
    }

    public int ScreenHeight => _ale.ScreenHeight;
    public int ScreenWidth => AleInterface.ScreenWidth;
    public int Act(int aleAction) => _ale.Act((AleAction)aleAction);
    public bool IsGameTerminal => _ale.GameOver;
    public int Lives => _ale.Lives;
    public void ResetGame() => _ale.ResetGame();
    public long FrameNumber => _ale.FrameNumber;
    public long EpisodeFrameNumber => _ale.EpisodeFrameNumber;
    public IReadOnlyList<int> MinimalActions => _minimal;
    public IReadOnlyList<int> LegalActions => _legal;
    public void GetScreenRgb(Span<byte> dst) => _ale.GetScreenRgb(dst);
    public void GetScreenGrayscale(Span<byte> dst) => _ale.GetScreenGrayscale(dst);
    public void PeekScreenRgb(int frames, Span<byte> dst) => _ale.PeekScreenRgb(frames, dst);
    public ReadOnlySpan<byte> Ram => _ale.Ram;
    public ReadOnlySpan<byte> PaletteScreen => _ale.Screen;
    public int PaletteColor(byte index) => _ale.Palette.Rgb(index);

    public void Dispose() { }
}
