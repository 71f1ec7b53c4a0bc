using DeepQ.Agents.Config;
using DeepQ.Agents.Training;
using DeepQ.Envs;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents.Evaluation;

/// <summary>
/// Plays N complete episodes with a fixed network, apart from training: its own environment,
/// its own seed (each evaluation with the same seed sees the same start states), its own
/// epsilon. On Atari the evaluation env plays whole games and the score is unclipped.
/// </summary>
public static class Evaluator
{
    /// <summary>Plays <paramref name="episodes"/> episodes; each reset is seeded from (seed, episode index).</summary>
    public static EvaluationResult Run<T>(IEnv<T> env, QNetwork network, int episodes, double epsilon, int seed,
        CancellationToken cancellation = default) where T : unmanaged
    {
        var rng = new RandomStream(seed, RngStreams.EvaluationPolicy);
        var seeds = new RandomStream(seed, RngStreams.EvaluationEnv);
        var returns = new List<double>(episodes);
        var lengths = new List<long>(episodes);
        for (int e = 0; e < episodes && !cancellation.IsCancellationRequested; e++)
        {
            env.Reset(seeds.NextSeed());
            double ret = 0;
            long length = 0;
            while (true)
            {
                int action = QPolicy.EpsilonGreedy(network, env.Observation, epsilon, rng);
                var step = env.Step(action);
                ret += step.Reward;
                length++;
                if (step.Done)
                {
                    if (step.Info.Episode is { } stats) ret = stats.Return; // the true game score where a wrapper knows it
                    break;
                }
            }
            returns.Add(ret);
            lengths.Add(length);
        }
        return new EvaluationResult(returns, lengths, epsilon, seed);
    }

    /// <summary>
    /// Evaluates a saved model (safetensors) on the config's evaluation environment: the entry
    /// point of <c>deepq eval</c>. A missing or mismatched file is a <see cref="CheckpointException"/>.
    /// </summary>
    public static EvaluationResult EvaluateModel(string modelPath, DqnConfig config, int episodes, double epsilon, int seed,
        CancellationToken cancellation = default)
    {
        using var env = EnvFactory.MakeEvaluation(config);
        var spec = NetworkFactory.Spec(config, env);
        var net = QNetwork.Create(spec, 0);
        ModelFiles.LoadWeights(net, modelPath);
        return env switch
        {
            IEnv<byte> b => Run(b, net, episodes, epsilon, seed, cancellation),
            IEnv<float> f => Run(f, net, episodes, epsilon, seed, cancellation),
            _ => throw new InvalidOperationException("unsupported observation type"),
        };
    }
}
