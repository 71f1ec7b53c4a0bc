using DeepQ.Envs.Imaging;

namespace DeepQ.Envs.Atari;

/// <summary>
/// Gymnasium's <c>AtariPreprocessing</c> in one wrapper: 1..<see cref="NoopMax"/> NOOPs after reset,
/// frame skip with the max of ALE's screens of the last two frames (grabbed straight from the
/// emulator, grayscale by default), optional termination on life loss, and an <c>INTER_AREA</c>
/// resize to <c>[size,size]</c> (or <c>[size,size,3]</c> without grayscale). Needs an env with
/// frame skip 1. Gymnasium's buffer semantics are kept: an episode ending mid-skip returns the
/// pooled screens of the previous grabs. <c>scale_obs</c> is not offered: observations stay bytes.
/// </summary>
public sealed class AtariPreprocessing : Wrapper<byte>
{
    private readonly AtariEnv _atari;
    private readonly byte[] _buf0, _buf1, _obs;
    private readonly AreaResize _resize;
    private int _lives;
    private readonly AtariEnv? _skipTarget;

    /// <param name="noopMax">Max no-ops after reset (Gymnasium default 30; 0 = none).</param>
    /// <param name="frameSkip">Frames per step (default 4).</param>
    /// <param name="screenSize">Output side length (default 84).</param>
    /// <param name="terminalOnLifeLoss">End the episode on any life loss (default false); unlike SB3's EpisodicLife the next reset restarts the game.</param>
    /// <param name="grayscaleObs">ALE grayscale screens (default true) or RGB.</param>
    public AtariPreprocessing(IEnv<byte> inner, int noopMax = 30, int frameSkip = 4, int screenSize = 84,
        bool terminalOnLifeLoss = false, bool grayscaleObs = true) : base(inner)
    {
        _atari = inner.Unwrapped as AtariEnv
                 ?? throw new EnvException($"{inner.Id}: AtariPreprocessing needs an Atari env.");
        if (frameSkip < 1) throw new EnvException($"frame_skip must be at least 1, got {frameSkip}.");
        if (noopMax < 0) throw new EnvException($"noop_max must be 0 or more, got {noopMax}.");
        if (frameSkip > 1 && (_atari.Config.FrameSkip != 1 || _atari.Config.FrameSkipMax > 1))
            throw new EnvException($"{inner.Id} already skips frames; AtariPreprocessing's frame skip needs a NoFrameskip env (or frameskip=1).");
        if (noopMax > 0 && _atari.ActionMeanings[0] != "NOOP")
            throw new EnvException($"{inner.Id}: no-op reset needs action 0 to be NOOP.");
        NoopMax = noopMax; FrameSkip = frameSkip; ScreenSize = screenSize;
        TerminalOnLifeLoss = terminalOnLifeLoss; GrayscaleObs = grayscaleObs;
        var emu = _atari.Emulator;
        int ch = grayscaleObs ? 1 : 3;
        _buf0 = new byte[emu.ScreenHeight * emu.ScreenWidth * ch];
        _buf1 = new byte[_buf0.Length];
        _obs = new byte[screenSize * screenSize * ch];
        _resize = new AreaResize(emu.ScreenHeight, emu.ScreenWidth, screenSize, screenSize, ch);
        _skipTarget = AtariEnv.BelowObservationPassThrough(inner);
        ObservationSpace = BoxSpace.Uniform(0, 255, grayscaleObs ? [screenSize, screenSize] : [screenSize, screenSize, 3], DType.UInt8);
    }

    public int NoopMax { get; }
    public int FrameSkip { get; }
    public int ScreenSize { get; }
    public bool TerminalOnLifeLoss { get; }
    public bool GrayscaleObs { get; }
    public override Space ObservationSpace { get; }
    public override ReadOnlySpan<byte> Observation => _obs;

    public override ResetResult<byte> Reset(int? seed = null)
    {
        Inner.Reset(seed);
        int noops = NoopMax > 0 ? _atari.Rng.NextInt(1, NoopMax + 1) : 0;
        for (int i = 0; i < noops; i++)
        {
            if (_skipTarget is not null) _skipTarget.SkipNextObservation = true;
            var s = Inner.Step(AleActionNames.Noop);
            if (s.Done) Inner.Reset();
        }
        _lives = _atari.Lives;
        Grab(_buf0);
        Array.Clear(_buf1);
        MakeObservation();
        return new ResetResult<byte>(_obs, Inner.Info);
    }

    public override StepResult<byte> Step(int action)
    {
        double total = 0;
        bool terminated = false, truncated = false;
        for (int t = 0; t < FrameSkip; t++)
        {
            // This wrapper reads screens from the emulator itself; the env's own observation is unused.
            if (_skipTarget is not null) _skipTarget.SkipNextObservation = true;
            var r = Inner.Step(action);
            total += r.Reward;
            terminated = r.Terminated;
            truncated = r.Truncated;
            if (TerminalOnLifeLoss)
            {
                int lives = _atari.Lives;
                terminated = terminated || lives < _lives;
                _lives = lives;
            }
            if (terminated || truncated) break;
            if (t == FrameSkip - 2) Grab(_buf1);
            else if (t == FrameSkip - 1) Grab(_buf0);
        }
        MakeObservation();
        return new StepResult<byte>(_obs, total, terminated, truncated, Inner.Info);
    }

    private void Grab(Span<byte> dst)
    {
        if (GrayscaleObs) _atari.Emulator.GetScreenGrayscale(dst);
        else _atari.Emulator.GetScreenRgb(dst);
    }

    private void MakeObservation()
    {
        // Gymnasium pools into buffer 0 in place, so a later early-ending step sees the pooled frame.
        if (FrameSkip > 1) PixelMax.Max(_buf0, _buf1, _buf0);
        _resize.Resize(_buf0, _obs);
    }
}
