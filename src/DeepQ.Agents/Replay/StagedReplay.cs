namespace DeepQ.Agents.Replay;

/// <summary>
/// The replay buffer's writes, held back while an overlapped update samples the buffer on another
/// thread (overlap-learning): episode starts and transitions are kept in order and applied when the
/// update has joined, before the next one samples. So every sample sees exactly the buffer it would
/// have seen without the overlap. Without a hold the calls go straight through.
/// </summary>
internal sealed class StagedReplay<T>(ReplayBuffer<T> replay) where T : unmanaged
{
    private readonly ReplayBuffer<T> _replay = replay;

    private sealed class Entry
    {
        public bool IsStart, Terminated, Truncated;
        public int Action;
        public float Reward;
        public T[] Observation = [];
    }

    private readonly List<Entry> _entries = [];
    [NotResumable("empty at every checkpoint: the run releases the hold before it saves")]
    private int _count;

    /// <summary>True while an update that samples the buffer runs: calls are kept until <see cref="Release"/>.</summary>
    [field: NotResumable("false at every checkpoint: the run releases the hold before it saves")]
    public bool Holding { get; private set; }

    /// <summary>Writes made from now on wait for <see cref="Release"/>.</summary>
    public void Hold() => Holding = true;

    /// <summary>Applies the kept writes in order and lets later ones through.</summary>
    public void Release()
    {
        for (int i = 0; i < _count; i++)
        {
            var e = _entries[i];
            if (e.IsStart) _replay.StartEpisode(e.Observation);
            else _replay.Add(e.Action, e.Reward, e.Observation, e.Terminated, e.Truncated);
        }
        _count = 0;
        Holding = false;
    }

    /// <summary><see cref="ReplayBuffer{T}.StartEpisode"/>, now or after the hold.</summary>
    public void StartEpisode(ReadOnlySpan<T> observation)
    {
        if (!Holding) { _replay.StartEpisode(observation); return; }
        var e = Keep(observation);
        e.IsStart = true;
    }

    /// <summary><see cref="ReplayBuffer{T}.Add"/>, now or after the hold.</summary>
    public void Add(int action, float reward, ReadOnlySpan<T> nextObservation, bool terminated, bool truncated)
    {
        if (!Holding) { _replay.Add(action, reward, nextObservation, terminated, truncated); return; }
        var e = Keep(nextObservation);
        (e.IsStart, e.Action, e.Reward, e.Terminated, e.Truncated) = (false, action, reward, terminated, truncated);
    }

    /// <summary>The next free entry holding a copy of <paramref name="observation"/> (entries and their arrays are reused).</summary>
    private Entry Keep(ReadOnlySpan<T> observation)
    {
        if (_count == _entries.Count) _entries.Add(new Entry());
        var e = _entries[_count++];
        if (e.Observation.Length != observation.Length) e.Observation = new T[observation.Length];
        observation.CopyTo(e.Observation);
        return e;
    }
}
