using DeepQ.Envs.Imaging;

namespace DeepQ.Envs.Atari;

/// <summary>
/// SB3's <c>MaxAndSkipEnv</c>: repeat the action <see cref="Skip"/> times (stopping early when the
/// episode ends), sum the rewards, and observe the pixel-wise max of the last two frames, which
/// shows sprites that flicker on alternate frames. Two-frame buffer semantics are SB3's exactly:
/// on an early stop the buffers keep frames from earlier steps. Units: Skip counts steps of the
/// wrapped env (frames for NoFrameskip ids).
/// </summary>
public sealed class MaxAndSkip : Wrapper<byte>
{
    private readonly byte[] _second;   // SB3's _obs_buffer[0]: frame of step skip-2
    private readonly byte[] _last;     // SB3's _obs_buffer[1]: frame of step skip-1
    private readonly byte[] _max;
    private bool _afterReset = true;
    private readonly AtariEnv? _skipTarget;

    public MaxAndSkip(IEnv<byte> inner, int skip = 4) : base(inner)
    {
        if (skip < 1) throw new EnvException($"frame skip must be at least 1, got {skip}.");
        Skip = skip;
        int n = inner.ObservationSpace.Size;
        _second = new byte[n];
        _last = new byte[n];
        _max = new byte[n];
        _skipTarget = AtariEnv.BelowObservationPassThrough(inner);
    }

    public int Skip { get; }

    /// <summary>The reset observation as is; after a step the pooled frame.</summary>
    public override ReadOnlySpan<byte> Observation => _afterReset ? Inner.Observation : _max;

    public override ResetResult<byte> Reset(int? seed = null)
    {
        _afterReset = true;
        return Inner.Reset(seed);
    }

    public override StepResult<byte> Step(int action)
    {
        double total = 0;
        bool terminated = false, truncated = false;
        for (int i = 0; i < Skip; i++)
        {
            // Frames before the last two are never looked at: spare the screen conversion.
            if (_skipTarget is not null && i < Skip - 2) _skipTarget.SkipNextObservation = true;
            var r = Inner.Step(action);
            if (i == Skip - 2) r.Observation.CopyTo(_second);
            if (i == Skip - 1) r.Observation.CopyTo(_last);
            total += r.Reward;
            terminated = r.Terminated;
            truncated = r.Truncated;
            if (terminated || truncated) break;
        }
        PixelMax.Max(_second, _last, _max);
        _afterReset = false;
        return new StepResult<byte>(_max, total, terminated, truncated, Inner.Info);
    }
}
