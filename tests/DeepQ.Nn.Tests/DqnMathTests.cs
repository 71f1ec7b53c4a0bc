using DeepQ.Nn.Losses;
using DeepQ.Nn.Networks;

namespace DeepQ.Nn.Tests;

/// <summary>Hand-computed values for the DQN pieces: gather, max/argmax, the bootstrap targets and the losses.</summary>
public class DqnMathTests
{
    // Q [B=3, A=3]
    private static readonly float[] Q = [1f, 5f, 2f, /**/ -1f, -3f, -1f, /**/ 0.5f, 0.25f, 4f];

    [Fact]
    public void Gather_and_its_backward()
    {
        var dst = new float[3];
        DqnMath.Gather(Q, 3, [1, 0, 2], dst);
        Assert.Equal([5f, -1f, 4f], dst);
        var dq = new float[9];
        Array.Fill(dq, 9f); // must be cleared
        DqnMath.GatherBackward([0.1f, 0.2f, 0.3f], 3, [1, 0, 2], dq);
        Assert.Equal([0, 0.1f, 0, 0.2f, 0, 0, 0, 0, 0.3f], dq);
        Assert.Throws<ArgumentOutOfRangeException>(() => DqnMath.Gather(Q, 3, [3, 0, 0], dst));
    }

    [Fact]
    public void Max_and_argmax_with_ties_going_to_the_first_index()
    {
        var idx = new int[3];
        DqnMath.ArgmaxRows(Q, 3, idx);
        Assert.Equal([1, 0, 2], idx); // row 1 ties -1 at 0 and 2
        var max = new float[3];
        DqnMath.MaxRows(Q, 3, max);
        Assert.Equal([5f, -1f, 4f], max);
    }

    [Fact]
    public void Targets_bootstrap_from_the_given_action_scaled_by_the_discount()
    {
        // Discount 0 (terminated) drops the bootstrap; the actions pick which Q-value is used.
        var y = new float[3];
        DqnMath.Targets([1f, 0f, -1f], [0.5f, 0f, 0.25f], Q, 3, [1, 0, 2], y);
        Assert.Equal([1f + 0.5f * 5f, 0f, -1f + 0.25f * 4f], y);
        DqnMath.Targets([1f, 0f, -1f], [0.5f, 0f, 0.25f], Q, 3, [0, 0, 1], y);
        Assert.Equal([1f + 0.5f * 1f, 0f, -1f + 0.25f * 0.25f], y);
        Assert.Throws<ArgumentOutOfRangeException>(() => DqnMath.Targets([1f, 0f, -1f], [0.5f, 0f, 0.25f], Q, 3, [0, 3, 1], y));
    }

    [Fact]
    public void Mse_value_and_gradient()
    {
        var g = new float[3];
        float loss = Loss.Mse([1f, 2f, 4f], [1f, 0f, 1f], g);
        Assert.Equal((0 + 4 + 9) / 3f, loss, 6);
        Assert.Equal([0f, 2f * 2 / 3, 2f * 3 / 3], g);
    }

    [Fact]
    public void Huber_is_quadratic_inside_beta_and_linear_outside()
    {
        var g = new float[4];
        float loss = Loss.Huber([0.5f, -0.2f, 3f, -2f], [0f, 0f, 0f, 0f], g);
        Assert.Equal((0.125f + 0.02f + 2.5f + 1.5f) / 4, loss, 6);
        Assert.Equal([0.5f / 4, -0.2f / 4, 1f / 4, -1f / 4], g);
        float l2 = Loss.SmoothL1([3f], [0f], new float[1], beta: 2f);
        Assert.Equal(3f - 1f, l2, 6);
        // Huber with δ = 2: 0.5·1² inside, 2·(3 − 1) outside; gradients d and δ·sign(d), over N = 2.
        var gh = new float[2];
        Assert.Equal((0.5f + 4f) / 2, Loss.Huber([1f, -3f], [0f, 0f], gh, delta: 2f), 6);
        Assert.Equal([0.5f, -1f], gh);
    }

    [Fact]
    public void Act_picks_the_greedy_action()
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(3, 4, [5]), 3);
        float[] obs = [0.2f, -1f, 0.7f];
        var q = net.Forward(obs, 1).Span.ToArray();
        Assert.Equal(DqnMath.Argmax(q), net.Act(obs));
    }
}

/// <summary>Misuse of a QNetwork fails loudly instead of computing garbage.</summary>
public class QNetworkUsageTests
{
    [Fact]
    public void Backward_must_follow_a_forward_of_the_same_batch()
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(3, 2, [4]), 1);
        Assert.Throws<InvalidOperationException>(() => net.Backward(new float[4]));
        net.Forward(new float[3 * 5], 5);
        var e = Assert.Throws<InvalidOperationException>(() => net.Backward(new float[4]));
        Assert.Contains("last Forward had 5", e.Message);
        net.Backward(new float[10]);
    }

    [Fact]
    public void Wrong_input_kind_or_size_is_rejected()
    {
        var mlp = QNetwork.Create(QNetworkSpec.Mlp(3, 2, [4]), 1);
        Assert.Throws<InvalidOperationException>(() => mlp.Forward(new byte[3], 1));
        Assert.Throws<ArgumentException>(() => mlp.Forward(new float[4], 1));
        var nature = QNetwork.Create(QNetworkSpec.Nature(4), 1);
        Assert.Throws<ArgumentException>(() => nature.Forward(new byte[100], 1));
        Assert.Equal(1_686_180, nature.ParameterCount); // Nature DQN with 4 actions, as PyTorch counts it
    }
}
