namespace DeepQ.Envs;

/// <summary>
/// N copies of an env stepped together (Gymnasium's VectorEnv with SB3/CleanRL autoreset). Env i
/// always runs on the same thread (a fixed partition of envs to threads), so results are
/// identical whatever the thread count. Autoreset is same-step (SB3's VecEnv): when env i's
/// episode ends, its last observation and info are kept in <see cref="FinalObservation"/> and
/// <see cref="FinalInfo"/>, the env is reset inside the same <see cref="Step"/>, and
/// <see cref="Observations"/> holds the new episode's first observation. Bootstrap truncated
/// episodes from the final observation. Buffers are reused; stepping allocates nothing.
/// </summary>
public sealed class VectorEnv<T> : IDisposable where T : unmanaged
{
    private readonly IEnv<T>[] _envs;
    private readonly T[] _obs;
    private readonly T[] _finalObs;
    private readonly double[] _rewards;
    private readonly bool[] _terminated, _truncated, _done;
    private readonly EnvInfo[] _finalInfo;
    private readonly int[] _actions;
    private readonly PartitionWorkers _workers;
    private readonly int _obsSize;
    private readonly int _partitions;
    private int? _resetSeed;
    private bool _resetting;

    /// <param name="envs">The copies, all with the same spaces.</param>
    /// <param name="threads">Worker threads (0 = one per core, at most one per env).</param>
    public VectorEnv(IReadOnlyList<IEnv<T>> envs, int threads = 0)
    {
        if (envs.Count == 0) throw new EnvException("A vector env needs at least one env; set num_envs to 1 or more.");
        _envs = envs.ToArray();
        var first = _envs[0];
        _obsSize = first.ObservationSpace.Size;
        foreach (var e in _envs)
        {
            if (e.ObservationSpace.Size != _obsSize || e.ActionSpace.N != first.ActionSpace.N)
                throw new EnvException($"Vector env copies must share spaces: {e.Id} has {e.ObservationSpace} and {e.ActionSpace}, {first.Id} has {first.ObservationSpace} and {first.ActionSpace}.");
        }
        int n = _envs.Length;
        _obs = new T[n * _obsSize];
        _finalObs = new T[n * _obsSize];
        _rewards = new double[n];
        _terminated = new bool[n];
        _truncated = new bool[n];
        _done = new bool[n];
        _actions = new int[n];
        _finalInfo = Enumerable.Range(0, n).Select(_ => new EnvInfo()).ToArray();
        if (threads < 0) throw new EnvException($"threads must be 0 (one per core) or more, got {threads}.");
        _partitions = Math.Min(n, threads == 0 ? Environment.ProcessorCount : threads);
        _workers = new PartitionWorkers(_partitions, RunPartition);
    }

    /// <summary>Makes <paramref name="numEnvs"/> copies of <paramref name="id"/> through <see cref="Gym.Make"/>.</summary>
    public static VectorEnv<T> Make(string id, int numEnvs, EnvOptions? options = null, int threads = 0) =>
        Make(_ => Gym.Make<T>(id, options), numEnvs, threads);

    /// <summary>Makes <paramref name="numEnvs"/> copies with a factory (called with the env's index).</summary>
    public static VectorEnv<T> Make(Func<int, IEnv<T>> factory, int numEnvs, int threads = 0)
    {
        if (numEnvs < 1) throw new EnvException($"num_envs must be at least 1, got {numEnvs}.");
        return new VectorEnv<T>(Enumerable.Range(0, numEnvs).Select(factory).ToArray(), threads);
    }

    public int NumEnvs => _envs.Length;
    public int Threads => _partitions;
    public Space SingleObservationSpace => _envs[0].ObservationSpace;
    public DiscreteSpace SingleActionSpace => _envs[0].ActionSpace;

    /// <summary>Elements of one observation; <see cref="Observations"/> is <c>[N, ObservationSize]</c>.</summary>
    public int ObservationSize => _obsSize;

    public IEnv<T> this[int i] => _envs[i];

    /// <summary>Current observations <c>[N, obs]</c>: after an autoreset, the new episode's first one.</summary>
    public ReadOnlySpan<T> Observations => _obs;

    public ReadOnlySpan<T> Observation(int i) => _obs.AsSpan(i * _obsSize, _obsSize);
    public ReadOnlySpan<double> Rewards => _rewards;
    public ReadOnlySpan<bool> Terminated => _terminated;
    public ReadOnlySpan<bool> Truncated => _truncated;

    /// <summary>Env i's episode ended in the last step (terminated or truncated) and it was reset.</summary>
    public ReadOnlySpan<bool> Done => _done;

    /// <summary>Env i's last observation of the episode that just ended (SB3's <c>terminal_observation</c>); valid when <see cref="Done"/>[i].</summary>
    public ReadOnlySpan<T> FinalObservation(int i) => _finalObs.AsSpan(i * _obsSize, _obsSize);

    /// <summary>Env i's info at the end of the episode (with <see cref="EnvInfo.Episode"/> if statistics are recorded); valid when <see cref="Done"/>[i].</summary>
    public EnvInfo FinalInfo(int i) => _finalInfo[i];

    /// <summary>Env i's info of its latest reset/step.</summary>
    public EnvInfo Info(int i) => _envs[i].Info;

    /// <summary>Resets every env; with a seed, env i gets seed + i (as Gymnasium and SB3 do).</summary>
    public ReadOnlySpan<T> Reset(int? seed = null)
    {
        _resetting = true;
        _resetSeed = seed;
        _workers.Run();
        _resetting = false;
        Array.Clear(_done);
        Array.Clear(_rewards);
        Array.Clear(_terminated);
        Array.Clear(_truncated);
        return _obs;
    }

    /// <summary>Steps env i with actions[i], autoresetting finished envs.</summary>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (actions.Length != _envs.Length)
            throw new EnvException($"Step needs one action per env: got {actions.Length} for {_envs.Length} envs.");
        actions.CopyTo(_actions);
        _workers.Run();
    }

    private void RunPartition(int p)
    {
        // Partition p always owns envs [p*N/P, (p+1)*N/P).
        int n = _envs.Length;
        int lo = p * n / _partitions, hi = (p + 1) * n / _partitions;
        for (int i = lo; i < hi; i++)
        {
            var env = _envs[i];
            Span<T> obs = _obs.AsSpan(i * _obsSize, _obsSize);
            if (_resetting)
            {
                env.Reset(_resetSeed is { } s ? s + i : null).Observation.CopyTo(obs);
                continue;
            }
            var r = env.Step(_actions[i]);
            _rewards[i] = r.Reward;
            _terminated[i] = r.Terminated;
            _truncated[i] = r.Truncated;
            _done[i] = r.Done;
            if (r.Done)
            {
                r.Observation.CopyTo(_finalObs.AsSpan(i * _obsSize, _obsSize));
                _finalInfo[i].CopyFrom(r.Info);
                env.Reset().Observation.CopyTo(obs);
            }
            else
            {
                r.Observation.CopyTo(obs);
            }
        }
    }

    public void Dispose()
    {
        _workers.Dispose();
        foreach (var e in _envs) e.Dispose();
    }
}
