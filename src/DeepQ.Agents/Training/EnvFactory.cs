using DeepQ.Agents.Config;
using DeepQ.Envs;

namespace DeepQ.Agents.Training;

/// <summary>
/// Builds the training and evaluation environments a config asks for. Training Atari envs get
/// the DQN-paper preprocessing (life loss ends an episode, clipped rewards); evaluation envs play
/// full games with the true score. Classic-control envs are the same for both.
/// </summary>
public static class EnvFactory
{
    public static IEnv MakeTraining(DqnConfig config) => Make(config, evaluation: false);

    public static IEnv MakeEvaluation(DqnConfig config) => Make(config, evaluation: true);

    private static IEnv Make(DqnConfig config, bool evaluation)
    {
        var env = Gym.Make(config.Env);
        if (env is IEnv<float> or IEnv<byte>) return env;
        string kind = env.ObservationSpace.ToString();
        env.Dispose();
        throw new ConfigException($"Environment '{config.Env}' has {kind} observations; DQN here needs float vectors (classic control) or Atari frames. Pick CartPole-v1, Acrobot-v1, MountainCar-v0 or an Atari id.");
    }
}
