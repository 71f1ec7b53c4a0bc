using DeepQ.Nn.Layers;
using DeepQ.Nn.Networks;

namespace DeepQ.Nn.Tests;

/// <summary>
/// The 2013 DQN network (Mnih et al., "Playing Atari with Deep Reinforcement Learning"): conv 16
/// 8x8/4, conv 32 4x4/2, 256 hidden, over [4,84,84] byte frames.
/// </summary>
public class Nips2013NetworkTests
{
    [Fact]
    public void Layers_shapes_and_parameter_count_are_the_papers()
    {
        var net = QNetwork.Create(QNetworkSpec.Nips2013(4), 1);
        Assert.True(net.TakesBytes);
        var convs = net.Layers.Layers.OfType<Conv2d>().ToList();
        Assert.Equal(2, convs.Count);
        int[] shape = [4, 84, 84];
        var shapes = new List<string>();
        foreach (var layer in net.Layers.Layers)
        {
            shape = layer.OutputShape(shape);
            if (layer is Conv2d) shapes.Add(string.Join("x", shape));
        }
        Assert.Equal(["16x20x20", "32x9x9"], shapes);
        Assert.Equal([4], shape);
        // 16*4*8*8+16 + 32*16*4*4+32 + 2592*256+256 + 256*4+4
        Assert.Equal(677_172, net.ParameterCount);
        Assert.Equal(1_341_751, QNetwork.Create(QNetworkSpec.Nips2013(6, dueling: true), 1).ParameterCount);
    }

    [Fact]
    public void A_saved_network_comes_back_as_the_same_architecture()
    {
        var spec = QNetworkSpec.Nips2013(6, dueling: true);
        var a = QNetwork.Create(spec, 3);
        string path = Path.Combine(Path.GetTempPath(), $"deepq-nips-{Guid.NewGuid():N}.safetensors");
        try
        {
            a.Save(path);
            var b = QNetwork.FromFile(path);
            Assert.Equal(spec, b.Spec);
            Assert.NotEqual(QNetworkSpec.Nature(6, dueling: true), b.Spec);
            var x = new byte[2 * 4 * 84 * 84];
            new Random(4).NextBytes(x);
            Assert.Equal(a.Forward(x, 2).Span.ToArray(), b.Forward(x, 2).Span.ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Each_sample_of_a_batch_gets_the_bits_it_gets_alone()
    {
        var net = QNetwork.Create(QNetworkSpec.Nips2013(6, dueling: true), 5);
        const int batch = 33, size = 4 * 84 * 84;
        var x = new byte[batch * size];
        new Random(6).NextBytes(x);
        var all = net.Forward(x, batch).Span.ToArray();
        for (int n = 0; n < batch; n += 8)
            Assert.Equal(all.AsSpan(n * 6, 6).ToArray(), net.Forward(x.AsSpan(n * size, size), 1).Span.ToArray());
    }
}
