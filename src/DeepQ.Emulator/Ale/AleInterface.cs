using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Games;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;
using DeepQ.Emulator.Screens;

namespace DeepQ.Emulator.Ale;

/// <summary>
/// The Arcade Learning Environment over our console: ALE 0.12's <c>ALEInterface</c> semantics
/// for one ROM. Construction is ALE's <c>loadROM</c> (power-on, then <see cref="ResetGame"/>).
/// <see cref="Act"/> runs <see cref="AleSettings.FrameSkip"/> frames and sums the game's
/// rewards; once the game is over further frames are not emulated (reward 0) until
/// <see cref="ResetGame"/>. Frame counters count agent-visible frames only: the frames a reset
/// emulates do not advance <see cref="FrameNumber"/> (as in ALE).
/// </summary>
/// <remarks>
/// Sticky actions, draw for draw as ALE 0.12.1 makes them: the environment generator is an
/// MT19937 seeded once, at load, with <c>(uint)</c><see cref="AleSettings.RandomSeed"/> (resets do
/// not reseed). Before every frame of <see cref="Act"/> it draws twice, player A then player B, a
/// double = next() / 2^32; a draw at or above <see cref="AleSettings.RepeatActionProbability"/>
/// (taken as a float, as ALE stores it) replaces that player's held action by the requested one.
/// Both draws happen even when p = 0, for player B (always NOOP here) and after the game is over.
/// Reset frames make no draws; a soft reset sets the held action back to NOOP.
/// </remarks>
public sealed class AleInterface : IGameConsole
{
    /// <summary>Frames of no-op ALE runs after the power-on reset of every episode.</summary>
    public const int ResetNoopFrames = 60;

    /// <summary>Frames RESET is held by a soft reset (ALE's <c>m_num_reset_steps</c>).</summary>
    public const int ResetHoldFrames = 4;

    /// <summary>ALE's paddle model: resistance moved per frame by LEFT (+) / RIGHT (-), and its limits (PADDLE_DELTA, PADDLE_MIN, PADDLE_MAX).</summary>
    public const int PaddleDelta = 23000, PaddleMin = 27450, PaddleMax = 790196;

    /// <summary>Where both paddles are put at every reset: the middle of their range.</summary>
    public const int PaddleDefault = (PaddleMin + PaddleMax) / 2;

    /// <summary>Columns of the screen; rows are <see cref="ScreenHeight"/>.</summary>
    public const int ScreenWidth = 160;

    private readonly AtariConsole _console;
    private readonly GameRules _rules;
    private readonly AleSettings _settings;
    private readonly int _frameSkip;
    private int _mode;
    private int _difficulty;
    private readonly MersenneTwister _random;
    private AleAction _stickyAction;
    private int _frameNumber;
    private int _episodeFrameNumber;
    private int _paddleA = PaddleDefault, _paddleB = PaddleDefault;
    private readonly int _joystickPort; // the port player A's joystick is read through (1 when Stella swaps the ports)

    /// <summary>
    /// ALE's <c>loadROM</c>: builds the console for <paramref name="rom"/>, powers it on and resets
    /// the game. An unknown ROM, an unsupported scheme or a mode/difficulty the game does not
    /// have is a <see cref="RomException"/>.
    /// </summary>
    public AleInterface(RomImage rom, AleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rom);
        ArgumentNullException.ThrowIfNull(settings);
        if (rom.Md5 == KnownRoms.UnplayableDefenderMd5)
            throw new RomException($"ROM '{rom.FileName}' (md5 {rom.Md5}) is a Defender dump that ALE 0.12.1 never finishes loading, so it cannot be played as ALE plays it; use ALE's Defender image, md5 {KnownRoms.ByName("defender")!.Md5}.");
        _rules = GameCatalog.Create(rom.Md5) ?? throw new RomException(rom.Known is { } k
            ? $"ROM '{rom.FileName}' is {k.Name}, whose ALE rules (reward, game over) DeepQ does not have yet; use a supported game such as pong, breakout or freeway."
            : $"ROM '{rom.FileName}' (md5 {rom.Md5}) is not a ROM ALE supports; check the file, or import your ROMs with RomLibrary.Import(DIR).");
        if (settings.RepeatActionProbability is < 0 or > 1 || double.IsNaN(settings.RepeatActionProbability))
            throw new RomException($"repeat_action_probability must be between 0 and 1, got {settings.RepeatActionProbability}.");
        _settings = settings;
        _frameSkip = Math.Max(1, settings.FrameSkip);
        // ALE's loadROM resets with the game's default mode and difficulty 0; an asked mode or difficulty is
        // ALE's setMode/setDifficulty after the load, applied by one more reset_game (see below).
        _mode = _rules.DefaultMode;
        if (settings.Mode is { } mode) CheckMode(mode);
        if (settings.Difficulty is { } difficulty) CheckDifficulty(difficulty);

        Rom = rom;
        _random = new MersenneTwister((uint)settings.RandomSeed);
        var controller = _rules.UsesPaddles ? ControllerType.Paddles : ControllerType.Joystick;
        var props = RomProperties.For(rom.Md5);
        _joystickPort = props.SwapPorts ? 1 : 0;
        _console = new AtariConsole(CartridgeDetector.Create(rom), props.YStart, props.Height, (uint)settings.RandomSeed,
            controller, controller, hmoveBlanks: props.HmoveBlanks, blockThreshold: settings.BlockThreshold);
        _console.RunPowerOnFrames();
        MinimalActions = _rules.MinimalActions;
        LegalActions = AleActions.All.Where(_rules.IsLegal).ToArray();
        ResetGame();
        if (settings.Mode is not null || settings.Difficulty is not null)
        {
            if (settings.Mode is { } m) SetMode(m);
            if (settings.Difficulty is { } d) SetDifficulty(d);
            ResetGame();
        }
    }

    /// <summary>ALE's <c>setMode</c>: the mode the next <see cref="ResetGame"/> selects. An unknown mode is a <see cref="RomException"/>.</summary>
    public void SetMode(int mode) => _mode = CheckMode(mode);

    /// <summary>ALE's <c>setDifficulty</c>: the difficulty switches from the next emulated frame on. An unknown value is a <see cref="RomException"/>.</summary>
    public void SetDifficulty(int difficulty) => _difficulty = CheckDifficulty(difficulty);

    private int CheckMode(int mode) => _rules.Modes.Contains(mode) ? mode
        : throw new RomException($"Mode {mode} does not exist for {_rules.Name}; its modes are {string.Join(", ", _rules.Modes)}.");

    private int CheckDifficulty(int difficulty) => _rules.Difficulties.Contains(difficulty) ? difficulty
        : throw new RomException($"Difficulty {difficulty} does not exist for {_rules.Name}; its difficulties are {string.Join(", ", _rules.Difficulties)}.");

    /// <summary>The loaded ROM.</summary>
    public RomImage Rom { get; }

    /// <summary>The settings in force.</summary>
    public AleSettings Settings => _settings;

    /// <summary>The game's rules (name, modes, difficulties).</summary>
    public GameRules Game => _rules;

    /// <summary>The underlying console (for tools and tests).</summary>
    public AtariConsole Console => _console;

    /// <summary>ALE's minimal action set for this game.</summary>
    public IReadOnlyList<AleAction> MinimalActions { get; }

    /// <summary>
    /// ALE's <c>getLegalActionSet</c> (Gymnasium's <c>full_action_space</c>): the 18 joystick actions minus those the game
    /// forbids (Skiing's 9 with FIRE), in id order. A forbidden action passed to <see cref="Act"/> is played as NOOP.
    /// </summary>
    public IReadOnlyList<AleAction> LegalActions { get; private set; } = AleActions.All;

    /// <summary>True when the game is over or the episode reached <see cref="AleSettings.MaxNumFramesPerEpisode"/>.</summary>
    public bool GameOver => _rules.Terminal || (_settings.MaxNumFramesPerEpisode > 0 && _episodeFrameNumber >= _settings.MaxNumFramesPerEpisode);

    /// <summary>Lives left as the game's rules read them (0 for games without lives).</summary>
    public int Lives => _rules.Lives;

    /// <summary>Frames emulated by <see cref="Act"/> since the ROM was loaded (reset frames excluded).</summary>
    public int FrameNumber => _frameNumber;

    /// <summary>Frames emulated by <see cref="Act"/> since the last reset.</summary>
    public int EpisodeFrameNumber => _episodeFrameNumber;

    /// <summary>RAM $80-$FF (128 bytes).</summary>
    public ReadOnlySpan<byte> Ram => _console.Ram;

    /// <summary>
    /// Rows of the screen as ALE decides them: the ROM's Display.Height property (210 unless Stella's table says
    /// otherwise), raised to 250 when the console looked like PAL at power-on and the property was 210.
    /// </summary>
    public int ScreenHeight => _console.ScreenHeight;

    /// <summary>The last frame: [<see cref="ScreenHeight"/>,160] palette indices (even values 0..254; PAL colour loss can set bit 0).</summary>
    public ReadOnlySpan<byte> Screen => _console.Screen;

    /// <summary>ALE's <c>getScreenRGB</c>: [<see cref="ScreenHeight"/>,160,3] bytes into <paramref name="dst"/>.</summary>
    public void GetScreenRgb(Span<byte> dst) => ScreenConverter.ToRgb(_console.Screen, dst, Palette);

    /// <summary>ALE's <c>getScreenGrayscale</c>: [<see cref="ScreenHeight"/>,160] bytes into <paramref name="dst"/>.</summary>
    public void GetScreenGrayscale(Span<byte> dst) => ScreenConverter.ToGrayscale(_console.Screen, dst, Palette);

    /// <summary>The palette ALE converts this game's screens with: PAL when the console looked like PAL at power-on, else NTSC.</summary>
    public AlePalette Palette => _console.PalDetected ? AlePalette.Pal : AlePalette.Ntsc;

    /// <summary>
    /// Applies <paramref name="action"/> for <see cref="AleSettings.FrameSkip"/> frames (subject to
    /// sticky actions) and returns the summed reward. Frames after the game is over are skipped.
    /// </summary>
    public int Act(AleAction action)
    {
        if ((uint)action >= AleActions.Count)
            throw new ArgumentOutOfRangeException(nameof(action), action, "ALE actions are ids 0..17.");
        int reward = 0;
        // ALE keeps the probability as a float; the draws are doubles compared against it.
        double p = (float)_settings.RepeatActionProbability;
        for (int i = 0; i < _frameSkip; i++)
        {
            if (NextDouble() >= p) _stickyAction = action;
            _ = NextDouble(); // player B's draw: its action is always NOOP, but the draw advances the stream
            if (GameOver) continue;
            Emulate(_rules.IsLegal(_stickyAction) ? _stickyAction : AleAction.Noop, 1);
            _frameNumber++;
            _episodeFrameNumber++;
            reward += _rules.Reward;
        }
        return reward;
    }

    /// <summary>
    /// What the screen shows <paramref name="frames"/> no-op frames from now, whether or not the game
    /// is over, written as RGB into <paramref name="rgb"/>; the emulator is then put back exactly as it
    /// was (state saved and restored), so ALE's behaviour is untouched. ALE stops emulating once a game
    /// is over, so its last screen can still show the score from before the final point (Pong: 20
    /// while the game ended at 21); a video uses this to show how the game really ended.
    /// </summary>
    public void PeekScreenRgb(int frames, Span<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        var saved = CloneState();
        try
        {
            for (int i = 0; i < frames; i++)
            {
                SetInputs(AleAction.Noop, reset: false, select: false);
                _console.RunFrame();
            }
            GetScreenRgb(rgb);
        }
        finally { RestoreState(saved); }
    }

    /// <summary>
    /// ALE's <c>reset_game</c>: console reset, 60 no-op frames, RESET held 4 frames, rules reset,
    /// mode selection, RESET again, then the game's starting actions. Frame numbers do not advance
    /// (except one per SELECT press when a mode has to be selected, as in ALE).
    /// </summary>
    public void ResetGame()
    {
        _episodeFrameNumber = 0;
        _paddleA = _paddleB = PaddleDefault;
        if (_rules.UsesPaddles) { _console.SetPaddle(0, _paddleA, false); _console.SetPaddle(1, _paddleB, false); }
        _console.SystemReset();
        Emulate(AleAction.Noop, ResetNoopFrames);
        SoftReset();
        _rules.Reset();
        _rules.SetMode(_mode, this);
        SoftReset();
        foreach (var a in _rules.StartingActions) Emulate(a, 1);
    }

    /// <summary>ALE's <c>softReset</c>: RESET held for 4 frames; the sticky action forgets its past.</summary>
    public void SoftReset()
    {
        for (int i = 0; i < ResetHoldFrames; i++)
        {
            SetInputs(AleAction.Noop, reset: true, select: false);
            EmulateFrame();
        }
        _stickyAction = AleAction.Noop;
    }

    /// <summary>ALE's <c>pressSelect</c>: SELECT held for <paramref name="frames"/> frames without rules, then one no-op frame that counts.</summary>
    public void PressSelect(int frames)
    {
        SetInputs(AleAction.Noop, reset: false, select: true);
        for (int i = 0; i < frames; i++) _console.RunFrame();
        Emulate(AleAction.Noop, 1);
        _frameNumber++;
        _episodeFrameNumber++;
    }

    /// <summary>Saves everything that changes: console, rules, counters, sticky action and its generator.</summary>
    public AleState CloneState()
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Rom.Md5);
            _console.SaveState(w);
            _rules.SaveState(w);
            w.Write(_frameNumber);
            w.Write(_episodeFrameNumber);
            w.Write((int)_stickyAction);
            _random.SaveState(w);
            w.Write(_paddleA);
            w.Write(_paddleB);
        }
        return new AleState(ms.ToArray());
    }

    /// <summary>Restores a state from <see cref="CloneState"/> of an interface on the same ROM.</summary>
    public void RestoreState(AleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var r = new BinaryReader(new MemoryStream(state.Bytes.ToArray()));
        var md5 = r.ReadString();
        if (md5 != Rom.Md5) throw new RomException($"This saved state is for another ROM (md5 {md5}), not {Rom.GameName} (md5 {Rom.Md5}).");
        _console.LoadState(r);
        _rules.LoadState(r);
        _frameNumber = r.ReadInt32();
        _episodeFrameNumber = r.ReadInt32();
        _stickyAction = (AleAction)r.ReadInt32();
        _random.LoadState(r);
        _paddleA = r.ReadInt32();
        _paddleB = r.ReadInt32();
    }

    // ALE's emulate(): paddle games re-apply the action every frame (the paddle keeps turning).
    private void Emulate(AleAction action, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            SetInputs(action, reset: false, select: false);
            EmulateFrame();
        }
    }

    private void EmulateFrame()
    {
        _console.RunFrame();
        _rules.Step(_console.Ram);
    }

    // ALE's resetKeys + setActionJoysticks: every switch released unless asked, difficulty from settings.
    private void SetInputs(AleAction a, bool reset, bool select)
    {
        _console.ResetSwitch = reset;
        _console.SelectSwitch = select;
        _console.LeftDifficultyA = (_difficulty & 1) != 0;
        _console.RightDifficultyA = (_difficulty & 2) != 0;
        if (_rules.UsesPaddles)
        {
            // Only a real action moves the paddle; SELECT presses leave it where it is.
            if (!select)
            {
                int delta = AleActions.IsRight(a) ? -PaddleDelta : AleActions.IsLeft(a) ? PaddleDelta : 0;
                _paddleA = Math.Clamp(_paddleA + delta, PaddleMin, PaddleMax);
            }
            int player = _rules.SwapPaddles ? 1 : 0;
            _console.SetPaddle(player, _paddleA, AleActions.IsFire(a));
            _console.SetPaddle(1 - player, _paddleB, false);
        }
        else
        {
            _console.SetJoystick(_joystickPort, AleActions.IsUp(a), AleActions.IsDown(a), AleActions.IsLeft(a), AleActions.IsRight(a), AleActions.IsFire(a));
            _console.SetJoystick(1 - _joystickPort, false, false, false, false, false);
        }
    }

    /// <summary>ALE's environment generator: the next 32-bit MT19937 output (Adventure's mode setter uses it directly).</summary>
    public uint NextRandom() => _random.Next();

    // ALE's Random::nextDouble: one 32-bit output over 2^32, in [0, 1).
    private double NextDouble() => _random.Next() / 4294967296.0;
}

/// <summary>A saved <see cref="AleInterface"/> state (opaque bytes; valid for the same ROM).</summary>
public sealed class AleState(byte[] bytes)
{
    /// <summary>The serialized state.</summary>
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;
}
