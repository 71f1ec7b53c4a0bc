using DeepQ.Agents.Config;
using DeepQ.Agents.Replay;
using DeepQ.Agents.Training;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents.Tests;

/// <summary>
/// The math training runs (<see cref="DqnUpdate{T}"/>), checked against values worked out by hand
/// on a 2-action linear network Q(s) = W s + b with s in R², so every target, loss, gradient and
/// weight after the step can be written down. With W = I and b = 0, Q(s, a) is simply s[a].
/// </summary>
public class DqnUpdateTests
{
    private const float Gamma = 0.5f; // a round discount keeps the hand arithmetic exact in float

    private static DqnConfig Config(Func<DqnConfig, DqnConfig>? change = null)
    {
        var c = new DqnConfig
        {
            BatchSize = 2, BufferSize = 8, NStep = 1, Gamma = Gamma, DoubleDqn = false, Loss = LossKind.Mse,
            MaxGradNorm = 0, Optimizer = OptimizerKind.Sgd, LearningRate = 0.5, UseReplay = false, Tau = 1.0,
        };
        return change is null ? c : change(c);
    }

    /// <summary>A linear 2 -> 2 network with the given weight rows and bias.</summary>
    private static QNetwork Linear(float[] w, float[] b)
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(2, 2, []), 1);
        w.CopyTo(net.Parameters[0].Value, 0);
        b.CopyTo(net.Parameters[1].Value, 0);
        return net;
    }

    private static DqnUpdate<float> Update(DqnConfig c, QNetwork online) =>
        new(c, online, NetworkFactory.Optimizer(c, online), observationSize: 2);

    private static ReplayBuffer<float> Buffer(DqnConfig c, int capacity = 8) =>
        new(new ReplayBufferOptions(capacity, 2, 1, c.NStep, c.Gamma, c.PrioritizedReplay, c.PerAlpha, c.PerEpsilon), checkMemory: false);

    /// <summary>s0=[1,2] -a0,r1-> s1=[3,4] -a1,r0-> s2=[5,6] terminated.</summary>
    private static ReplayBuffer<float> TwoSteps(DqnConfig c)
    {
        var r = Buffer(c);
        r.StartEpisode([1f, 2f]);
        r.Add(0, 1f, [3f, 4f], terminated: false, truncated: false);
        r.Add(1, 0f, [5f, 6f], terminated: true, truncated: false);
        return r;
    }

    private static float[] W(QNetwork n) => n.Parameters[0].Value;
    private static float[] B(QNetwork n) => n.Parameters[1].Value;

    [Fact]
    public void One_step_targets_mse_gradient_and_sgd_step_match_the_hand_computation()
    {
        var c = Config();
        var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
        var s = u.Step(TwoSteps(c), new RandomStream(1), 1.0);
        // Row 0: q = Q(s0,0) = 1, y = 1 + γ·max(3,4) = 3. Row 1: q = Q(s1,1) = 4, y = 0 (terminated).
        Assert.Equal([1f, 4f], u.TakenQ.ToArray());
        Assert.Equal([3f, 0f], u.Targets.ToArray());
        Assert.Equal(((1 - 3) * (1 - 3) + 16) / 2f, s.Loss);       // mean squared error = 10
        Assert.Equal(2.5, s.MeanQ);
        // dL/dq = 2(q − y)/B = [-2, 4]; dW[a] = Σ dL/dq·s over rows that took a; SGD lr 0.5.
        Assert.Equal([1 - 0.5f * (-2 * 1), 0 - 0.5f * (-2 * 2), 0 - 0.5f * (4 * 3), 1 - 0.5f * (4 * 4)], W(u.Online));
        Assert.Equal([0 - 0.5f * -2, 0 - 0.5f * 4], B(u.Online));
    }

    [Fact]
    public void Double_dqn_lets_the_online_network_choose_and_the_target_network_score()
    {
        // Online Q(s1) = [3, 4] picks action 1; target Q(s1) = [2·3, 0.5·4] = [6, 2].
        foreach (bool doubleDqn in new[] { true, false })
        {
            var c = Config(c => c with { DoubleDqn = doubleDqn });
            var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
            new float[] { 2, 0, 0, 0.5f }.CopyTo(W(u.Target), 0);
            u.Step(TwoSteps(c), new RandomStream(1), 1.0);
            // Double: y0 = 1 + γ·Q_target(s1, 1) = 2. Plain: y0 = 1 + γ·max Q_target(s1) = 4.
            Assert.Equal(doubleDqn ? 2f : 4f, u.Targets[0]);
            Assert.Equal(0f, u.Targets[1]);
        }
    }

    [Fact]
    public void Without_a_target_network_targets_bootstrap_from_the_online_network()
    {
        var c = Config(c => c with { UseTargetNetwork = false, DoubleDqn = true });
        var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
        Assert.Same(u.Online, u.Target);
        u.Step(TwoSteps(c), new RandomStream(1), 1.0);
        Assert.Equal([3f, 0f], u.Targets.ToArray()); // 1 + γ·max online Q(s1) = 1 + 0.5·4
        var before = W(u.Online).ToArray();
        u.UpdateTarget();                             // nothing to copy
        Assert.Equal(before, W(u.Online));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Huber_loss_is_quadratic_inside_delta_and_linear_outside(double delta)
    {
        var c = Config(c => c with { Loss = LossKind.Huber, HuberDelta = delta, LearningRate = 1 });
        var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
        var s = u.Step(TwoSteps(c), new RandomStream(1), 1.0);
        // Errors d = q − y = [1 − 3, 4 − 0] = [-2, 4].
        float d = (float)delta;
        float Part(float e) => MathF.Abs(e) < d ? 0.5f * e * e : d * (MathF.Abs(e) - 0.5f * d);
        float Grad(float e) => (MathF.Abs(e) < d ? e : d * MathF.Sign(e)) / 2;
        Assert.Equal((Part(-2) + Part(4)) / 2, s.Loss, 6);
        // delta 1: both linear, loss (1.5 + 3.5)/2 = 2.5; delta 3: -2 quadratic (2), 4 linear (3·2.5 = 7.5).
        Assert.Equal(delta == 1 ? 2.5f : 4.75f, s.Loss, 6);
        Assert.Equal([1 - Grad(-2) * 1, -Grad(-2) * 2, -Grad(4) * 3, 1 - Grad(4) * 4], W(u.Online));
    }

    [Fact]
    public void Gradient_clipping_scales_the_whole_step_to_the_maximum_norm()
    {
        var c = Config(c => c with { MaxGradNorm = 2, LearningRate = 1 });
        var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
        u.Step(TwoSteps(c), new RandomStream(1), 1.0);
        // Unclipped gradient (from the MSE case): dW = [-2, -4, 12, 16], db = [-2, 4]; norm √440.
        float[] g = [-2, -4, 12, 16, -2, 4];
        float scale = 2f / MathF.Sqrt(g.Sum(x => x * x));
        float[] w0 = [1, 0, 0, 1];
        for (int i = 0; i < 4; i++) Assert.Equal(w0[i] - scale * g[i], W(u.Online)[i], 1e-5f);
        Assert.Equal(-scale * g[4], B(u.Online)[0], 1e-5f);
        Assert.Equal(-scale * g[5], B(u.Online)[1], 1e-5f);
    }

    [Fact]
    public void N_step_targets_sum_rewards_and_stop_at_a_termination_or_a_truncation_inside_the_window()
    {
        var c = Config(c => c with { NStep = 3, BatchSize = 1 });
        float g = Gamma;
        // No end inside: R = 1 + γ·2 + γ²·4, bootstrap γ³·max Q(s3) with s3 = [7, 8].
        foreach (var (end, expectedR, expectedDiscount, next) in new (string, float, float, float[])[]
        {
            ("none", 1 + g * 2 + g * g * 4, g * g * g, [7, 8]),
            ("terminated", 1 + g * 2, 0, [5, 6]),
            ("truncated", 1 + g * 2, g * g, [5, 6]),
        })
        {
            var r = Buffer(c);
            r.StartEpisode([1f, 2f]);
            r.Add(0, 1f, [3f, 4f], false, false);
            r.Add(1, 2f, [5f, 6f], end == "terminated", end == "truncated");
            if (end != "none") r.StartEpisode([9f, 9f]);
            r.Add(0, 4f, [7f, 8f], false, false);
            // The window starting at transition 0: the first row of the three newest.
            var three = new ReplayBatch<float>(3, 2);
            r.SampleNewest(three);
            Assert.Equal(expectedR, three.Returns[0], 6);
            Assert.Equal(expectedDiscount, three.Discounts[0], 6);
            var nextObs = new float[2];
            r.CopyObservation(0, nextObs);
            Assert.Equal([1f, 2f], nextObs);
            Assert.Equal(next, three.NextObservations.AsSpan(0, 2).ToArray());
            // And the update's target for that window: y = R + discount · max Q(s') = R + discount · s'[1].
            var u3 = Update(Config(x => x with { NStep = 3, BatchSize = 3 }), Linear([1, 0, 0, 1], [0, 0]));
            u3.Step(r, new RandomStream(1), 1.0);
            Assert.Equal(expectedR + expectedDiscount * next[1], u3.Targets[0], 5);
        }
    }

    [Fact]
    public void N_step_windows_read_the_right_rewards_across_the_ring_buffers_wrap_around()
    {
        var c = Config(c => c with { NStep = 2, BatchSize = 3 });
        var r = Buffer(c, capacity: 3);
        r.StartEpisode([0f, 0f]);
        for (int i = 1; i <= 5; i++) r.Add(0, i, [i, 10 * i], false, false); // rewards 1..5; ids 2,3,4 stay (slots 2,0,1)
        var batch = new ReplayBatch<float>(3, 2);
        r.SampleNewest(batch);
        Assert.Equal([2L, 3L, 4L], batch.Indices);
        // id 2: r3 + γ r4, γ²; id 3: r4 + γ r5, γ²; id 4: r5 only (the newest), γ.
        Assert.Equal([3 + Gamma * 4, 4 + Gamma * 5, 5], batch.Returns);
        Assert.Equal([Gamma * Gamma, Gamma * Gamma, Gamma], batch.Discounts);
        Assert.Equal([4f, 40f, 5f, 50f, 5f, 50f], batch.NextObservations);
    }

    [Fact]
    public void Hard_and_polyak_target_updates()
    {
        var hard = Update(Config(), Linear([1, 2, 3, 4], [5, 6]));
        new float[] { 0, 0, 0, 0 }.CopyTo(W(hard.Target), 0);
        hard.UpdateTarget();
        Assert.Equal([1f, 2f, 3f, 4f], W(hard.Target));

        var soft = Update(Config(c => c with { Tau = 0.25 }), Linear([1, 2, 3, 4], [5, 6]));
        new float[] { 8, 8, 8, 8 }.CopyTo(W(soft.Target), 0);
        new float[] { 0, 4 }.CopyTo(B(soft.Target), 0);
        soft.UpdateTarget();
        // θ⁻ ← 0.25·θ + 0.75·θ⁻
        Assert.Equal([0.25f * 1 + 0.75f * 8, 0.25f * 2 + 0.75f * 8, 0.25f * 3 + 0.75f * 8, 0.25f * 4 + 0.75f * 8], W(soft.Target));
        Assert.Equal([0.25f * 5, 0.25f * 6 + 0.75f * 4], B(soft.Target));
    }

    [Fact]
    public void Prioritized_replay_weights_rows_normalises_by_the_largest_weight_and_writes_priorities_back()
    {
        const double alpha = 0.5, eps = 0.25, beta = 0.5;
        var c = Config(c => c with { UseReplay = true, PrioritizedReplay = true, PerAlpha = alpha, PerEpsilon = eps, BatchSize = 2 });
        var r = Buffer(c);
        r.StartEpisode([1f, 2f]);
        r.Add(0, 1f, [3f, 4f], false, false);
        r.Add(1, 0f, [5f, 6f], true, false);
        // Priorities p = (|δ| + ε)^α: (0.75 + 0.25)^0.5 = 1 for id 0, (8.75 + 0.25)^0.5 = 3 for id 1; total 4.
        r.UpdatePriorities([0L, 1L], [0.75f, -8.75f]);
        Assert.Equal(0.25, r.Probability(0), 12);
        Assert.Equal(0.75, r.Probability(1), 12);

        var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
        u.Step(r, new RandomStream(3), beta);
        var batch = u.Batch;
        // Stratified: row 0 draws from [0, 2) of the total 4, row 1 from [2, 4), which lies inside id 1's [1, 4).
        Assert.Equal(1L, batch.Indices[1]);
        // w_i = (N·P(i))^-β / max_j w_j with N = 2: id 0 -> (0.5)^-0.5 = √2, id 1 -> (1.5)^-0.5.
        double W0 = Math.Pow(2 * 0.25, -beta), W1 = Math.Pow(2 * 0.75, -beta);
        double max = batch.Indices.Contains(0L) ? W0 : W1;
        for (int i = 0; i < 2; i++)
            Assert.Equal((float)((batch.Indices[i] == 0 ? W0 : W1) / max), batch.Weights[i], 6);

        // The step scales each row's gradient by its weight, then writes back (|q − y| + ε)^α:
        // id 0: q = 1, y = 1 + γ·4 = 3, |δ| = 2; id 1: q = 4, y = 0, |δ| = 4.
        double P0 = Math.Pow(2 + eps, alpha), P1 = Math.Pow(4 + eps, alpha);
        bool saw0 = batch.Indices.Contains(0L);
        double total = (saw0 ? P0 : 1.0) + P1;
        Assert.Equal((saw0 ? P0 : 1.0) / total, r.Probability(0), 6);
        Assert.Equal(P1 / total, r.Probability(1), 6);
    }

    [Fact]
    public void Prioritized_importance_weights_scale_each_rows_gradient()
    {
        // Priorities 1 (id 0) and 3 (id 1); a seed whose first draw is below 1/2 puts row 0 on id 0 (row 0
        // draws from [0, 2) of the total 4, where id 0 holds [0, 1)), so the weights are
        // w0 = √2/√2 = 1 and w1 = 1.5^-½ / √2 = 1/√3 (β = 1/2). Only row 1 took action 1, so b[1]'s SGD
        // step is −lr · w1 · 2(q1 − y1)/B = −0.5 · (1/√3) · 4; b[0]'s is −0.5 · 1 · 2(1 − 3)/2 = +1.
        var c = Config(c => c with { UseReplay = true, PrioritizedReplay = true, PerAlpha = 0.5, PerEpsilon = 0.25, BatchSize = 2 });
        var r = Buffer(c);
        r.StartEpisode([1f, 2f]);
        r.Add(0, 1f, [3f, 4f], false, false);
        r.Add(1, 0f, [5f, 6f], true, false);
        r.UpdatePriorities([0L, 1L], [0.75f, -8.75f]);
        var u = Update(c, Linear([1, 0, 0, 1], [0, 0]));
        int seed = Enumerable.Range(1, 100).First(k => new RandomStream(k).NextDouble() < 0.5);
        u.Step(r, new RandomStream(seed), 0.5);
        Assert.Equal([0L, 1L], u.Batch.Indices);
        Assert.Equal(1f, u.Batch.Weights[0], 6);
        Assert.Equal(1 / MathF.Sqrt(3), u.Batch.Weights[1], 6);
        Assert.Equal(1f, B(u.Online)[0], 6);
        Assert.Equal(-0.5f * (1 / MathF.Sqrt(3)) * 4, B(u.Online)[1], 5);
    }

    [Fact]
    public void A_non_finite_loss_is_reported_not_stepped()
    {
        var c = Config();
        var u = Update(c, Linear([float.NaN, 0, 0, 1], [0, 0]));
        Assert.Throws<UpdateDivergedException>(() => u.Step(TwoSteps(c), new RandomStream(1), 1.0));
    }
}
