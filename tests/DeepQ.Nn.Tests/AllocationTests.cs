using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Nn.Tests;

/// <summary>The training hot path (forward, backward, clip, optimizer step, target update) allocates nothing once buffers exist for a batch size.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Steady_state_update_does_not_allocate(bool nature)
    {
        var spec = nature ? QNetworkSpec.Nature(6, dueling: true) : QNetworkSpec.Mlp(8, 4, [32, 32], dueling: true);
        var net = QNetwork.Create(spec, 1);
        var target = net.Clone();
        var opt = new Adam(net.Parameters);
        const int batch = 2;
        int inputSize = spec.InputShape.Aggregate(1, (a, d) => a * d);
        var bytes = new byte[batch * inputSize];
        new Random(1).NextBytes(bytes);
        var floats = bytes.Select(b => b / 255f).ToArray();
        var dq = Enumerable.Range(0, batch * spec.ActionCount).Select(i => 0.01f * (i % 3 - 1)).ToArray();

        void Step()
        {
            opt.ZeroGrad();
            if (nature) net.Forward(bytes, batch); else net.Forward(floats, batch);
            net.Backward(dq);
            GradClip.ClipByGlobalNorm(net.Parameters, 1);
            opt.Step();
            target.SoftUpdateFrom(net, 0.01f);
            if (nature) net.Forward(bytes.AsSpan(0, inputSize), 1); else net.Forward(floats.AsSpan(0, inputSize), 1); // acting between updates
        }

        // Tiered JIT recompilation can allocate once in a while on this thread, so take the
        // best of several windows: a per-step allocation shows up in every window.
        long best = long.MaxValue;
        for (int window = 0; window < 8 && best > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Step();
            Step();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(best == 0, $"{best} bytes allocated per two steady-state updates");
    }
}
