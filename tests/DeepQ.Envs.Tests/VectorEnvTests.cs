using DeepQ.Envs.ClassicControl;
using DeepQ.Envs.Wrappers;

namespace DeepQ.Envs.Tests;

public class VectorEnvTests
{
    private static IEnv<float> StatsCartPole(int _) => new RecordEpisodeStatistics<float>(Gym.Make<float>("CartPole-v1"));

    [Fact]
    public void Env_i_is_seeded_with_seed_plus_i()
    {
        using var vec = VectorEnv<float>.Make("CartPole-v1", 3, threads: 2);
        vec.Reset(seed: 10);
        for (int i = 0; i < 3; i++)
        {
            var single = new CartPole();
            Assert.Equal(single.Reset(seed: 10 + i).Observation.ToArray(), vec.Observation(i).ToArray());
        }
    }

    [Fact]
    public void Same_step_autoreset_keeps_final_observation_and_episode_statistics()
    {
        using var vec = VectorEnv<float>.Make(StatsCartPole, 2, threads: 2);
        var single = StatsCartPole(0);
        vec.Reset(seed: 4);
        single.Reset(seed: 4);
        int[] actions = [1, 0];
        for (int t = 1; t < 200; t++)
        {
            vec.Step(actions); // constant pushes topple the pole within a few dozen steps
            var s = single.Step(1);
            Assert.Equal(s.Terminated, vec.Terminated[0]);
            if (!vec.Done[0])
            {
                Assert.Equal(s.Observation.ToArray(), vec.Observation(0).ToArray());
                continue;
            }
            Assert.Equal(s.Observation.ToArray(), vec.FinalObservation(0).ToArray());
            Assert.Equal(new EpisodeStatistics(t, t), vec.FinalInfo(0).Episode);
            Assert.All(vec.Observation(0).ToArray(), v => Assert.InRange(v, -0.05f, 0.05f)); // already the next episode
            Assert.Null(vec.Info(0).Episode); // the live info belongs to the new episode
            return;
        }
        Assert.Fail("the pole never fell");
    }

    [Fact]
    public void Truncation_is_reported_with_the_final_observation()
    {
        using var vec = VectorEnv<float>.Make("MountainCar-v0", 2, threads: 1);
        vec.Reset(seed: 0);
        int[] idle = [1, 1];
        for (int t = 1; t <= 200; t++)
        {
            vec.Step(idle);
            Assert.Equal(t == 200, vec.Truncated[0]);
            Assert.False(vec.Terminated[0]);
        }
        Assert.True(vec.Done[1]);
        Assert.InRange(vec.FinalObservation(1)[0], -1.2f, -0.2f);
        Assert.Equal(0f, vec.Observation(1)[1]); // reset velocity
    }

    [Fact]
    public void Results_do_not_depend_on_thread_count()
    {
        static float[] Run(int threads)
        {
            using var vec = VectorEnv<float>.Make(StatsCartPole, 5, threads);
            var trace = new List<float>();
            vec.Reset(seed: 123);
            Span<int> actions = stackalloc int[5];
            for (int t = 0; t < 80; t++)
            {
                for (int i = 0; i < 5; i++) actions[i] = (t * 7 + i * 3) % 5 < 2 ? 1 : 0;
                vec.Step(actions);
                trace.AddRange(vec.Observations.ToArray());
                for (int i = 0; i < 5; i++) trace.Add(vec.Done[i] ? vec.FinalObservation(i)[2] : 0f);
            }
            return trace.ToArray();
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    [Fact]
    public void Wrong_action_count_is_a_user_error()
    {
        using var vec = VectorEnv<float>.Make("CartPole-v1", 2);
        vec.Reset(seed: 0);
        Assert.Throws<EnvException>(() => vec.Step([1]));
        Assert.Throws<EnvException>(() => VectorEnv<float>.Make("CartPole-v1", 0));
    }
}
