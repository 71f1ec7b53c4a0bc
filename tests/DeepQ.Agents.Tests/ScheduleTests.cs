using DeepQ.Agents;
using DeepQ.Agents.Training;

namespace DeepQ.Agents.Tests;

public class ScheduleTests
{
    [Fact]
    public void LinearScheduleInterpolatesThenHolds()
    {
        var s = new LinearSchedule(1.0, 0.1, 1000);
        Assert.Equal(1.0, s.Value(0));
        Assert.Equal(0.55, s.Value(500), 12);
        Assert.Equal(0.1, s.Value(1000));
        Assert.Equal(0.1, s.Value(5000));
    }

    [Fact]
    public void ExponentialScheduleApproachesEnd()
    {
        var s = new ExponentialSchedule(1.0, 0.05, 100);
        Assert.Equal(1.0, s.Value(0));
        Assert.Equal(0.05 + 0.95 * Math.Exp(-1), s.Value(100), 12);
        Assert.True(s.Value(1000) - 0.05 < 1e-4);
        Assert.True(s.Value(10) > s.Value(20));
    }

    [Fact]
    public void RandomStreamsAreReproducibleDistinctAndRestorable()
    {
        var a = new RandomStream(42, 1);
        var b = new RandomStream(42, 1);
        var c = new RandomStream(42, 2);
        var xa = Enumerable.Range(0, 5).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(xa, Enumerable.Range(0, 5).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(xa, Enumerable.Range(0, 5).Select(_ => c.NextUInt64()).ToArray());
        var state = a.GetState();
        var next = a.NextUInt64();
        var d = new RandomStream(0);
        d.SetState(state);
        Assert.Equal(next, d.NextUInt64());
        var counts = new int[3];
        for (int i = 0; i < 30000; i++) counts[a.NextInt(3)]++;
        Assert.All(counts, n => Assert.InRange(n, 9500, 10500));
    }
}
