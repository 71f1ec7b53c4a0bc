namespace DeepQ.Envs;

/// <summary>
/// What every environment offers regardless of its observation element type: spaces, the info of
/// the last reset/step, and rendering. Gymnasium's <c>Env</c> without the typed reset/step
/// (see <see cref="IEnv{T}"/>).
/// </summary>
public interface IEnv : IDisposable
{
    /// <summary>The id the environment was made with, e.g. <c>PongNoFrameskip-v4</c>.</summary>
    string Id { get; }

    Space ObservationSpace { get; }

    /// <summary>Every environment here has a discrete action space.</summary>
    DiscreteSpace ActionSpace { get; }

    /// <summary>Info of the last <c>Reset</c>/<c>Step</c>; one object reused for the env's lifetime.</summary>
    EnvInfo Info { get; }

    /// <summary>The innermost environment (below all wrappers).</summary>
    IEnv Unwrapped { get; }

    /// <summary>Height and width of the RGB frame <see cref="Render"/> writes.</summary>
    (int Height, int Width) RenderSize { get; }

    /// <summary>Draws the current state into <paramref name="rgb"/>, shape <c>[H,W,3]</c> bytes.</summary>
    void Render(Span<byte> rgb);
}

/// <summary>
/// A Gymnasium-shaped environment whose observations are spans of <typeparamref name="T"/>
/// (byte for Atari frames, float for classic control, int for FrozenLake's cell index).
/// Observations are views into buffers the env owns: valid until the next Reset/Step, never
/// allocated per step. Copy them if you need them longer.
/// </summary>
public interface IEnv<T> : IEnv where T : unmanaged
{
    /// <summary>The observation of the last Reset/Step, laid out as <see cref="IEnv.ObservationSpace"/> says.</summary>
    ReadOnlySpan<T> Observation { get; }

    /// <summary>
    /// Starts an episode. A seed restarts the env's random streams (Gymnasium semantics: only the
    /// first reset needs one; later resets continue the stream).
    /// </summary>
    ResetResult<T> Reset(int? seed = null);

    /// <summary>Advances one agent step with <paramref name="action"/> in <c>0..ActionSpace.N-1</c>.</summary>
    StepResult<T> Step(int action);
}

/// <summary>What <see cref="IEnv{T}.Reset"/> returns: Gymnasium's <c>(obs, info)</c>.</summary>
public readonly ref struct ResetResult<T> where T : unmanaged
{
    public ResetResult(ReadOnlySpan<T> observation, EnvInfo info)
    {
        Observation = observation;
        Info = info;
    }

    public ReadOnlySpan<T> Observation { get; }
    public EnvInfo Info { get; }

    public void Deconstruct(out ReadOnlySpan<T> observation, out EnvInfo info)
    {
        observation = Observation;
        info = Info;
    }
}

/// <summary>What <see cref="IEnv{T}.Step"/> returns: Gymnasium's <c>(obs, reward, terminated, truncated, info)</c>.</summary>
public readonly ref struct StepResult<T> where T : unmanaged
{
    public StepResult(ReadOnlySpan<T> observation, double reward, bool terminated, bool truncated, EnvInfo info)
    {
        Observation = observation;
        Reward = reward;
        Terminated = terminated;
        Truncated = truncated;
        Info = info;
    }

    public ReadOnlySpan<T> Observation { get; }
    public double Reward { get; }

    /// <summary>The MDP reached a terminal state: do not bootstrap from the next observation.</summary>
    public bool Terminated { get; }

    /// <summary>Cut short (time limit): bootstrap from the final observation.</summary>
    public bool Truncated { get; }

    public EnvInfo Info { get; }

    /// <summary>Either flag: the episode is over and the env needs a reset.</summary>
    public bool Done => Terminated || Truncated;

    public void Deconstruct(out ReadOnlySpan<T> observation, out double reward, out bool terminated, out bool truncated, out EnvInfo info)
    {
        observation = Observation;
        reward = Reward;
        terminated = Terminated;
        truncated = Truncated;
        info = Info;
    }
}

/// <summary>
/// Gymnasium's info dict as typed fields, so reading it never allocates. Fields an env does not
/// have keep their "absent" value (-1, NaN, null).
/// </summary>
public sealed class EnvInfo
{
    /// <summary>Atari lives left (<c>info["lives"]</c>); -1 when the game has none.</summary>
    public int Lives { get; set; } = -1;

    /// <summary>Emulator frames since the game's reset (<c>info["episode_frame_number"]</c>); -1 outside Atari.</summary>
    public long EpisodeFrameNumber { get; set; } = -1;

    /// <summary>Emulator frames since the ROM was loaded (<c>info["frame_number"]</c>); -1 outside Atari.</summary>
    public long FrameNumber { get; set; } = -1;

    /// <summary>FrozenLake's transition probability (<c>info["prob"]</c>); NaN elsewhere.</summary>
    public double Prob { get; set; } = double.NaN;

    /// <summary>
    /// Set only on the step that really ends an episode (<c>info["episode"]</c> of
    /// RecordEpisodeStatistics / SB3's Monitor): for Atari the whole game, even when EpisodicLife
    /// ends training episodes at each life loss.
    /// </summary>
    public EpisodeStatistics? Episode { get; set; }

    /// <summary>Copies every field from <paramref name="other"/> (used to keep a vector env's final info).</summary>
    public void CopyFrom(EnvInfo other)
    {
        Lives = other.Lives;
        EpisodeFrameNumber = other.EpisodeFrameNumber;
        FrameNumber = other.FrameNumber;
        Prob = other.Prob;
        Episode = other.Episode;
    }
}

/// <summary>
/// True return and length of one finished episode. <see cref="Length"/> counts steps of the env
/// the statistics wrapper sits on: raw frames for <c>NoFrameskip</c> ids (as SB3's Monitor and
/// CleanRL's RecordEpisodeStatistics report), agent steps otherwise.
/// </summary>
public readonly record struct EpisodeStatistics(double Return, long Length);

/// <summary>An env with its own seeded generator (Gymnasium's <c>env.unwrapped.np_random</c>).</summary>
public interface IRandomEnv
{
    EnvRng Rng { get; }
}
