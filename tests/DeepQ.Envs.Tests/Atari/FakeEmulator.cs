using DeepQ.Envs.Atari;

namespace DeepQ.Envs.Tests.Atari;

/// <summary>
/// A scripted stand-in for the emulator: the screen is a known function of the episode frame, and
/// rewards, lives and game over happen at scripted frames, so wrapper results can be worked out by hand.
/// </summary>
internal sealed class FakeRig
{
    public int[] Minimal { get; init; } = [0, 1, 3, 4, 11, 12]; // Pong's minimal action set
    public Func<long, int> RewardAt { get; init; } = _ => 0;     // reward of the frame that reaches this episode frame
    public Func<long, int> LivesAt { get; init; } = _ => 0;
    public long GameOverAt { get; init; } = long.MaxValue;
    public int Height { get; init; } = 210;
    public bool RecordActions { get; init; } = true;
    /// <summary>Offer palette screens (index = pixel value with bit 0 clear), like the real emulator.</summary>
    public bool Palette { get; init; }
    public int Width { get; init; } = 160;

    public List<FakeEmulator> Created { get; } = [];
    public FakeEmulator Current => Created[^1];

    public IAtariEmulator Create(ulong seed)
    {
        var e = new FakeEmulator(this, seed);
        Created.Add(e);
        return e;
    }

    public AtariEnv Env(int frameSkip = 1, int maxFrames = 0, bool fullActionSpace = false, AtariObsType obs = AtariObsType.Rgb) =>
        new("FakeNoFrameskip-v4", new AtariConfig
        {
            Game = "fake", FrameSkip = frameSkip, RepeatActionProbability = 0, MaxNumFramesPerEpisode = maxFrames,
            FullActionSpace = fullActionSpace, ObsType = obs,
        }, Create);

    /// <summary>Gray value of pixel i at episode frame f.</summary>
    public static byte Pixel(long f, int i) => unchecked((byte)(f * 37 + i * 11));
}

internal sealed class FakeEmulator(FakeRig rig, ulong seed) : IAtariEmulator
{
    private readonly byte[] _ram = new byte[128];

    public ulong Seed { get; } = seed;
    public List<int> Actions { get; } = [];
    public int Resets { get; private set; }
    public int ScreenReads { get; private set; }
    public long EpisodeFrameNumber { get; private set; }
    public long FrameNumber { get; private set; }

    public int ScreenHeight => rig.Height;
    public int ScreenWidth => rig.Width;
    public IReadOnlyList<int> MinimalActions => rig.Minimal;
    public bool IsGameTerminal => EpisodeFrameNumber >= rig.GameOverAt;
    public int Lives => rig.LivesAt(EpisodeFrameNumber);
    public ReadOnlySpan<byte> Ram => _ram;

    public int Act(int aleAction)
    {
        if (rig.RecordActions) Actions.Add(aleAction);
        if (IsGameTerminal) return 0; // ALE does nothing once the game is over
        FrameNumber++;
        EpisodeFrameNumber++;
        _ram[0] = (byte)EpisodeFrameNumber;
        return rig.RewardAt(EpisodeFrameNumber);
    }

    public void ResetGame()
    {
        Resets++;
        EpisodeFrameNumber = 0;
    }

    private readonly byte[] _palette = new byte[rig.Height * rig.Width];

    public ReadOnlySpan<byte> PaletteScreen
    {
        get
        {
            if (!rig.Palette) return ReadOnlySpan<byte>.Empty;
            byte v = FakeRig.Pixel(EpisodeFrameNumber, 0);
            for (int i = 0; i < _palette.Length; i++, v += 11) _palette[i] = (byte)(v & 0xFE);
            return _palette;
        }
    }

    /// <summary>Colour of index i: what GetScreenRgb shows for a pixel of that index (index 0 is black).</summary>
    public int PaletteColor(byte index)
    {
        byte v = (byte)(index & 0xFE);
        return (v << 16) | ((byte)(v * 3) << 8) | (byte)(v * 7);
    }

    public void GetScreenGrayscale(Span<byte> dst)
    {
        ScreenReads++;
        byte v = FakeRig.Pixel(EpisodeFrameNumber, 0);
        for (int i = 0; i < dst.Length; i++, v += 11) dst[i] = v;
    }

    public void GetScreenRgb(Span<byte> dst)
    {
        ScreenReads++;
        byte v0 = FakeRig.Pixel(EpisodeFrameNumber, 0);
        for (int i = 0; i < dst.Length / 3; i++, v0 += 11)
        {
            byte v = rig.Palette ? (byte)(v0 & 0xFE) : v0;
            dst[i * 3] = v;
            dst[i * 3 + 1] = (byte)(v * 3);
            dst[i * 3 + 2] = (byte)(v * 7);
        }
    }

    public void Dispose() { }
}
