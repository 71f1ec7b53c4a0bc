using DeepQ.Nn.Layers;
using DeepQ.Nn.Networks;

namespace DeepQ.Nn.Tests;

/// <summary>PyTorch's default Linear/Conv2d distribution U(−1/√fan_in, 1/√fan_in) from our seeded counter-based generator.</summary>
public class InitTests
{
    [Fact]
    public void Mix64_is_splitmix64()
    {
        // SplitMix64 seeded with 0 first returns mix(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF (reference output).
        Assert.Equal(0xE220A8397B1DCDAFUL, Init.Mix64(Init.Golden));
        // FNV-1a 64 reference values: "" and "a".
        Assert.Equal(0xCBF29CE484222325UL, Init.Fnv1a64(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, Init.Fnv1a64("a"));
    }

    [Theory]
    [InlineData("network.7.weight", 3136)]   // Nature Linear 3136 -> 512
    [InlineData("network.0.weight", 256)]    // Nature conv1: fan_in = 4 * 8 * 8
    [InlineData("network.7.bias", 3136)]
    public void Nature_parameters_follow_the_uniform_bound(string name, int fanIn)
    {
        var net = QNetwork.Create(QNetworkSpec.Nature(6), 42);
        var p = net.Parameter(name);
        Assert.Equal(fanIn, p.FanIn);
        double bound = 1 / Math.Sqrt(fanIn);
        double n = p.Length, sum = 0, sumSq = 0, below = 0;
        foreach (var v in p.Value)
        {
            Assert.True(Math.Abs(v) <= bound, $"{v} outside ±{bound}");
            sum += v; sumSq += (double)v * v;
            if (v < -bound / 2) below++;
        }
        double variance = bound * bound / 3; // variance of U(−b, b)
        // Mean within 5 standard errors; variance within 5 standard errors (Var of x² for U(−b,b) is 4b⁴/45).
        Assert.True(Math.Abs(sum / n) <= 5 * Math.Sqrt(variance / n), $"mean {sum / n}");
        Assert.True(Math.Abs(sumSq / n - variance) <= 5 * Math.Sqrt(4 * Math.Pow(bound, 4) / 45 / n), $"variance {sumSq / n} vs {variance}");
        // A quarter of U(−b, b) lies below −b/2.
        Assert.True(Math.Abs(below / n - 0.25) <= 5 * Math.Sqrt(0.25 * 0.75 / n), $"fraction below -b/2: {below / n}");
    }

    [Fact]
    public void Same_seed_same_weights_other_seed_other_weights()
    {
        var a = QNetwork.Create(QNetworkSpec.Nature(4), 7);
        var b = QNetwork.Create(QNetworkSpec.Nature(4), 7);
        var c = QNetwork.Create(QNetworkSpec.Nature(4), 8);
        for (int i = 0; i < a.Parameters.Count; i++)
        {
            Assert.Equal(a.Parameters[i].Value, b.Parameters[i].Value);
            Assert.NotEqual(a.Parameters[i].Value, c.Parameters[i].Value);
        }
    }

    [Fact]
    public void Streams_are_split_by_name_and_independent_of_order()
    {
        var w1 = new float[100];
        var w2 = new float[100];
        var shortStream = new float[10];
        Init.Uniform(w1, 1, 5, "network.0.weight");
        Init.Uniform(w2, 1, 5, "network.2.weight");
        Init.Uniform(shortStream, 1, 5, "network.0.weight");
        Assert.NotEqual(w1, w2);
        Assert.Equal(w1[..10], shortStream); // element i depends only on (seed, name, i)
    }

    [Fact]
    public void Layer_fan_in_matches_pytorch()
    {
        var conv = new Conv2d(32, 64, 4, 2);
        Assert.Equal(32 * 4 * 4, conv.Weight.FanIn);
        Assert.Equal(32 * 4 * 4, conv.Bias.FanIn);
        Assert.Equal([64, 32, 4, 4], conv.Weight.Shape);
        var lin = new Linear(512, 6);
        Assert.Equal(512, lin.Bias.FanIn);
        Assert.Equal([6, 512], lin.Weight.Shape);
    }
}
