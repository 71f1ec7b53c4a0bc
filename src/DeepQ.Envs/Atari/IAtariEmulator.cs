namespace DeepQ.Envs.Atari;

/// <summary>
/// The slice of ALE that <see cref="AtariEnv"/> drives, one emulator frame per <see cref="Act"/>
/// (ALE's own frame skip stays 1; the env repeats actions itself, as ale-py does). Sticky actions
/// live inside the emulator, drawn from its own seeded generator, as in ALE. Implemented over
/// DeepQ.Emulator's <c>AleInterface</c>; tests substitute small fakes.
/// </summary>
public interface IAtariEmulator : IDisposable
{
    int ScreenHeight { get; }
    int ScreenWidth { get; }

    /// <summary>Runs one frame with ALE action id <paramref name="aleAction"/> (0..17); returns the reward of that frame.</summary>
    int Act(int aleAction);

    /// <summary>The game has ended (ALE's <c>game_over(with_truncation=False)</c>).</summary>
    bool IsGameTerminal { get; }

    int Lives { get; }

    /// <summary>ALE's <c>reset_game()</c>: soft reset plus the game's start-up actions.</summary>
    void ResetGame();

    long FrameNumber { get; }
    long EpisodeFrameNumber { get; }

    /// <summary>ALE action ids of the game's minimal action set, in ALE's order.</summary>
    IReadOnlyList<int> MinimalActions { get; }

    /// <summary>ALE's legal action set (<c>full_action_space</c>): all 18 ids unless the game forbids some.</summary>
    IReadOnlyList<int> LegalActions => [.. Enumerable.Range(0, 18)];

    /// <summary>The screen as RGB, <c>[H,W,3]</c> bytes.</summary>
    void GetScreenRgb(Span<byte> dst);

    /// <summary>
    /// The RGB screen <paramref name="frames"/> no-op frames ahead, emulated even past the game's end and
    /// then undone (the emulator is left exactly as it was); for videos only. Emulators that cannot
    /// look ahead show the current screen.
    /// </summary>
    void PeekScreenRgb(int frames, Span<byte> dst) => GetScreenRgb(dst);

    /// <summary>The screen as ALE's grayscale, <c>[H,W]</c> bytes.</summary>
    void GetScreenGrayscale(Span<byte> dst);

    /// <summary>The 128 bytes of RIOT RAM ($80..$FF).</summary>
    ReadOnlySpan<byte> Ram { get; }

    /// <summary>
    /// The screen as palette indices <c>[H,W]</c> (ALE's <c>getScreen</c>), or empty when the emulator
    /// cannot give it; lets the SB3 pipeline pool and gray frames without building RGB screens.
    /// </summary>
    ReadOnlySpan<byte> PaletteScreen => ReadOnlySpan<byte>.Empty;

    /// <summary>The 0xRRGGBB colour <see cref="GetScreenRgb"/> shows for palette index <paramref name="index"/>.</summary>
    int PaletteColor(byte index) => throw new NotSupportedException("This emulator has no palette screen.");
}

/// <summary>Names of ALE's 18 joystick actions, by ALE action id (ale-py's <c>get_action_meanings</c>).</summary>
public static class AleActionNames
{
    public static readonly string[] Names =
    [
        "NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT", "DOWNRIGHT", "DOWNLEFT",
        "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE", "DOWNRIGHTFIRE", "DOWNLEFTFIRE",
    ];

    public const int Noop = 0;
    public const int Fire = 1;
}
