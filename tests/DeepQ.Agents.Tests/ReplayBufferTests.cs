using DeepQ.Agents;
using DeepQ.Agents.Replay;

namespace DeepQ.Agents.Tests;

public class ReplayBufferTests
{
    // Frames are single bytes whose value names the env step that produced them, so every
    // reconstructed observation can be checked by eye: stack [a,b,c,d] oldest first.
    private static byte[] Stack(params int[] frames) => frames.Select(f => (byte)f).ToArray();

    private static ReplayBuffer<byte> Atari(int capacity, int nStep = 1, double gamma = 0.5, bool per = false) =>
        new(new ReplayBufferOptions(capacity, FrameSize: 1, StackSize: 4, NStep: nStep, Gamma: gamma, Prioritized: per), checkMemory: false);

    [Fact]
    public void StacksFramesOncePerStepAndKeepsResetPadding()
    {
        var rb = Atari(10);
        rb.StartEpisode(Stack(1, 1, 1, 1));           // reset padding repeats the first frame
        rb.Add(0, 0f, Stack(1, 1, 1, 2), false, false);
        rb.Add(1, 0f, Stack(1, 1, 2, 3), false, false);
        var obs = new byte[4];
        rb.CopyObservation(0, obs); Assert.Equal(Stack(1, 1, 1, 1), obs);
        rb.CopyObservation(0, obs, next: true); Assert.Equal(Stack(1, 1, 1, 2), obs);
        rb.CopyObservation(1, obs); Assert.Equal(Stack(1, 1, 1, 2), obs);
        rb.CopyObservation(1, obs, next: true); Assert.Equal(Stack(1, 1, 2, 3), obs);
    }

    [Fact]
    public void EpisodeBoundaryNeverMixesFramesOfTwoEpisodes()
    {
        var rb = Atari(10);
        rb.StartEpisode(Stack(1, 1, 1, 1));
        rb.Add(0, 1f, Stack(1, 1, 1, 2), terminated: true, truncated: false);
        rb.StartEpisode(Stack(0, 0, 0, 9));           // zero padding, as SB3's VecFrameStack does
        rb.Add(0, 0f, Stack(0, 0, 9, 10), false, false);
        var obs = new byte[4];
        rb.CopyObservation(1, obs); Assert.Equal(Stack(0, 0, 0, 9), obs);
        rb.CopyObservation(0, obs, next: true); Assert.Equal(Stack(1, 1, 1, 2), obs);
    }

    [Fact]
    public void TerminatedDoesNotBootstrapButTruncatedDoes()
    {
        var rb = Atari(10, gamma: 0.9);
        rb.StartEpisode(Stack(1, 1, 1, 1));
        rb.Add(0, 1f, Stack(1, 1, 1, 2), terminated: true, truncated: false);
        rb.StartEpisode(Stack(5, 5, 5, 5));
        rb.Add(0, 2f, Stack(5, 5, 5, 6), terminated: false, truncated: true);
        var batch = new ReplayBatch<byte>(64, 4);
        rb.Sample(batch, new RandomStream(3));
        for (int i = 0; i < 64; i++)
        {
            if (batch.Indices[i] == 0) { Assert.Equal(0f, batch.Discounts[i]); Assert.Equal(1f, batch.Returns[i]); }
            else
            {
                Assert.Equal(0.9f, batch.Discounts[i]);
                Assert.Equal(2f, batch.Returns[i]);
                Assert.Equal(Stack(5, 5, 5, 6), batch.NextObservations.AsSpan(i * 4, 4).ToArray());
            }
        }
        Assert.Contains(0L, batch.Indices);
        Assert.Contains(1L, batch.Indices);
    }

    [Fact]
    public void WrapsAroundKeepingTheNewestCapacityTransitions()
    {
        var rb = Atari(5);
        rb.StartEpisode(Stack(0, 0, 0, 0));
        for (int t = 1; t <= 12; t++)
            rb.Add(t, t, Stack(Math.Max(0, t - 3), Math.Max(0, t - 2), Math.Max(0, t - 1), t), false, false);
        Assert.Equal(5, rb.Count);
        Assert.Equal(12, rb.TotalAdded);
        var obs = new byte[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => rb.CopyObservation(6, obs));
        for (long id = 7; id < 12; id++)
        {
            rb.CopyObservation(id, obs);
            Assert.Equal(Stack((int)id - 3, (int)id - 2, (int)id - 1, (int)id), obs);
        }
        var batch = new ReplayBatch<byte>(200, 4);
        rb.Sample(batch, new RandomStream(1));
        Assert.All(batch.Indices, id => Assert.InRange(id, 7, 11));
        for (int i = 0; i < 200; i++)
            Assert.Equal(batch.Indices[i] + 1, batch.Actions[i]);      // action t was recorded at id t-1
        Assert.Equal(5, batch.Indices.Distinct().Count());
    }

    [Fact]
    public void ShortEpisodesEvictTransitionsWhoseFramesAreOverwritten()
    {
        // Each 1-step episode costs 4 reset frames + 1; a 3-transition buffer has 7 frame slots.
        var rb = Atari(3);
        var obs = new byte[4];
        for (int e = 0; e < 5; e++)
        {
            int b = 10 * e;
            rb.StartEpisode(Stack(b, b, b, b));
            rb.Add(e, 0f, Stack(b, b, b, b + 1), true, false);
            for (long id = rb.TotalAdded - rb.Count; id < rb.TotalAdded; id++)
            {
                rb.CopyObservation(id, obs);
                int be = 10 * (int)id;
                Assert.Equal(Stack(be, be, be, be), obs);
                rb.CopyObservation(id, obs, next: true);
                Assert.Equal(Stack(be, be, be, be + 1), obs);
            }
        }
        Assert.InRange(rb.Count, 1, 3);
    }

    [Fact]
    public void NStepReturnsMatchHandComputation()
    {
        var rb = Atari(20, nStep: 3, gamma: 0.5);
        rb.StartEpisode(Stack(0, 0, 0, 0));
        float[] rewards = [1, 2, 4, 8, 16];
        for (int t = 0; t < 5; t++)
            rb.Add(t, rewards[t], Stack(0, 0, 0, t + 1), terminated: t == 4, truncated: false);
        rb.StartEpisode(Stack(50, 50, 50, 50));
        rb.Add(0, 3, Stack(50, 50, 50, 51), false, false);
        rb.Add(0, 5, Stack(50, 50, 51, 52), false, false);

        var batch = new ReplayBatch<byte>(400, 4);
        rb.Sample(batch, new RandomStream(7));
        var expected = new Dictionary<long, (float R, float D, byte next)>
        {
            [0] = (1 + 0.5f * 2 + 0.25f * 4, 0.125f, 3),   // three full steps, bootstrap from obs after step 3
            [1] = (2 + 0.5f * 4 + 0.25f * 8, 0.125f, 4),
            [2] = (4 + 0.5f * 8 + 0.25f * 16, 0f, 5),      // window reaches the terminal step: no bootstrap
            [3] = (8 + 0.5f * 16, 0f, 5),
            [4] = (16, 0f, 5),
            [5] = (3 + 0.5f * 5, 0.25f, 52),               // newest transition cuts the window short
            [6] = (5, 0.5f, 52),
        };
        for (int i = 0; i < batch.BatchSize; i++)
        {
            var (r, d, next) = expected[batch.Indices[i]];
            Assert.Equal(r, batch.Returns[i], 5);
            Assert.Equal(d, batch.Discounts[i], 6);
            Assert.Equal(next, batch.NextObservations[i * 4 + 3]);
        }
        Assert.Equal(7, batch.Indices.Distinct().Count());
    }

    [Fact]
    public void StartingANewEpisodeWithoutAnEndCutsTheNStepWindow()
    {
        var rb = Atari(10, nStep: 3, gamma: 0.5);
        rb.StartEpisode(Stack(0, 0, 0, 0));
        rb.Add(0, 1, Stack(0, 0, 0, 1), false, false);
        rb.StartEpisode(Stack(9, 9, 9, 9));             // abandoned episode, e.g. training stopped it
        rb.Add(0, 100, Stack(9, 9, 9, 10), false, false);
        var batch = new ReplayBatch<byte>(50, 4);
        rb.Sample(batch, new RandomStream(2));
        for (int i = 0; i < 50; i++)
            if (batch.Indices[i] == 0)
            {
                Assert.Equal(1f, batch.Returns[i]);
                Assert.Equal(0.5f, batch.Discounts[i]);
                Assert.Equal(1, batch.NextObservations[i * 4 + 3]);
            }
    }

    [Fact]
    public void UniformSamplingHitsEveryTransitionEqually()
    {
        var rb = new ReplayBuffer<float>(new ReplayBufferOptions(8, FrameSize: 2), checkMemory: false);
        rb.StartEpisode([0f, 0f]);
        for (int t = 0; t < 8; t++) rb.Add(t, 0f, [t, -t], false, false);
        var counts = new int[8];
        var batch = new ReplayBatch<float>(1000, 2);
        var rng = new RandomStream(11);
        for (int k = 0; k < 40; k++)
        {
            rb.Sample(batch, rng);
            foreach (var id in batch.Indices) counts[id]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 5000 * 0.9, 5000 * 1.1));
    }

    [Fact]
    public void PrioritizedSamplingFollowsPrioritiesAndWeightsCompensate()
    {
        var rb = new ReplayBuffer<float>(new ReplayBufferOptions(4, FrameSize: 1, Prioritized: true, PriorityAlpha: 1.0, PriorityEpsilon: 1e-9), checkMemory: false);
        rb.StartEpisode([0f]);
        for (int t = 0; t < 4; t++) rb.Add(t, 0f, [t + 1], false, false);
        rb.UpdatePriorities([0, 1, 2, 3], [1f, 2f, 3f, 4f]);
        Assert.Equal(0.1, rb.Probability(0), 6);
        Assert.Equal(0.4, rb.Probability(3), 6);

        var counts = new int[4];
        var batch = new ReplayBatch<float>(100, 1);
        var rng = new RandomStream(5);
        for (int k = 0; k < 200; k++)
        {
            rb.Sample(batch, rng, beta: 1.0);
            for (int i = 0; i < 100; i++)
            {
                counts[batch.Indices[i]]++;
                // w = (N P)^-1 / max: P = (id+1)/10, the smallest priority in the batch has weight 1.
                Assert.InRange(batch.Weights[i], 0.24f, 1.0f);
            }
        }
        for (int id = 0; id < 4; id++)
            Assert.InRange(counts[id] / 20000.0, (id + 1) / 10.0 - 0.01, (id + 1) / 10.0 + 0.01);
    }

    [Fact]
    public void NewTransitionsGetTheMaximumPriorityAndEvictedOnesGetNone()
    {
        var rb = new ReplayBuffer<float>(new ReplayBufferOptions(2, FrameSize: 1, Prioritized: true, PriorityAlpha: 1.0, PriorityEpsilon: 1e-9), checkMemory: false);
        rb.StartEpisode([0f]);
        rb.Add(0, 0f, [1f], false, false);
        rb.Add(0, 0f, [2f], false, false);
        rb.UpdatePriorities([0, 1], [5f, 1f]);
        rb.Add(0, 0f, [3f], false, false);               // evicts id 0, enters with max priority 5
        Assert.Equal(0, rb.Probability(0));
        Assert.Equal(5.0 / 6.0, rb.Probability(2), 6);
    }

    [Fact]
    public void SumTreeFindsPrefixSums()
    {
        var tree = new SumTree(5);
        double[] p = [1, 0, 2, 3, 0];
        for (int i = 0; i < p.Length; i++) tree.Set(i, p[i]);
        Assert.Equal(6, tree.Total);
        Assert.Equal(0, tree.Find(0.0));
        Assert.Equal(0, tree.Find(0.999));
        Assert.Equal(2, tree.Find(1.0));
        Assert.Equal(2, tree.Find(2.999));
        Assert.Equal(3, tree.Find(3.0));
        Assert.Equal(3, tree.Find(6.0));                  // at the edge it never lands on an empty leaf
        tree.Set(3, 0);
        Assert.Equal(2, tree.Find(5.5));
    }

    [Fact]
    public void SaveAndLoadContinuesSamplingIdentically()
    {
        ReplayBuffer<byte> Fill()
        {
            var rb = Atari(6, nStep: 2, per: true);
            rb.StartEpisode(Stack(1, 1, 1, 1));
            for (int t = 2; t < 12; t++)
            {
                rb.Add(t, t, Stack(t - 3, t - 2, t - 1, t), t == 7, false);
                if (t == 7) rb.StartEpisode(Stack(t, t, t, t));
            }
            return rb;
        }
        var a = Fill();
        a.UpdatePriorities([5, 6, 7], [0.5f, 3f, 1f]);
        using var ms = new MemoryStream();
        a.Save(new BinaryWriter(ms));
        ms.Position = 0;
        var b = Atari(6, nStep: 2, per: true);
        b.Load(new BinaryReader(ms));

        var ra = new RandomStream(9);
        var rbRng = new RandomStream(9);
        var ba = new ReplayBatch<byte>(32, 4);
        var bb = new ReplayBatch<byte>(32, 4);
        a.Sample(ba, ra, 0.5); b.Sample(bb, rbRng, 0.5);
        Assert.Equal(ba.Indices, bb.Indices);
        Assert.Equal(ba.Observations, bb.Observations);
        Assert.Equal(ba.NextObservations, bb.NextObservations);
        Assert.Equal(ba.Returns, bb.Returns);
        Assert.Equal(ba.Weights, bb.Weights);
        // Both keep going the same way after the round trip.
        a.Add(1, 1, Stack(9, 10, 11, 12), false, false);
        b.Add(1, 1, Stack(9, 10, 11, 12), false, false);
        a.Sample(ba, ra); b.Sample(bb, rbRng);
        Assert.Equal(ba.Observations, bb.Observations);
    }

    [Fact]
    public void LoadRejectsMismatchedAndCorruptData()
    {
        var a = Atari(6);
        a.StartEpisode(Stack(1, 1, 1, 1));
        a.Add(0, 0, Stack(1, 1, 1, 2), false, false);
        using var ms = new MemoryStream();
        a.Save(new BinaryWriter(ms));
        var bytes = ms.ToArray();
        var mismatch = Assert.Throws<CheckpointException>(() => Atari(7).Load(new BinaryReader(new MemoryStream(bytes))));
        Assert.Contains("does not match", mismatch.Message);
        var truncated = bytes[..^2];
        Assert.Throws<CheckpointException>(() => Atari(6).Load(new BinaryReader(new MemoryStream(truncated))));
        var garbage = (byte[])bytes.Clone(); garbage[0] ^= 0xFF;
        Assert.Throws<CheckpointException>(() => Atari(6).Load(new BinaryReader(new MemoryStream(garbage))));
    }

    [Fact]
    public void MemoryCheckRejectsABufferThatDoesNotFit()
    {
        var options = new ReplayBufferOptions(1_000_000, FrameSize: 84 * 84, StackSize: 4);
        long bytes = ReplayBuffer<byte>.EstimateBytes(options);
        Assert.InRange(bytes, 7_000_000_000L, 7_200_000_000L);   // frames stored once: ~7 GB, not 56
        var e = Assert.Throws<MemoryLimitException>(() => new ReplayBuffer<byte>(options, availableMemoryOverride: 2L << 30));
        Assert.Contains("buffer-size", e.Message);
        Assert.Contains("GiB", e.Message);
        // The suggested size must itself fit the same budget (a quarter of the request would not).
        var m = System.Text.RegularExpressions.Regex.Match(e.Message, @"`buffer-size` = (\d+)");
        Assert.True(m.Success, e.Message);
        int suggested = int.Parse(m.Groups[1].Value);
        Assert.Equal(200_000, suggested);   // 2 GiB: 200k frames ~1.4 GB fits with headroom, 500k (~3.5 GB) does not
        _ = new ReplayBuffer<byte>(options with { Capacity = suggested }, availableMemoryOverride: 2L << 30);
    }
}
