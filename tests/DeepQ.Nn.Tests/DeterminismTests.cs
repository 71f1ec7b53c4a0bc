using DeepQ.Nn.Files;
using DeepQ.Nn.Losses;
using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Nn.Tests;

/// <summary>Same seed ⇒ bit-identical weights after N updates; saving and restoring network and optimizer resumes bit for bit.</summary>
public class DeterminismTests
{
    private static readonly QNetworkSpec Nature = QNetworkSpec.Nature(6);

    private static byte[] Frames(int batch, int seed)
    {
        var b = new byte[batch * 4 * 84 * 84];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>One DQN-style update on a batch: Double-DQN targets from a target net, Huber loss, clip, Adam, Polyak.</summary>
    private static void Update(QNetwork online, QNetwork target, Optimizer opt, int step)
    {
        const int batch = 4;
        var obs = Frames(batch, 100 + step);
        var next = Frames(batch, 200 + step);
        int a = online.ActionCount;
        var actions = Enumerable.Range(0, batch).Select(i => (i + step) % a).ToArray();
        var rewards = Enumerable.Range(0, batch).Select(i => (float)((i + step) % 3 - 1)).ToArray();
        var dones = Enumerable.Range(0, batch).Select(i => (i + step) % 5 == 0).ToArray();
        var qNextOnline = online.Forward(next, batch).Span.ToArray();
        var qNextTarget = target.Forward(next, batch).Span.ToArray();
        var y = new float[batch];
        var discounts = dones.Select(d => d ? 0f : 0.99f).ToArray();
        var nextActions = new int[batch];
        DqnMath.ArgmaxRows(qNextOnline, a, nextActions); // Double DQN: online chooses, target scores
        DqnMath.Targets(rewards, discounts, qNextTarget, a, nextActions, y);
        var q = online.Forward(obs, batch).Span;
        var qa = new float[batch];
        var dqa = new float[batch];
        var dq = new float[batch * a];
        DqnMath.Gather(q, a, actions, qa);
        Loss.Huber(qa, y, dqa);
        DqnMath.GatherBackward(dqa, a, actions, dq);
        opt.ZeroGrad();
        online.Backward(dq);
        GradClip.ClipByGlobalNorm(online.Parameters, 10);
        opt.Step();
        target.SoftUpdateFrom(online, 0.5f);
    }

    private static (QNetwork Online, QNetwork Target, Adam Opt) Start(ulong seed)
    {
        var online = QNetwork.Create(Nature, seed);
        var target = online.Clone();
        return (online, target, new Adam(online.Parameters) { LearningRate = 1e-3 });
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_after_updates()
    {
        var r1 = Start(5);
        var r2 = Start(5);
        for (int s = 0; s < 3; s++) { Update(r1.Online, r1.Target, r1.Opt, s); Update(r2.Online, r2.Target, r2.Opt, s); }
        var init = QNetwork.Create(Nature, 5);
        for (int i = 0; i < r1.Online.Parameters.Count; i++)
        {
            Assert.Equal(r1.Online.Parameters[i].Value, r2.Online.Parameters[i].Value);
            Assert.Equal(r1.Target.Parameters[i].Value, r2.Target.Parameters[i].Value);
        }
        Assert.NotEqual(init.Parameters[0].Value, r1.Online.Parameters[0].Value); // training did move the weights
    }

    [Fact]
    public void One_kernel_thread_and_all_cores_give_the_same_bits()
    {
        int saved = DeepQ.Nn.Kernels.WorkerPool.ThreadCount;
        QNetwork RunWith(int threads)
        {
            DeepQ.Nn.Kernels.WorkerPool.ThreadCount = threads;
            try
            {
                var r = Start(21);
                for (int s = 0; s < 2; s++) Update(r.Online, r.Target, r.Opt, s);
                return r.Online;
            }
            finally { DeepQ.Nn.Kernels.WorkerPool.ThreadCount = saved; }
        }
        var serial = RunWith(1);
        var parallel = RunWith(Math.Max(2, Environment.ProcessorCount));
        for (int i = 0; i < serial.Parameters.Count; i++) Assert.Equal(serial.Parameters[i].Value, parallel.Parameters[i].Value);
    }

    [Fact]
    public void Save_and_restore_resumes_bit_for_bit()
    {
        var dir = Directory.CreateTempSubdirectory("deepq-resume-").FullName;
        try
        {
            var run = Start(9);
            for (int s = 0; s < 2; s++) Update(run.Online, run.Target, run.Opt, s);
            run.Online.Save(Path.Combine(dir, "online.safetensors"));
            run.Target.Save(Path.Combine(dir, "target.safetensors"));
            run.Opt.SaveState(Path.Combine(dir, "opt.safetensors"));
            for (int s = 2; s < 4; s++) Update(run.Online, run.Target, run.Opt, s);

            var resumed = Start(1234); // different init: everything must come from the files
            resumed.Online.Load(Path.Combine(dir, "online.safetensors"));
            resumed.Target.Load(Path.Combine(dir, "target.safetensors"));
            resumed.Opt.LoadState(Path.Combine(dir, "opt.safetensors"));
            for (int s = 2; s < 4; s++) Update(resumed.Online, resumed.Target, resumed.Opt, s);

            for (int i = 0; i < run.Online.Parameters.Count; i++)
                Assert.Equal(run.Online.Parameters[i].Value, resumed.Online.Parameters[i].Value);
            Assert.Equal(4, resumed.Opt.StepCount);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Batch_size_changes_reuse_buffers_and_give_the_same_per_sample_q()
    {
        var net = QNetwork.Create(Nature, 3);
        var frames = Frames(4, 1);
        var q4 = net.Forward(frames, 4).Span.ToArray();
        var q1 = net.Forward(frames.AsSpan(3 * 4 * 84 * 84), 1).Span.ToArray();
        Assert.Equal(q4[18..24], q1);
        var again = net.Forward(frames, 4).Span.ToArray();
        Assert.Equal(q4, again);
    }

    [Fact]
    public void Hard_and_polyak_target_updates()
    {
        var a = QNetwork.Create(QNetworkSpec.Mlp(3, 2, [4]), 1);
        var b = QNetwork.Create(a.Spec, 2);
        float before = b.Parameters[0].Value[0], src = a.Parameters[0].Value[0];
        b.SoftUpdateFrom(a, 0.25f);
        Assert.Equal(0.25f * src + 0.75f * before, b.Parameters[0].Value[0]);
        b.CopyFrom(a);
        for (int i = 0; i < a.Parameters.Count; i++) Assert.Equal(a.Parameters[i].Value, b.Parameters[i].Value);
        Assert.Throws<ArgumentException>(() => b.CopyFrom(QNetwork.Create(QNetworkSpec.Mlp(3, 5, [4]), 1)));
    }

    [Fact]
    public void Exported_state_names_follow_the_parameters()
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(3, 2, [4]), 1);
        var names = new RmsProp(net.Parameters) { Centered = true, Momentum = 0.5 }.ExportState().Select(t => t.Name).ToList();
        Assert.Contains("network.0.weight.square_avg", names);
        Assert.Contains("network.2.bias.grad_avg", names);
        Assert.Contains("network.2.bias.momentum_buffer", names);
        Assert.Equal(3 * net.Parameters.Count, names.Count);
        Assert.All(new NatureRmsProp(net.Parameters).ExportState(), t => Assert.IsType<NamedTensor>(t));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Inference_only_forward_gives_the_same_q_bits_and_refuses_backward(int batch)
    {
        var keep = QNetwork.Create(Nature, 11);
        var infer = keep.Clone();
        infer.KeepActivations = false;
        var obs = Frames(batch, 12);
        var expected = keep.Forward(obs, batch).Span.ToArray();
        var actual = infer.Forward(obs, batch).Span.ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        var e = Assert.Throws<InvalidOperationException>(() => infer.Backward(new float[batch * infer.ActionCount]));
        Assert.Contains("KeepActivations", e.Message);

        // Switching back: Forward keeps activations again and Backward gives the keeping network's gradients.
        infer.KeepActivations = true;
        infer.Forward(obs, batch);
        var dq = Enumerable.Range(0, batch * infer.ActionCount).Select(i => (i % 5 - 2) * 0.1f).ToArray();
        infer.Backward(dq);
        keep.Forward(obs, batch);
        keep.Backward(dq);
        for (int p = 0; p < keep.Parameters.Count; p++)
            Assert.Equal(keep.Parameters[p].Grad.Select(BitConverter.SingleToInt32Bits), infer.Parameters[p].Grad.Select(BitConverter.SingleToInt32Bits));
    }
}
