using System.Runtime.InteropServices;

namespace DeepQ.Agents.Replay;

/// <summary>
/// Fixed-capacity circular experience replay that stores every observation frame once.
///
/// Frames go into one ring in the order the environment produced them: the S frames of the
/// reset observation when an episode starts, then one new frame (the newest frame of the next
/// observation) per agent step. A transition only records where its observation's newest frame
/// is; the stacked observation is the S frames ending there, and the next observation the S
/// frames ending one later. So 1M Atari transitions of [4,84,84] take ~7 GB instead of 56 GB,
/// and the reconstruction is exact whatever padding the frame stack used at reset.
///
/// Terminated transitions do not bootstrap; truncated ones (time limit) do, from the true final
/// observation. n-step returns are summed at sample time and stop at an episode end or at the
/// newest transition. Proportional prioritized replay keeps a <see cref="SumTree"/> beside the ring.
/// </summary>
/// <typeparam name="T">Frame element: byte for Atari pixels, float for vector observations.</typeparam>
public sealed class ReplayBuffer<T> where T : unmanaged
{
    private const byte TerminatedFlag = 1, TruncatedFlag = 2;
    private const int MaxChunkBytes = 1 << 30; // .NET arrays stay well below 2 GB; chunks of <= 1 GiB

    private readonly ReplayBufferOptions _options;
    private readonly long _frameCapacity;
    private readonly int _framesPerChunk;
    private readonly T[]?[] _frameChunks; // allocated lazily as the ring first fills

    // Per-transition ring, slot = id % Capacity.
    private readonly long[] _obsFrame;   // absolute id of the observation's newest frame; next obs ends at +1
    private readonly int[] _action;
    private readonly float[] _reward;
    private readonly byte[] _flags;

    private readonly SumTree? _tree;
    private double _maxPriority = 1.0;   // raw |δ|+ε, new transitions get this so they are replayed at least once

    private long _framesWritten;         // absolute id of the next frame to write
    private long _head;                  // absolute id of the next transition
    private long _tail;                  // absolute id of the oldest kept transition
    private bool _episodeOpen;           // StartEpisode was called and frames are in place for Add

    public ReplayBuffer(ReplayBufferOptions options, bool checkMemory = true, long? availableMemoryOverride = null)
    {
        options.Validate();
        _options = options;
        // One episode of N steps needs S reset frames plus N step frames; more episodes cost S-1 each.
        _frameCapacity = (long)options.Capacity + options.StackSize;
        if (checkMemory)
        {
            long available = availableMemoryOverride ?? MemoryCheck.AvailableBytes();
            int fits = LargestCapacityThatFits(options, available);
            string fix = fits > 0
                ? $"lower `buffer-size` (for example `buffer-size` = {fits}, the largest round size that fits with headroom) or free memory"
                : "free memory; not even a small replay buffer fits";
            MemoryCheck.EnsureAvailable(EstimateBytes(options), $"replay buffer of {options.Capacity:N0} transitions", fix, available);
        }
        int frameBytes = options.FrameSize * Marshal.SizeOf<T>();
        _framesPerChunk = (int)Math.Max(1, Math.Min(_frameCapacity, MaxChunkBytes / frameBytes));
        _frameChunks = new T[]?[(int)((_frameCapacity + _framesPerChunk - 1) / _framesPerChunk)];
        _obsFrame = new long[options.Capacity];
        _action = new int[options.Capacity];
        _reward = new float[options.Capacity];
        _flags = new byte[options.Capacity];
        if (options.Prioritized) _tree = new SumTree(options.Capacity);
    }

    /// <summary>Bytes a full buffer with these options occupies (frames plus per-transition records).</summary>
    public static long EstimateBytes(ReplayBufferOptions o)
    {
        long frames = ((long)o.Capacity + o.StackSize) * o.FrameSize * Marshal.SizeOf<T>();
        long perTransition = sizeof(long) + sizeof(int) + sizeof(float) + sizeof(byte) + (o.Prioritized ? 2 * sizeof(double) : 0);
        return frames + perTransition * o.Capacity;
    }

    /// <summary>
    /// The largest round capacity (1, 2 or 5 times a power of ten) whose buffer passes
    /// <see cref="MemoryCheck.EnsureAvailable"/> with <paramref name="availableBytes"/> and still
    /// leaves a quarter of the remaining budget for everything else; 0 when none does.
    /// </summary>
    public static int LargestCapacityThatFits(ReplayBufferOptions o, long availableBytes)
    {
        double budget = availableBytes * 0.9 * 0.75;
        int best = 0;
        for (long decade = 1; decade <= int.MaxValue; decade *= 10)
            foreach (int m in (ReadOnlySpan<int>)[1, 2, 5])
            {
                long c = decade * m;
                if (c > int.MaxValue || c > o.Capacity) continue;
                if (EstimateBytes(o with { Capacity = (int)c }) <= budget) best = (int)c;
            }
        return best;
    }

    public ReplayBufferOptions Options => _options;
    public int Capacity => _options.Capacity;
    /// <summary>Transitions currently stored.</summary>
    public int Count => (int)(_head - _tail);
    /// <summary>Transitions ever added.</summary>
    public long TotalAdded => _head;
    /// <summary>Elements of one stacked observation: StackSize * FrameSize.</summary>
    public int ObservationSize => _options.StackSize * _options.FrameSize;

    /// <summary>
    /// Begins an episode with its reset observation [S, F] (oldest frame first). If the previous
    /// episode did not end with a terminated or truncated step, its last transition is marked
    /// truncated, so n-step sums never cross into this episode.
    /// </summary>
    public void StartEpisode(ReadOnlySpan<T> observation)
    {
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"observation has {observation.Length} elements, expected {ObservationSize}", nameof(observation));
        if (_head > _tail && (_flags[Slot(_head - 1)] & (TerminatedFlag | TruncatedFlag)) == 0)
            _flags[Slot(_head - 1)] |= TruncatedFlag;
        int f = _options.FrameSize;
        for (int s = 0; s < _options.StackSize; s++) WriteFrame(observation.Slice(s * f, f));
        _episodeOpen = true;
    }

    /// <summary>
    /// Records the step from the current observation: the action, its reward, the next observation
    /// [S, F] (only its newest frame is stored; the older ones are already in the ring), and how the
    /// episode stands. After a terminated or truncated step, call <see cref="StartEpisode"/> again.
    /// </summary>
    public void Add(int action, float reward, ReadOnlySpan<T> nextObservation, bool terminated, bool truncated)
    {
        if (!_episodeOpen) throw new InvalidOperationException("call StartEpisode with the reset observation before Add");
        if (nextObservation.Length != ObservationSize)
            throw new ArgumentException($"observation has {nextObservation.Length} elements, expected {ObservationSize}", nameof(nextObservation));
        long obsFrame = _framesWritten - 1;
        int f = _options.FrameSize;
        WriteFrame(nextObservation.Slice((_options.StackSize - 1) * f, f));
        if (_head - _tail == Capacity) Evict();
        int slot = Slot(_head);
        _obsFrame[slot] = obsFrame;
        _action[slot] = action;
        _reward[slot] = reward;
        _flags[slot] = (byte)((terminated ? TerminatedFlag : 0) | (truncated ? TruncatedFlag : 0));
        _tree?.Set(slot, Math.Pow(_maxPriority, _options.PriorityAlpha));
        _head++;
        if (terminated || truncated) _episodeOpen = false;
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with transitions drawn with replacement: uniformly, or in
    /// proportion to priority (stratified over B equal slices of the total) with importance
    /// weights (N·P(i))^-β divided by the batch's largest weight.
    /// </summary>
    public void Sample(ReplayBatch<T> batch, RandomStream rng, double beta = 1.0)
    {
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        if (batch.ObservationSize != ObservationSize) throw new ArgumentException("batch observation size differs from the buffer's", nameof(batch));
        int b = batch.BatchSize;
        if (_tree is null)
        {
            for (int i = 0; i < b; i++)
            {
                long id = _tail + rng.NextLong(Count);
                batch.Indices[i] = id;
                batch.Weights[i] = 1f;
            }
        }
        else
        {
            double total = _tree.Total, segment = total / b, maxWeight = 0;
            for (int i = 0; i < b; i++)
            {
                double u = Math.Min((i + rng.NextDouble()) * segment, total * (1 - 1e-12));
                int slot = _tree.Find(u);
                batch.Indices[i] = IdOfSlot(slot);
                double p = _tree[slot] / total;
                double w = Math.Pow(Count * p, -beta);
                batch.Weights[i] = (float)w;
                maxWeight = Math.Max(maxWeight, w);
            }
            for (int i = 0; i < b; i++) batch.Weights[i] = (float)(batch.Weights[i] / maxWeight);
        }
        for (int i = 0; i < b; i++) Gather(batch, i, batch.Indices[i]);
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with the B newest transitions, oldest first, weights 1: the
    /// "no replay" ablation (online Q-learning on consecutive, correlated experience). While fewer
    /// than B are stored, the oldest stored transition fills the first rows.
    /// </summary>
    public void SampleNewest(ReplayBatch<T> batch)
    {
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        if (batch.ObservationSize != ObservationSize) throw new ArgumentException("batch observation size differs from the buffer's", nameof(batch));
        int b = batch.BatchSize;
        for (int i = 0; i < b; i++)
        {
            long id = Math.Max(_tail, _head - b + i);
            batch.Indices[i] = id;
            batch.Weights[i] = 1f;
            Gather(batch, i, id);
        }
    }

    /// <summary>Sets new priorities (|δ| + ε)^α for sampled transitions; ids no longer stored are ignored.</summary>
    public void UpdatePriorities(ReadOnlySpan<long> ids, ReadOnlySpan<float> tdErrors)
    {
        if (_tree is null) throw new InvalidOperationException("this replay buffer is not prioritized");
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] < _tail || ids[i] >= _head) continue;
            double raw = Math.Abs((double)tdErrors[i]) + _options.PriorityEpsilon;
            if (!double.IsFinite(raw)) continue;
            _maxPriority = Math.Max(_maxPriority, raw);
            _tree.Set(Slot(ids[i]), Math.Pow(raw, _options.PriorityAlpha));
        }
    }

    /// <summary>The sampling probability of a stored transition (for tests and diagnostics).</summary>
    public double Probability(long id)
    {
        if (id < _tail || id >= _head) return 0;
        return _tree is null ? 1.0 / Count : _tree[Slot(id)] / _tree.Total;
    }

    /// <summary>Copies the stacked observation [S, F] of transition <paramref name="id"/> (for tests and inspection).</summary>
    public void CopyObservation(long id, Span<T> destination, bool next = false)
    {
        if (id < _tail || id >= _head) throw new ArgumentOutOfRangeException(nameof(id), id, "transition is not stored");
        CopyStack(_obsFrame[Slot(id)] + (next ? 1 : 0), destination);
    }

    /// <summary>Copies the newest observation [S, F]: the reset observation or the last Add's next observation.</summary>
    public void CopyLatestObservation(Span<T> destination)
    {
        if (_framesWritten < _options.StackSize) throw new InvalidOperationException("no observation stored yet");
        CopyStack(_framesWritten - 1, destination);
    }

    private void Gather(ReplayBatch<T> batch, int row, long id)
    {
        int slot = Slot(id);
        int obsSize = ObservationSize;
        CopyStack(_obsFrame[slot], batch.Observations.AsSpan(row * obsSize, obsSize));
        batch.Actions[row] = _action[slot];

        // n-step return: walk forward until n rewards, an episode end, or the newest transition.
        double gamma = _options.Gamma, ret = 0, discount = 1;
        long last = id;
        for (int k = 0; k < _options.NStep; k++)
        {
            long j = id + k;
            int js = Slot(j);
            ret += discount * _reward[js];
            discount *= gamma;
            last = j;
            byte flags = _flags[js];
            if ((flags & TerminatedFlag) != 0) { discount = 0; break; }
            if ((flags & TruncatedFlag) != 0 || j + 1 >= _head) break;
        }
        batch.Returns[row] = (float)ret;
        batch.Discounts[row] = (float)discount;
        CopyStack(_obsFrame[Slot(last)] + 1, batch.NextObservations.AsSpan(row * obsSize, obsSize));
    }

    private void CopyStack(long newestFrame, Span<T> destination)
    {
        int f = _options.FrameSize, s = _options.StackSize;
        for (int k = 0; k < s; k++)
            ReadFrame(newestFrame - (s - 1) + k).CopyTo(destination.Slice(k * f, f));
    }

    private ReadOnlySpan<T> ReadFrame(long frameId)
    {
        long pos = frameId % _frameCapacity;
        var chunk = _frameChunks[(int)(pos / _framesPerChunk)]!;
        return chunk.AsSpan((int)(pos % _framesPerChunk) * _options.FrameSize, _options.FrameSize);
    }

    private void WriteFrame(ReadOnlySpan<T> frame)
    {
        // Drop transitions whose oldest frame this write overwrites (only happens when episodes are
        // short enough that reset frames outnumber the ring's slack).
        long overwritten = _framesWritten - _frameCapacity;
        while (_head > _tail && _obsFrame[Slot(_tail)] - (_options.StackSize - 1) <= overwritten) Evict();
        long pos = _framesWritten % _frameCapacity;
        int c = (int)(pos / _framesPerChunk);
        var chunk = _frameChunks[c] ??= AllocateChunk(c);
        frame.CopyTo(chunk.AsSpan((int)(pos % _framesPerChunk) * _options.FrameSize, _options.FrameSize));
        _framesWritten++;
    }

    private T[] AllocateChunk(int c)
    {
        long frames = Math.Min(_framesPerChunk, _frameCapacity - (long)c * _framesPerChunk);
        return GC.AllocateUninitializedArray<T>((int)(frames * _options.FrameSize));
    }

    private void Evict()
    {
        _tree?.Set(Slot(_tail), 0);
        _tail++;
    }

    private int Slot(long id) => (int)(id % Capacity);

    private long IdOfSlot(int slot)
    {
        // The stored ids are [_tail, _head); exactly one of them maps to this slot.
        long id = _head - 1 - ((Slot(_head - 1) - slot + Capacity) % Capacity);
        return id;
    }

    // ---- checkpoint ----

    private const uint Magic = 0x42525144; // "DQRB"
    private const int Version = 1;

    /// <summary>
    /// Writes everything needed to continue sampling exactly as before: options, counters, the
    /// stored transitions, the frames they reference, priorities and the open episode's frames.
    /// </summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Magic); w.Write(Version);
        w.Write(Marshal.SizeOf<T>());
        w.Write(_options.Capacity); w.Write(_options.FrameSize); w.Write(_options.StackSize);
        w.Write(_options.NStep); w.Write(_options.Gamma); w.Write(_options.Prioritized);
        w.Write(_options.PriorityAlpha); w.Write(_options.PriorityEpsilon);
        w.Write(_framesWritten); w.Write(_head); w.Write(_tail); w.Write(_episodeOpen); w.Write(_maxPriority);
        for (long id = _tail; id < _head; id++)
        {
            int s = Slot(id);
            w.Write(_obsFrame[s]); w.Write(_action[s]); w.Write(_reward[s]); w.Write(_flags[s]);
            if (_tree is not null) w.Write(_tree[s]);
        }
        long firstFrame = FirstNeededFrame();
        w.Write(firstFrame);
        for (long fr = firstFrame; fr < _framesWritten; fr++)
            w.Write(MemoryMarshal.AsBytes(ReadFrame(fr)));
    }

    /// <summary>Restores a buffer written by <see cref="Save"/> into this one, which must have the same options.</summary>
    public void Load(BinaryReader r)
    {
        if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
            throw new CheckpointException("The replay buffer section of the checkpoint is corrupt or from another version; start a new run instead of resuming.");
        var saved = new ReplayBufferOptions(0, 0);
        int elementSize = r.ReadInt32();
        saved = saved with
        {
            Capacity = r.ReadInt32(), FrameSize = r.ReadInt32(), StackSize = r.ReadInt32(), NStep = r.ReadInt32(),
            Gamma = r.ReadDouble(), Prioritized = r.ReadBoolean(), PriorityAlpha = r.ReadDouble(), PriorityEpsilon = r.ReadDouble(),
        };
        if (elementSize != Marshal.SizeOf<T>() || saved != _options)
            throw new CheckpointException($"The checkpoint's replay buffer ({saved.Capacity} transitions of {saved.StackSize}x{saved.FrameSize}) does not match this run's ({_options.Capacity} of {_options.StackSize}x{_options.FrameSize}); resume with the run's own config.");
        _framesWritten = r.ReadInt64(); _head = r.ReadInt64(); _tail = r.ReadInt64(); _episodeOpen = r.ReadBoolean(); _maxPriority = r.ReadDouble();
        if (_tail < 0 || _head < _tail || _head - _tail > Capacity || _framesWritten < 0)
            throw new CheckpointException("The replay buffer section of the checkpoint has impossible counters; the file is corrupt.");
        if (_tree is not null) for (int s = 0; s < Capacity; s++) _tree.SetLeafRaw(s, 0);
        for (long id = _tail; id < _head; id++)
        {
            int s = Slot(id);
            _obsFrame[s] = r.ReadInt64(); _action[s] = r.ReadInt32(); _reward[s] = r.ReadSingle(); _flags[s] = r.ReadByte();
            if (_tree is not null) _tree.SetLeafRaw(s, r.ReadDouble());
        }
        _tree?.Rebuild();
        long firstFrame = r.ReadInt64();
        if (firstFrame < 0 || firstFrame > _framesWritten || _framesWritten - firstFrame > _frameCapacity)
            throw new CheckpointException("The replay buffer section of the checkpoint has impossible frame counters; the file is corrupt.");
        int frameBytes = _options.FrameSize * Marshal.SizeOf<T>();
        for (long fr = firstFrame; fr < _framesWritten; fr++)
        {
            long pos = fr % _frameCapacity;
            int c = (int)(pos / _framesPerChunk);
            var chunk = _frameChunks[c] ??= AllocateChunk(c);
            var dst = MemoryMarshal.AsBytes(chunk.AsSpan((int)(pos % _framesPerChunk) * _options.FrameSize, _options.FrameSize));
            if (ReadFully(r, dst) != frameBytes)
                throw new CheckpointException("The replay buffer section of the checkpoint ends early; the file is truncated.");
        }
    }

    private static int ReadFully(BinaryReader r, Span<byte> dst)
    {
        int total = 0;
        while (total < dst.Length)
        {
            int n = r.Read(dst[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private long FirstNeededFrame()
    {
        // Frames of the open episode (after the last stored transition) must survive too.
        long first = _framesWritten;
        if (_head > _tail) first = _obsFrame[Slot(_tail)] - (_options.StackSize - 1);
        else if (_episodeOpen) first = _framesWritten - _options.StackSize;
        return Math.Max(0, Math.Min(first, _framesWritten));
    }
}
