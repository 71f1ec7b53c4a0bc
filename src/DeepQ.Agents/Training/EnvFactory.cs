using DeepQ.Agents.Config;
using DeepQ.Envs;
using DeepQ.Envs.Atari;

namespace DeepQ.Agents.Training;

/// <summary>
/// Builds the training and evaluation environments a config asks for. Atari ids get the
/// DQN-paper preprocessing (ENVS's one-call <see cref="Gym.MakeAtari"/>): for training, life loss
/// ends an episode and rewards are clipped when the config says so; evaluation envs always play
/// full games and score them unclipped. Classic-control envs are the same for both. Every Atari id
/// (NoFrameskip-v4, v4, ALE/...-v5) gets the same frame skip, the config's; only its sticky-action
/// probability differs.
/// </summary>
public static class EnvFactory
{
    public static IEnv MakeTraining(DqnConfig config) => Make(config, evaluation: false);

    public static IEnv MakeEvaluation(DqnConfig config) => Make(config, evaluation: true);

    private static IEnv Make(DqnConfig c, bool evaluation)
    {
        bool atari = Presets.IsAtari(c.Env);
        var options = new EnvOptions
        {
            RepeatActionProbability = c.RepeatActionProbability >= 0 ? c.RepeatActionProbability : null,
            RomsDir = string.IsNullOrWhiteSpace(c.Roms) ? null : c.Roms,
            // The preprocessing repeats each action frame-skip times and keeps the max of the last
            // two frames, so the raw env must advance one emulator frame per step. ALE/X-v5 and X-v4
            // ids skip frames themselves; they open with frameskip 1 and keep their sticky-action
            // probability, which ALE applies per frame (ale-py's advice for v5 with
            // AtariPreprocessing, and the protocol of Machado et al. 2018).
            FrameSkip = atari && c.FrameSkip > 1 ? 1 : null,
        };
        if (atari)
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
