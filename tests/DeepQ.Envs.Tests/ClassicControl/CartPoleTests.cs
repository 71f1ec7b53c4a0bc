using DeepQ.Envs;
using DeepQ.Envs.ClassicControl;
using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs.Tests.ClassicControl;

public class CartPoleTests
{
    // Expected states computed by hand from Gymnasium's equations (float64, explicit Euler, tau 0.02).
    [Fact]
    public void Two_steps_follow_gymnasium_equations()
    {
        var env = new CartPole();
        env.Reset(seed: 1);
        double[] start = [0.01, 0.02, 0.03, 0.04];
        start.CopyTo(env.State);

        var r1 = env.Step(1);
        AssertState(env, [0.0104, 0.21467919574755523, 0.030799999999999998, -0.2430687179600081]);
        Assert.Equal(1.0, r1.Reward);
        Assert.False(r1.Terminated);
        Assert.False(r1.Truncated);
        Assert.Equal((float)0.21467919574755523, r1.Observation[1]);

        env.Step(0);
        AssertState(env, [0.014693583914951104, 0.019131151051807987, 0.025938625640799837, 0.0591679999394166]);
    }

    [Fact]
    public void Terminates_past_twelve_degrees_then_pays_zero()
    {
        var env = new CartPole();
        env.Reset(seed: 0);
        double threshold = 12 * 2 * Math.PI / 360;
        double[] s = [0, 0, threshold - 1e-4, 0.1]; // theta crosses the threshold within one step (0.002 rad)
        s.CopyTo(env.State);
        var r = env.Step(0); // pushing left lets the pole fall further right
        Assert.True(r.Terminated);
        Assert.Equal(1.0, r.Reward); // the step that fails still pays +1 by default
        Assert.Equal(0.0, env.Step(0).Reward); // stepping past termination pays 0, as Gymnasium
    }

    [Fact]
    public void Terminates_when_cart_leaves_the_track()
    {
        var env = new CartPole();
        env.Reset(seed: 0);
        double[] s = [2.399, 1.0, 0, 0];
        s.CopyTo(env.State);
        Assert.True(env.Step(1).Terminated);

        double[] inside = [2.3, 1.0, 0, 0];
        inside.CopyTo(env.State);
        Assert.False(env.Step(1).Terminated);
    }

    [Fact]
    public void Sutton_barto_reward_is_zero_per_step_and_minus_one_on_failure()
    {
        var env = new CartPole(suttonBartoReward: true);
        env.Reset(seed: 0);
        Assert.Equal(0.0, env.Step(0).Reward);
        double[] s = [2.399, 1.0, 0, 0];
        s.CopyTo(env.State);
        Assert.Equal(-1.0, env.Step(1).Reward);
        Assert.Equal(-1.0, env.Step(1).Reward);
    }

    [Fact]
    public void Reset_samples_each_component_in_plus_minus_0_05_and_seeds_reproduce()
    {
        var a = new CartPole();
        var b = new CartPole();
        var first = a.Reset(seed: 42).Observation.ToArray();
        Assert.All(first, v => Assert.InRange(v, -0.05f, 0.05f));
        Assert.Equal(first, b.Reset(seed: 42).Observation.ToArray());
        Assert.NotEqual(first, b.Reset(seed: 43).Observation.ToArray());
        // Unseeded resets continue the stream: a second reset differs from the first.
        Assert.NotEqual(first, a.Reset().Observation.ToArray());
    }

    [Fact]
    public void Same_seed_same_trajectory_bit_for_bit()
    {
        static List<float> Run(int seed)
        {
            var env = Gym.Make<float>("CartPole-v1");
            var obs = new List<float>();
            env.Reset(seed);
            for (int t = 0; t < 300; t++)
            {
                var r = env.Step(t % 3 == 0 ? 1 : 0);
                obs.AddRange(r.Observation.ToArray());
                if (r.Done) env.Reset();
            }
            return obs;
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Registered_with_500_step_limit_and_gymnasium_spaces()
    {
        var env = Gym.Make("CartPole-v1");
        var limit = Assert.IsType<TimeLimit<float>>(env);
        Assert.Equal(500, limit.MaxEpisodeSteps);
        Assert.Equal(2, env.ActionSpace.N);
        var box = Assert.IsType<BoxSpace>(env.ObservationSpace);
        Assert.Equal([4], box.Shape);
        Assert.Equal(4.8, box.High[0], 12);
        Assert.Equal(double.PositiveInfinity, box.High[1]);
        Assert.Equal(24 * 2 * Math.PI / 360, box.High[2], 12);
    }

    [Fact]
    public void Bad_action_is_a_user_error()
    {
        var env = new CartPole();
        env.Reset(seed: 0);
        var ex = Assert.Throws<EnvException>(() => env.Step(2));
        Assert.Contains("0..1", ex.Message);
    }

    [Fact]
    public void Render_draws_the_cart_where_the_state_puts_it()
    {
        var env = new CartPole();
        env.Reset(seed: 0);
        var (h, w) = env.RenderSize;
        var rgb = new byte[h * w * 3];
        double[] left = [-1.0, 0, 0, 0];
        left.CopyTo(env.State);
        env.Render(rgb);
        // Cart center x = -1.0 * 600/4.8 + 300 = 175; its body spans rows 400-(100+25)..; sample row 290.
        Assert.Equal(0, rgb[(290 * w + 175) * 3]);
        Assert.Equal(255, rgb[(290 * w + 425) * 3]); // mirror position is empty
        Assert.Equal(255, rgb[(10 * w + 10) * 3]);
    }

    private static void AssertState(CartPole env, double[] expected)
    {
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], env.State[i], 14);
    }
}
