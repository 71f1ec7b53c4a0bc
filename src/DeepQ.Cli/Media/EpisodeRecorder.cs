using DeepQ.Agents;
using DeepQ.Agents.Training;
using DeepQ.Envs;
using DeepQ.Nn.Networks;

namespace DeepQ.Cli.Media;

/// <summary>What one recorded episode did.</summary>
internal sealed record RecordedEpisode(double Return, long Steps, int Frames, bool Finished, int Width, int Height);

/// <summary>
/// Plays one episode and hands every rendered RGB frame [H,W,3] (the reset frame, then one per
/// agent step) to the frame sinks. The policy is the network epsilon-greedy, or uniformly random
/// without a network. Seeded: the same seed and model give the same video. An Atari game that ends
/// gets <see cref="EndFrames"/> more frames showing the screen after it (emulated apart and undone):
/// ALE stops at the frame the game ends, before the final score is drawn.
/// </summary>
internal static class EpisodeRecorder
{
    /// <summary>Frames added after an Atari game's end (one second at the recorder's 15 frames per second).</summary>
    public const int EndFrames = 15;

    public static RecordedEpisode Play(IEnv env, QNetwork? network, double epsilon, int seed, long maxSteps,
        IReadOnlyList<Action<ReadOnlySpan<byte>>> sinks, CancellationToken cancellation) => env switch
        {
            IEnv<byte> b => Play(b, network, epsilon, seed, maxSteps, sinks, cancellation),
            IEnv<float> f => Play(f, network, epsilon, seed, maxSteps, sinks, cancellation),
            IEnv<int> i when network is null => Play(i, network, epsilon, seed, maxSteps, sinks, cancellation),
            _ => throw new CliUserException($"'{env.Id}' observations cannot be fed to a DQN model; record it without a model."),
        };

    private static RecordedEpisode Play<T>(IEnv<T> env, QNetwork? network, double epsilon, int seed, long maxSteps,
        IReadOnlyList<Action<ReadOnlySpan<byte>>> sinks, CancellationToken cancellation) where T : unmanaged
    {
        var (height, width) = env.RenderSize;
        var frame = new byte[height * width * 3];
        var rng = new RandomStream(seed, 0x7265636f7264UL); // "record": independent of training streams
        int actions = env.ActionSpace.N;

        env.Reset(seed);
        Emit();
        double ret = 0;
        long steps = 0;
        bool finished = false;
        while (steps < maxSteps && !cancellation.IsCancellationRequested)
        {
            int action = network is null ? rng.NextInt(actions) : QPolicy.EpsilonGreedy(network, env.Observation, epsilon, rng);
            var step = env.Step(action);
            ret += step.Reward;
            steps++;
            Emit();
            if (step.Done)
            {
                if (step.Info.Episode is { } stats) ret = stats.Return; // the true game score where a wrapper knows it
                finished = true;
                break;
            }
        }
        int frames = (int)steps + 1;
        if (finished && env.Unwrapped is DeepQ.Envs.Atari.AtariEnv atari && atari.Emulator.IsGameTerminal)
        {
            // One added frame per agent step of emulator time: the env's frame skip, or the
            // preprocessing's 4 when the env itself does not skip (NoFrameskip ids).
            int skip = atari.Config.FrameSkip > 1 ? atari.Config.FrameSkip : 4;
            for (int i = 1; i <= EndFrames; i++)
            {
                atari.Emulator.PeekScreenRgb(i * skip, frame);
                foreach (var sink in sinks) sink(frame);
            }
            frames += EndFrames;
        }
        return new RecordedEpisode(ret, steps, frames, finished, width, height);

        void Emit()
        {
            env.Render(frame);
            foreach (var sink in sinks) sink(frame);
        }
    }
}
