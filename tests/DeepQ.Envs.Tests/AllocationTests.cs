using DeepQ.Envs.Atari;
using DeepQ.Envs.Tests.Atari;

namespace DeepQ.Envs.Tests;

/// <summary>Stepping must not allocate: observations are views of buffers the envs own.</summary>
public class AllocationTests
{
    [Fact]
    public void Classic_control_steps_allocate_nothing()
    {
        var env = Gym.Make<float>("CartPole-v1");
        env.Reset(seed: 0);
        Run(env, 50); // warm up the JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(env, 2000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Dqn_atari_stack_steps_allocate_nothing()
    {
        var rig = new FakeRig { RecordActions = false, LivesAt = f => 3 - (int)Math.Min(3, f / 400), GameOverAt = 1200 };
        var env = AtariStack.Wrap(rig.Env(), new AtariWrapperOptions());
        env.Reset(seed: 0);
        Run(env, 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(env, 200); // includes life losses and a game over with their resets
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Vector_env_steps_allocate_nothing_on_the_caller_thread()
    {
        using var vec = VectorEnv<float>.Make("CartPole-v1", 4, threads: 1);
        vec.Reset(seed: 0);
        int[] actions = [0, 1, 1, 0];
        for (int i = 0; i < 50; i++) vec.Step(actions);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++) vec.Step(actions);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Run<T>(IEnv<T> env, int steps) where T : unmanaged
    {
        for (int t = 0; t < steps; t++)
        {
            var r = env.Step(t % env.ActionSpace.N);
            if (r.Done) env.Reset();
        }
    }
}
