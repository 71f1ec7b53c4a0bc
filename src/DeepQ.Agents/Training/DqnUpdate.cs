using System.Diagnostics;
using DeepQ.Agents.Config;
using DeepQ.Agents.Replay;
using DeepQ.Nn.Files;
using DeepQ.Nn.Losses;
using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Agents.Training;

/// <summary>
/// One DQN gradient step, the whole algorithm in one place (Mnih et al. 2015; Double DQN, van
/// Hasselt et al. 2016; n-step returns; proportional prioritized replay, Schaul et al. 2016):
/// <code>
///   sample   (s, a, R, γᵏ, s') ~ replay, B rows        R: the k-step return; γᵏ = 0 if the episode terminated inside the window
///   choose   a* = argmax_a' Q_online(s', a')          Double DQN (plain DQN: argmax of Q_target)
///   target   y  = R + γᵏ · Q_target(s', a*)           no gradient flows into y
///   loss     L  = 1/B · Σ_b w_b · ℓ(Q_online(s, a) − y)   ℓ = Huber_δ or squared error; w = PER weights, else 1
///   step     θ ← optimizer(θ, c · ∇θ L)               c = min(1, max-grad-norm / ‖∇θ L‖₂), folded into the optimizer's pass
///   priority p_b ← (|Q_online(s, a) − y| + ε)^α        prioritized replay only
/// </code>
/// The target network θ⁻ follows the online one through <see cref="UpdateTarget"/> (hard copy, or
/// Polyak averaging for tau &lt; 1). Ablations: with use-target-network false the targets bootstrap
/// from the online network itself; with use-replay false each step trains on the newest B
/// transitions instead of a random sample. Training (<see cref="DqnRun{T}"/>) and
/// <c>deepq bench learner</c> both run exactly this code.
/// </summary>
/// <typeparam name="T">Observation element: byte for Atari frames [B,S,84,84], float for vectors [B,D].</typeparam>
public sealed class DqnUpdate<T> where T : unmanaged
{
    private readonly DqnConfig _c;
    private readonly ReplayBatch<T> _batch;
    // Work buffers, [B, A] or [B], reused every step so an update allocates nothing.
    private readonly float[] _qNextTarget, _qNextOnline, _qTaken, _tdTarget, _lossGrad, _dq, _tdError;
    private readonly int[] _nextActions;

    public DqnUpdate(DqnConfig config, QNetwork online, Optimizer optimizer, int observationSize)
    {
        _c = config;
        Online = online;
        Optimizer = optimizer;
        if (config.UseTargetNetwork)
        {
            Target = online.Clone();
            Target.KeepActivations = false; // forward only: nothing kept for a backward that never comes
        }
        else Target = online;

        int b = config.BatchSize, a = online.ActionCount;
        _batch = new ReplayBatch<T>(b, observationSize);
        _qNextTarget = new float[b * a];
        _qNextOnline = new float[b * a];
        _dq = new float[b * a];
        _qTaken = new float[b];
        _tdTarget = new float[b];
        _lossGrad = new float[b];
        _tdError = new float[b];
        _nextActions = new int[b];
    }

    /// <summary>The network being trained (θ).</summary>
    public QNetwork Online { get; }

    /// <summary>The network the targets bootstrap from (θ⁻); the online network itself when use-target-network is false.</summary>
    public QNetwork Target { get; }

    public Optimizer Optimizer { get; }

    /// <summary>The minibatch of the last step (for tests and diagnostics).</summary>
    public ReplayBatch<T> Batch => _batch;

    /// <summary>[B] TD targets y of the last step.</summary>
    public ReadOnlySpan<float> Targets => _tdTarget;

    /// <summary>[B] Q_online(s, a) of the last step, before the optimizer moved θ.</summary>
    public ReadOnlySpan<float> TakenQ => _qTaken;

    /// <summary>Optional phase timer (<c>deepq bench learner</c>); null in training.</summary>
    [field: NotResumable("a benchmark's timer, never set in training")]
    public UpdateProfile? Profile { get; set; }

    /// <summary>One gradient step on a minibatch from <paramref name="replay"/>; returns the loss and mean Q(s, a).</summary>
    /// <param name="beta">Prioritized replay's importance-sampling exponent at this step.</param>
    public UpdateStats Step(ReplayBuffer<T> replay, RandomStream rng, double beta)
    {
        int b = _c.BatchSize, a = Online.ActionCount;
        Profile?.Start();
        if (_c.UseReplay) replay.Sample(_batch, rng, beta);
        else replay.SampleNewest(_batch);
        Profile?.Mark(UpdatePhase.Sample);

        // Targets, without gradient. The online network's pass on s' comes before its pass on s,
        // whose activations the backward pass needs.
        QPolicy.Forward(Target, _batch.NextObservations, b).Span.CopyTo(_qNextTarget);
        if (_c.DoubleDqn && Target != Online)
        {
            QPolicy.Forward(Online, _batch.NextObservations, b).Span.CopyTo(_qNextOnline);
            DqnMath.ArgmaxRows(_qNextOnline, a, _nextActions);
        }
        else DqnMath.ArgmaxRows(_qNextTarget, a, _nextActions); // without a target network Double DQN is plain DQN
        DqnMath.Targets(_batch.Returns, _batch.Discounts, _qNextTarget, a, _nextActions, _tdTarget);
        Profile?.Mark(UpdatePhase.Targets);

        // Prediction Q(s, a) and dL/dQ(s, a); PER scales each row's gradient by its weight.
        var q = QPolicy.Forward(Online, _batch.Observations, b).Span;
        DqnMath.Gather(q, a, _batch.Actions, _qTaken);
        float loss = _c.Loss == LossKind.Mse
            ? Loss.Mse(_qTaken, _tdTarget, _lossGrad)
            : Loss.Huber(_qTaken, _tdTarget, _lossGrad, (float)_c.HuberDelta);
        if (_c.PrioritizedReplay)
            for (int i = 0; i < b; i++) _lossGrad[i] *= _batch.Weights[i];
        if (!float.IsFinite(loss)) throw new UpdateDivergedException(loss);
        DqnMath.GatherBackward(_lossGrad, a, _batch.Actions, _dq);
        Profile?.Mark(UpdatePhase.OnlineForward);

        // Backward, clip, step.
        Online.ZeroGrad();
        Online.Backward(_dq);
        Profile?.Mark(UpdatePhase.Backward);
        float clip = _c.MaxGradNorm > 0 ? GradClip.ClipCoefficient(GradClip.GlobalNorm(Online.Parameters), _c.MaxGradNorm) : 1f;
        Profile?.Mark(UpdatePhase.ClipNorm);
        Optimizer.Step(clip);
        Profile?.Mark(UpdatePhase.OptimizerStep);

        if (_c.PrioritizedReplay)
        {
            for (int i = 0; i < b; i++) _tdError[i] = _qTaken[i] - _tdTarget[i];
            replay.UpdatePriorities(_batch.Indices, _tdError);
        }

        double qSum = 0;
        for (int i = 0; i < b; i++) qSum += _qTaken[i];
        Profile?.Mark(UpdatePhase.Priorities);
        return new UpdateStats(loss, qSum / b);
    }

    /// <summary>Declares the learner's resumable parts: θ, θ⁻ and the optimizer's moments.</summary>
    internal void Declare(ResumableState state)
    {
        state.Part("online-weights", w => RunCheckpoint.WriteFloats(w, Weights(Online)), r => RunCheckpoint.ReadFloats(r, Weights(Online), "online weights"));
        if (Target != Online)
            state.Part("target-weights", w => RunCheckpoint.WriteFloats(w, Weights(Target)), r => RunCheckpoint.ReadFloats(r, Weights(Target), "target weights"));
        state.Part("optimizer", w =>
        {
            w.Write(Optimizer.GetType().Name);
            w.Write(Optimizer.StepCount);
            var tensors = Optimizer.ExportState();
            w.Write(tensors.Count);
            foreach (var t in tensors)
            {
                w.Write(t.Name);
                RunCheckpoint.WriteFloats(w, [t.Data]);
            }
        }, r =>
        {
            string name = r.ReadString();
            if (name != Optimizer.GetType().Name)
                throw new CheckpointException($"The checkpoint holds {name} state but the config selects {Optimizer.GetType().Name}; restore the original config.json.");
            long steps = r.ReadInt64();
            var exported = Optimizer.ExportState();
            int n = r.ReadInt32();
            if (n != exported.Count) throw new CheckpointException($"The checkpoint's optimizer state has {n} tensors, expected {exported.Count}; the file is corrupt.");
            var tensors = new List<NamedTensor>(n);
            foreach (var t in exported)
            {
                string tensorName = r.ReadString();
                var data = new float[t.Data.Length];
                RunCheckpoint.ReadFloats(r, [data], $"optimizer tensor {t.Name}");
                tensors.Add(new NamedTensor(tensorName, t.Shape, data));
            }
            Optimizer.ImportState(tensors, steps, "checkpoint");
        });
    }

    private static float[][] Weights(QNetwork net) => net.Parameters.Select(p => p.Value).ToArray();

    /// <summary>θ⁻ ← θ (tau = 1) or θ⁻ ← tau·θ + (1 − tau)·θ⁻; nothing without a target network.</summary>
    public void UpdateTarget()
    {
        if (Target == Online) return;
        if (_c.Tau >= 1.0) Target.CopyFrom(Online);
        else Target.SoftUpdateFrom(Online, (float)_c.Tau);
    }
}

/// <summary>What one <see cref="DqnUpdate{T}.Step"/> reports: the (unweighted) mean loss and the mean Q(s, a) of the batch.</summary>
public readonly record struct UpdateStats(float Loss, double MeanQ);

/// <summary>Thrown when the TD loss of an update is not finite; the run turns it into advice.</summary>
public sealed class UpdateDivergedException(float loss) : Exception($"the TD loss became {loss}")
{
    public float Loss { get; } = loss;
}

/// <summary>The parts of an update, in the order <see cref="DqnUpdate{T}.Step"/> runs them.</summary>
public enum UpdatePhase { Sample, Targets, OnlineForward, Backward, ClipNorm, OptimizerStep, Priorities }

/// <summary>Accumulates wall-clock time per <see cref="UpdatePhase"/> over many updates (bench learner's profile).</summary>
public sealed class UpdateProfile() : PhaseTimer<UpdatePhase>(UpdatePhase.Priorities);

/// <summary>
/// Wall-clock time per phase of a repeated piece of work (an update, an agent step): the caller marks
/// the end of each phase; the last phase ends one repetition. For benchmarks; costs one timestamp per mark.
/// </summary>
public class PhaseTimer<TPhase>(TPhase last) where TPhase : struct, Enum
{
    private readonly double[] _ms = new double[Enum.GetValues<TPhase>().Length];
    private long _last;

    /// <summary>Repetitions completed (marks of the last phase).</summary>
    public long Count { get; private set; }

    public void Start() { _last = Stopwatch.GetTimestamp(); }

    public void Mark(TPhase phase)
    {
        long now = Stopwatch.GetTimestamp();
        _ms[Index(phase)] += (now - _last) * 1000.0 / Stopwatch.Frequency;
        _last = now;
        if (EqualityComparer<TPhase>.Default.Equals(phase, last)) Count++;
    }

    /// <summary>Total milliseconds spent in each phase.</summary>
    public IReadOnlyList<(TPhase Phase, double Milliseconds)> TotalMilliseconds() =>
        Enum.GetValues<TPhase>().Select(p => (p, _ms[Index(p)])).ToList();

    /// <summary>Mean milliseconds per repetition of each phase.</summary>
    public IReadOnlyList<(TPhase Phase, double Milliseconds)> MeanMilliseconds() =>
        TotalMilliseconds().Select(p => (p.Phase, Count > 0 ? p.Milliseconds / Count : double.NaN)).ToList();

    public void Clear() { Array.Clear(_ms); Count = 0; }

    private static int Index(TPhase phase) => System.Runtime.CompilerServices.Unsafe.As<TPhase, int>(ref phase); // int-backed enums, no boxing
}
