using DeepQ.Envs;
using DeepQ.Envs.ClassicControl;
using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs.Tests.ClassicControl;

public class MountainCarTests
{
    [Fact]
    public void Step_follows_gymnasium_equations()
    {
        var env = new MountainCar();
        env.Reset(seed: 0);
        env.SetState(-0.5, 0.0);
        var r = env.Step(2);
        // v = 0 + 0.001 + cos(-1.5) * -0.0025; p = -0.5 + v (hand-computed in float64)
        Assert.Equal(0.0008231569958307428, env.State.Velocity, 15);
        Assert.Equal(-0.49917684300416926, env.State.Position, 15);
        Assert.Equal(-1.0, r.Reward);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void Left_wall_stops_the_car_and_speed_is_clipped()
    {
        var env = new MountainCar();
        env.Reset(seed: 0);
        env.SetState(-1.19, -0.06);
        env.Step(0);
        Assert.Equal(-1.2, env.State.Position);
        Assert.Equal(0.0, env.State.Velocity);

        env.SetState(-Math.PI / 3, 0.0699); // cos(3p) = -1: gravity pushes right too
        env.Step(2);
        Assert.Equal(0.07, env.State.Velocity);
    }

    [Fact]
    public void Reaching_the_flag_terminates()
    {
        var env = new MountainCar();
        env.Reset(seed: 0);
        env.SetState(0.49, 0.02);
        Assert.True(env.Step(2).Terminated);
        env.SetState(0.3, 0.02);
        Assert.False(env.Step(2).Terminated);
    }

    [Fact]
    public void Idle_car_is_truncated_at_exactly_200_steps()
    {
        var env = Gym.Make<float>("MountainCar-v0");
        var first = env.Reset(seed: 3).Observation.ToArray();
        Assert.InRange(first[0], -0.6f, -0.4f);
        Assert.Equal(0f, first[1]);
        for (int t = 1; t <= 200; t++)
        {
            var r = env.Step(1);
            Assert.False(r.Terminated);
            Assert.Equal(t == 200, r.Truncated);
        }
    }
}

public class AcrobotTests
{
    // Expected states from Gymnasium's "book" dynamics and one RK4 step of 0.2 s, hand-computed in float64.
    [Theory]
    [InlineData(2, 0.03396426807716706, 0.014028356136744108, -0.175464650251537, 0.4197156022652691)]
    [InlineData(0, 0.06048772467820533, -0.05453998509397796, 0.08185570403465979, -0.24927319984543655)]
    public void Rk4_step_matches_hand_computation(int action, double t1, double t2, double d1, double d2)
    {
        var env = new Acrobot();
        env.Reset(seed: 0);
        double[] s = [0.05, -0.03, 0.02, 0.01];
        s.CopyTo(env.State);
        var r = env.Step(action);
        Assert.Equal(t1, env.State[0], 13);
        Assert.Equal(t2, env.State[1], 13);
        Assert.Equal(d1, env.State[2], 13);
        Assert.Equal(d2, env.State[3], 13);
        Assert.Equal(-1.0, r.Reward);
        Assert.False(r.Terminated);
        Assert.Equal((float)Math.Cos(t1), r.Observation[0]);
        Assert.Equal((float)Math.Sin(t2), r.Observation[3]);
        Assert.Equal((float)d2, r.Observation[5]);
    }

    [Fact]
    public void Upright_arm_terminates_with_reward_zero()
    {
        var env = new Acrobot();
        env.Reset(seed: 0);
        double[] s = [Math.PI - 0.01, 0.0, 0.0, 0.0];
        s.CopyTo(env.State);
        var r = env.Step(1);
        Assert.True(r.Terminated);
        Assert.Equal(0.0, r.Reward);
    }

    [Fact]
    public void Angles_wrap_and_velocities_are_bounded()
    {
        Assert.Equal(-Math.PI + 0.5, Acrobot.Wrap(Math.PI + 0.5, -Math.PI, Math.PI), 12);
        Assert.Equal(Math.PI - 0.5, Acrobot.Wrap(-Math.PI - 0.5, -Math.PI, Math.PI), 12);
        var env = new Acrobot();
        env.Reset(seed: 0);
        double[] s = [0, 0, 100.0, -100.0];
        s.CopyTo(env.State);
        env.Step(1);
        Assert.Equal(4 * Math.PI, Math.Abs(env.State[2]));
        Assert.Equal(9 * Math.PI, Math.Abs(env.State[3]));
        Assert.InRange(env.State[0], -Math.PI, Math.PI);
    }

    [Fact]
    public void Registered_with_500_step_limit_and_reset_in_plus_minus_0_1()
    {
        var env = Gym.Make<float>("Acrobot-v1");
        Assert.Equal(500, Assert.IsType<TimeLimit<float>>(env).MaxEpisodeSteps);
        env.Reset(seed: 5);
        var acro = Assert.IsType<Acrobot>(env.Unwrapped);
        for (int i = 0; i < 4; i++) Assert.InRange(acro.State[i], -0.1, 0.1);
        Assert.Equal(3, env.ActionSpace.N);
        Assert.Equal([6], env.ObservationSpace.Shape);
    }
}

public class FrozenLakeTests
{
    [Fact]
    public void Not_slippery_walk_reaches_goal_with_reward_one()
    {
        var env = Gym.Make<int>("FrozenLake-v1", new EnvOptions { IsSlippery = false });
        Assert.Equal(0, env.Reset(seed: 0).Observation[0]);
        int[] path = [FrozenLake.Right, FrozenLake.Right, FrozenLake.Down, FrozenLake.Down, FrozenLake.Down, FrozenLake.Right];
        int[] cells = [1, 2, 6, 10, 14, 15];
        for (int i = 0; i < path.Length; i++)
        {
            var r = env.Step(path[i]);
            Assert.Equal(cells[i], r.Observation[0]);
            Assert.Equal(i == path.Length - 1 ? 1.0 : 0.0, r.Reward);
            Assert.Equal(i == path.Length - 1, r.Terminated);
            Assert.Equal(1.0, r.Info.Prob);
        }
    }

    [Fact]
    public void Hole_terminates_with_reward_zero_and_walls_keep_you_in_place()
    {
        var env = new FrozenLake(isSlippery: false);
        env.Reset(seed: 0);
        Assert.Equal(0, env.Step(FrozenLake.Left).Observation[0]);
        Assert.Equal(0, env.Step(FrozenLake.Up).Observation[0]);
        env.Step(FrozenLake.Down);
        var r = env.Step(FrozenLake.Right);
        Assert.Equal(5, r.Observation[0]);
        Assert.True(r.Terminated);
        Assert.Equal(0.0, r.Reward);
    }

    [Fact]
    public void Slippery_moves_split_in_thirds_between_intended_and_perpendicular()
    {
        var env = new FrozenLake();
        env.Reset(seed: 11);
        var counts = new Dictionary<int, int>();
        for (int i = 0; i < 3000; i++)
        {
            env.State = 5 - 4; // cell 1: left -> 0, down -> 5, right -> 2
            var r = env.Step(FrozenLake.Down);
            Assert.Equal(1.0 / 3.0, r.Info.Prob);
            counts[r.Observation[0]] = counts.GetValueOrDefault(r.Observation[0]) + 1;
        }
        Assert.Equal([0, 2, 5], counts.Keys.Order().ToArray());
        Assert.All(counts.Values, c => Assert.InRange(c, 900, 1100));
    }

    [Fact]
    public void Maps_and_limits_match_gymnasium()
    {
        var small = Gym.Make<int>("FrozenLake-v1");
        Assert.Equal(100, Assert.IsType<TimeLimit<int>>(small).MaxEpisodeSteps);
        Assert.Equal(16, ((DiscreteSpace)small.ObservationSpace).N);
        var big = Gym.Make<int>("FrozenLake-v1", new EnvOptions { MapName = "8x8" });
        Assert.Equal(200, Assert.IsType<TimeLimit<int>>(big).MaxEpisodeSteps);
        Assert.Equal(64, ((DiscreteSpace)big.ObservationSpace).N);
        var lake = Assert.IsType<FrozenLake>(big.Unwrapped);
        Assert.Equal('H', lake.Cell(2 * 8 + 3));
        Assert.Equal('G', lake.Cell(63));
        Assert.Throws<EnvException>(() => Gym.Make("FrozenLake-v1", new EnvOptions { MapName = "5x5" }));
    }

    [Fact]
    public void One_hot_wrapper_feeds_a_network()
    {
        var env = new OneHot(new FrozenLake(isSlippery: false));
        var obs = env.Reset(seed: 0).Observation;
        Assert.Equal(16, obs.Length);
        Assert.Equal(1f, obs[0]);
        var r = env.Step(FrozenLake.Right);
        Assert.Equal(1f, r.Observation[1]);
        Assert.Equal(1f, r.Observation.ToArray().Sum());
    }

    [Fact]
    public void One_hot_option_gives_float_observations_with_the_time_limit_kept()
    {
        var env = Gym.Make<float>("FrozenLake-v1", new EnvOptions { OneHotObservation = true, IsSlippery = false });
        Assert.Equal([16], env.ObservationSpace.Shape);
        Assert.Equal(1f, env.Reset(seed: 0).Observation[0]);
        for (int t = 1; t <= 100; t++)
        {
            var r = env.Step(FrozenLake.Left); // walks into the wall forever
            Assert.Equal(t == 100, r.Truncated);
        }
    }

    [Fact]
    public void Same_seed_same_slippery_trajectory()
    {
        static int[] Run(int seed)
        {
            var env = Gym.Make<int>("FrozenLake8x8-v1");
            env.Reset(seed);
            var cells = new int[400];
            for (int t = 0; t < cells.Length; t++)
            {
                var r = env.Step(t % 4);
                cells[t] = r.Observation[0];
                if (r.Done) env.Reset();
            }
            return cells;
        }
        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }
}

public class RegistryTests
{
    [Fact]
    public void Unknown_id_names_close_ids()
    {
        var ex = Assert.Throws<EnvException>(() => Gym.Make("CartPole-v0"));
        Assert.Contains("CartPole-v1", ex.Message);
        Assert.Contains("Gym.List()", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public void Wrong_observation_type_is_a_user_error()
    {
        var ex = Assert.Throws<EnvException>(() => Gym.Make<byte>("CartPole-v1"));
        Assert.Contains("float32", ex.Message);
    }
}
