using DeepQ.Agents.Config;
using DeepQ.Envs;
using DeepQ.Envs.Atari;

namespace DeepQ.Agents.Training;

/// <summary>
/// Builds the training and evaluation environments a config asks for. Atari ids get the
/// DQN-paper preprocessing (ENVS's one-call <see cref="Gym.MakeAtari"/>): for training, life loss
/// ends an episode and rewards are clipped when the config says so; evaluation envs always play
/// full games and score them unclipped. Classic-control envs are the same for both.
/// </summary>
public static class EnvFactory
{
    public static IEnv MakeTraining(DqnConfig config) => Make(config, evaluation: false);

    public static IEnv MakeEvaluation(DqnConfig config) => Make(config, evaluation: true);

    private static IEnv Make(DqnConfig c, bool evaluation)
    {
        var options = new EnvOptions
        {
            RepeatActionProbability = c.RepeatActionProbability >= 0 ? c.RepeatActionProbability : null,
            RomsDir = string.IsNullOrWhiteSpace(c.Roms) ? null : c.Roms,
        };
        if (Presets.IsAtari(c.Env))
        {
            var wrappers = new AtariWrapperOptions
            {
                NoopMax = c.NoopMax,
                FrameSkip = c.FrameSkip,
                FrameStack = c.FrameStack,
                EpisodicLife = !evaluation && c.TerminalOnLifeLoss,
                ClipReward = !evaluation && c.ClipRewards,
            };
            return Gym.MakeAtari(c.Env, wrappers, options);
        }
        var env = Gym.Make(c.Env, options);
        if (env is IEnv<float>) return env;
        string kind = env.ObservationSpace.ToString();
        env.Dispose();
        throw new ConfigException($"Environment '{c.Env}' has {kind} observations; DQN here needs float vectors (classic control) or Atari frames. Pick CartPole-v1, Acrobot-v1, MountainCar-v0 or an Atari id.");
    }
}
