namespace DeepQ.Envs.Atari;

/// <summary>What <see cref="AtariEnv"/> observes: ale-py's <c>obs_type</c>.</summary>
public enum AtariObsType
{
    /// <summary>The screen, byte <c>[210,160,3]</c>.</summary>
    Rgb,
    /// <summary>ALE's grayscale screen, byte <c>[210,160]</c>.</summary>
    Grayscale,
    /// <summary>The 128 bytes of RAM, byte <c>[128]</c>.</summary>
    Ram,
}

/// <summary>
/// ale-py's <c>AtariEnv</c> settings. Defaults are those of <c>ALE/&lt;Game&gt;-v5</c>; the registry
/// fills in each id's values (<c>NoFrameskip-v4</c>: frame skip 1, no sticky actions).
/// </summary>
public sealed record AtariConfig
{
    /// <summary>ROM id, e.g. <c>pong</c> or <c>space_invaders</c>.</summary>
    public required string Game { get; init; }

    public AtariObsType ObsType { get; init; } = AtariObsType.Rgb;

    /// <summary>Emulator frames per step, the action repeated (ale-py's <c>frameskip</c>); units: frames.</summary>
    public int FrameSkip { get; init; } = 4;

    /// <summary>When above <see cref="FrameSkip"/>, each step repeats a uniform count in [FrameSkip, FrameSkipMax) (the <c>-v4</c> ids use 2..4).</summary>
    public int FrameSkipMax { get; init; }

    /// <summary>Sticky actions: per frame, the previous action repeats with this probability (Machado et al. 2018).</summary>
    public double RepeatActionProbability { get; init; } = 0.25;

    /// <summary>All 18 actions instead of the game's minimal set.</summary>
    public bool FullActionSpace { get; init; }

    /// <summary>Truncate the episode after this many frames since the game's reset; 0 = never. Units: frames.</summary>
    public int MaxNumFramesPerEpisode { get; init; } = 108_000;

    /// <summary>Game mode and difficulty (null = the game's default).</summary>
    public int? Mode { get; init; }

    public int? Difficulty { get; init; }
}

/// <summary>
/// ale-py's <c>AtariEnv</c>: one Atari game as a Gymnasium env. A step repeats the action for
/// <see cref="AtariConfig.FrameSkip"/> frames and sums their rewards (without stopping at game
/// over, as ale-py); terminated = game over; truncated = the frame limit reached. Info carries
/// lives and frame counters. A seeded reset reloads the emulator (ale-py's seed_game and
/// load_game) with ALE random_seed = <see cref="SeedSequence.AleSeed"/>(seed), as ale-py derives
/// it, so a seed fixes sticky actions and everything after, as in Gymnasium.
/// </summary>
public sealed class AtariEnv : IEnv<byte>, IRandomEnv
{
    private readonly Func<ulong, IAtariEmulator> _factory;
    private readonly int[] _actionSet;
    private readonly byte[] _obs;
    private IAtariEmulator _ale;
    private bool _seeded;

    /// <param name="emulatorFactory">Loads the game with the given ALE random seed (ALE's <c>loadROM</c>).</param>
    public AtariEnv(string id, AtariConfig config, Func<ulong, IAtariEmulator> emulatorFactory)
    {
        if (config.FrameSkip < 1) throw new EnvException($"{id}: frameskip must be at least 1, got {config.FrameSkip}.");
        if (config.RepeatActionProbability is < 0 or > 1)
            throw new EnvException($"{id}: repeat_action_probability must be within [0, 1], got {config.RepeatActionProbability}.");
        Id = id;
        Config = config;
        _factory = emulatorFactory;
        _ale = emulatorFactory(0);
        _actionSet = config.FullActionSpace ? _ale.LegalActions.ToArray() : _ale.MinimalActions.ToArray();
        ActionSpace = new DiscreteSpace(_actionSet.Length);
        int h = _ale.ScreenHeight, w = _ale.ScreenWidth;
        int[] shape = config.ObsType switch
        {
            AtariObsType.Rgb => [h, w, 3],
            AtariObsType.Grayscale => [h, w],
            _ => [128],
        };
        ObservationSpace = BoxSpace.Uniform(0, 255, shape, DType.UInt8);
        _obs = new byte[ObservationSpace.Size];
    }

    public string Id { get; }
    public AtariConfig Config { get; }
    public Space ObservationSpace { get; }
    public DiscreteSpace ActionSpace { get; }
    public EnvInfo Info { get; } = new();
    public IEnv Unwrapped => this;
    public (int Height, int Width) RenderSize => (_ale.ScreenHeight, _ale.ScreenWidth);
    public ReadOnlySpan<byte> Observation => _obs;

    /// <summary>The env's own generator (Gymnasium's <c>np_random</c>): wrappers draw no-op counts from it.</summary>
    public EnvRng Rng { get; } = new(0);

    /// <summary>The emulator, for wrappers that read screens directly (Gymnasium's AtariPreprocessing).</summary>
    public IAtariEmulator Emulator => _ale;

    /// <summary>Lives left now (ALE's <c>lives()</c>).</summary>
    public int Lives => _ale.Lives;

    /// <summary>ALE action ids behind each action index.</summary>
    public IReadOnlyList<int> ActionSet => _actionSet;

    /// <summary>Gymnasium's <c>get_action_meanings()</c>: e.g. NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE for Pong.</summary>
    public IReadOnlyList<string> ActionMeanings => _actionSet.Select(a => AleActionNames.Names[a]).ToArray();

    /// <summary>
    /// Set by a wrapper that will discard the next step's observation (MaxAndSkip's first frames,
    /// AtariPreprocessing, which reads screens itself): that step leaves the previous observation
    /// in place instead of converting the screen. Cleared by the step.
    /// </summary>
    internal bool SkipNextObservation { get; set; }

    /// <summary>
    /// The AtariEnv under <paramref name="env"/> when every wrapper between passes step
    /// observations through untouched (so skipping one cannot change any result); else null.
    /// </summary>
    internal static AtariEnv? BelowObservationPassThrough(IEnv<byte> env)
    {
        while (true)
        {
            switch (env)
            {
                case AtariEnv atari: return atari;
                case Wrappers.RecordEpisodeStatistics<byte> w: env = w.Inner; break;
                case Wrappers.TimeLimit<byte> w: env = w.Inner; break;
                case Wrappers.ClipReward<byte> w: env = w.Inner; break;
                case NoopReset w: env = w.Inner; break;
                default: return null;
            }
        }
    }

    public ResetResult<byte> Reset(int? seed = null)
    {
        SkipNextObservation = false;
        if (seed is not null || !_seeded)
        {
            if (seed < 0) throw new EnvException($"{Id}: seed must be 0 or more (as numpy's SeedSequence requires), got {seed}.");
            ulong s = seed is { } given ? (ulong)given : (ulong)Environment.TickCount64;
            Rng.Reseed(EnvRng.Derive(s, 0));
            _ale.Dispose();
            // ale-py's seed_game: ALE's random_seed is word 1 of SeedSequence(seed).generate_state(2).
            _ale = _factory(SeedSequence.AleSeed(s));
            _seeded = true;
        }
        _ale.ResetGame();
        WriteObservation();
        WriteInfo();
        return new ResetResult<byte>(_obs, Info);
    }

    public StepResult<byte> Step(int action)
    {
        if (!ActionSpace.Contains(action))
            throw new EnvException($"{Id}: action {action} is outside the action space {ActionSpace}; pass 0..{ActionSpace.N - 1}.");
        int aleAction = _actionSet[action];
        int frames = Config.FrameSkipMax > Config.FrameSkip ? Rng.NextInt(Config.FrameSkip, Config.FrameSkipMax) : Config.FrameSkip;
        double reward = 0;
        for (int i = 0; i < frames; i++) reward += _ale.Act(aleAction);
        bool terminated = _ale.IsGameTerminal;
        bool truncated = Config.MaxNumFramesPerEpisode > 0 && _ale.EpisodeFrameNumber >= Config.MaxNumFramesPerEpisode;
        if (SkipNextObservation) SkipNextObservation = false;
        else WriteObservation();
        WriteInfo();
        return new StepResult<byte>(_obs, reward, terminated, truncated, Info);
    }

    private void WriteObservation()
    {
        switch (Config.ObsType)
        {
            case AtariObsType.Rgb: _ale.GetScreenRgb(_obs); break;
            case AtariObsType.Grayscale: _ale.GetScreenGrayscale(_obs); break;
            default: _ale.Ram.CopyTo(_obs); break;
        }
    }

    private void WriteInfo()
    {
        Info.Lives = _ale.Lives;
        Info.EpisodeFrameNumber = _ale.EpisodeFrameNumber;
        Info.FrameNumber = _ale.FrameNumber;
    }

    public void Render(Span<byte> rgb) => _ale.GetScreenRgb(rgb);

    public void Dispose() => _ale.Dispose();
}
