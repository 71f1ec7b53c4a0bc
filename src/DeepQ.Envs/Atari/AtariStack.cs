using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs.Atari;

/// <summary>Which library's Atari preprocessing to reproduce.</summary>
public enum AtariPipeline
{
    /// <summary>SB3's AtariWrapper (CleanRL's DQN uses the same wrappers): max of two RGB frames, OpenCV gray, resize.</summary>
    Sb3,
    /// <summary>Gymnasium's AtariPreprocessing: max of two ALE grayscale screens, resize.</summary>
    Gymnasium,
}

/// <summary>
/// The DQN-paper Atari preprocessing as one settings object; every wrapper can be switched off.
/// Defaults are SB3's <c>AtariWrapper</c> plus a 4-frame stack (what CleanRL's dqn_atari runs).
/// </summary>
public sealed record AtariWrapperOptions
{
    public AtariPipeline Pipeline { get; init; } = AtariPipeline.Sb3;

    /// <summary>Random no-ops after reset, 1..NoopMax; 0 switches NoopReset off. Units: frames.</summary>
    public int NoopMax { get; init; } = 30;

    /// <summary>Frames per agent step with max-pooling of the last two; 1 switches MaxAndSkip off.</summary>
    public int FrameSkip { get; init; } = 4;

    /// <summary>
    /// A life loss ends the training episode. Sb3 pipeline: EpisodicLife (the game goes on; the next
    /// reset only takes a NOOP). Gymnasium pipeline: terminal_on_life_loss (the next reset restarts the game).
    /// </summary>
    public bool EpisodicLife { get; init; } = true;

    /// <summary>FIRE (then action 2) after reset, for games whose action 1 is FIRE; ignored for other games.</summary>
    public bool FireReset { get; init; } = true;

    /// <summary>Side of the square grayscale frame; 0 switches resizing off (raw screens).</summary>
    public int ScreenSize { get; init; } = 84;

    /// <summary>Reward becomes its sign.</summary>
    public bool ClipReward { get; init; } = true;

    /// <summary>Frames stacked into the observation <c>[K,84,84]</c>; 1 or 0 switches stacking off.</summary>
    public int FrameStack { get; init; } = 4;

    public FrameStackPadding FrameStackPadding { get; init; } = FrameStackPadding.Repeat;

    /// <summary>
    /// Compute MaxAndSkip + WarpFrame from palette-index screens (<see cref="FusedMaxWarp"/>): same
    /// bytes, less work. Used only where it is provably equivalent; false always uses the two wrappers.
    /// </summary>
    public bool FuseMaxAndWarp { get; init; } = true;

    /// <summary>
    /// Record true game return/length into <see cref="EnvInfo.Episode"/>: on the raw env, below every
    /// other wrapper (length in frames). With the Gymnasium pipeline and EpisodicLife each life is its
    /// own game, so the statistics sit above AtariPreprocessing (length in agent steps).
    /// </summary>
    public bool RecordEpisodeStatistics { get; init; } = true;
}

/// <summary>Wraps a raw Atari env into the DQN-paper stack.</summary>
public static class AtariStack
{
    /// <summary>
    /// SB3 order: RecordEpisodeStatistics -> NoopReset -> MaxAndSkip -> EpisodicLife -> FireReset ->
    /// WarpFrame -> ClipReward -> FrameStack (MaxAndSkip + WarpFrame fused into FusedMaxWarp at
    /// MaxAndSkip's place when possible: EpisodicLife and FireReset never look at observations). Gymnasium order: RecordEpisodeStatistics ->
    /// AtariPreprocessing -> FireReset -> ClipReward -> FrameStack.
    /// </summary>
    public static IEnv<byte> Wrap(IEnv<byte> raw, AtariWrapperOptions o)
    {
        var atari = raw.Unwrapped as AtariEnv ?? throw new EnvException($"{raw.Id}: the Atari preprocessing needs an Atari env.");
        if (o.FrameSkip > 1 && (atari.Config.FrameSkip != 1 || atari.Config.FrameSkipMax > 1))
            throw new EnvException($"{raw.Id} already skips {atari.Config.FrameSkip} frames per step; use the NoFrameskip-v4 id (or frameskip=1) with the DQN preprocessing, or set its frame skip to 1.");
        IEnv<byte> env = raw;
        // Gymnasium's terminal_on_life_loss restarts the whole game at every life loss, so there the
        // statistics sit above AtariPreprocessing and report each (life-long) game in agent steps.
        bool statsOnRaw = o.Pipeline == AtariPipeline.Sb3 || !o.EpisodicLife;
        if (o.RecordEpisodeStatistics && statsOnRaw) env = new RecordEpisodeStatistics<byte>(env);
        if (o.Pipeline == AtariPipeline.Sb3)
        {
            if (o.ScreenSize > 0 && atari.Config.ObsType == AtariObsType.Ram)
                throw new EnvException($"{raw.Id}: the preprocessing needs screen observations, not RAM; use obs_type rgb.");
            if (o.NoopMax > 0) env = new NoopReset(env, o.NoopMax);
            bool fused = o.FuseMaxAndWarp && o.FrameSkip > 1 && o.ScreenSize > 0 && FusedMaxWarp.CanFuse(env);
            if (fused) env = new FusedMaxWarp(env, o.FrameSkip, o.ScreenSize);
            else if (o.FrameSkip > 1) env = new MaxAndSkip(env, o.FrameSkip);
            if (o.EpisodicLife) env = new EpisodicLife(env);
            if (o.FireReset && FireReset.Applies(env)) env = new FireReset(env);
            if (o.ScreenSize > 0 && !fused) env = new WarpFrame(env, o.ScreenSize, o.ScreenSize);
        }
        else
        {
            env = new AtariPreprocessing(env, o.NoopMax, Math.Max(1, o.FrameSkip), o.ScreenSize > 0 ? o.ScreenSize : 84, o.EpisodicLife);
            if (o.RecordEpisodeStatistics && !statsOnRaw) env = new RecordEpisodeStatistics<byte>(env);
            if (o.FireReset && FireReset.Applies(env)) env = new FireReset(env);
        }
        if (o.ClipReward) env = new ClipReward<byte>(env);
        if (o.FrameStack > 1) env = new FrameStack(env, o.FrameStack, o.FrameStackPadding);
        return env;
    }
}
