namespace DeepQ.Agents.Config;

/// <summary>
/// Named hyperparameter sets, each named after and checked against its source. All counts are
/// agent steps (4 emulator frames each on Atari). Every value can still be overridden by a
/// config file or a flag.
/// </summary>
public static class Presets
{
    public const string CartPoleFast = "cartpole-fast";
    public const string CleanRlDqn = "cleanrl-dqn";
    public const string CleanRlDqnAtari = "cleanrl-dqn-atari";
    public const string Sb3ZooAtari = "sb3-zoo-atari";
    public const string Nature = "nature";
    public const string PongFast = "pong-fast";

    /// <summary>Preset names with a one-line description, in help order.</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (CartPoleFast, "our CartPole default: Double DQN, 2x64 MLP, Adam 1e-3, MSE, target copy every 100 steps, early stop once solved"),
        (CleanRlDqn, "CleanRL dqn.py (CartPole-v1): 500k steps, Adam 2.5e-4, buffer 10k, 120-84 MLP"),
        (CleanRlDqnAtari, "CleanRL dqn_atari.py: 10M steps, Adam 1e-4, buffer 1M, target every 1000 steps"),
        (Sb3ZooAtari, "rl-baselines3-zoo hyperparams/dqn.yml 'atari': 10M steps, Adam 1e-4, buffer 100k"),
        (PongFast, "ours, aimed at beating Pong within an hour on 2 CPU cores (docs/results/pong): the 2013 DQN network, Double DQN, dueling, 3-step returns, prioritized replay, Adam 1e-4, buffer 100k, Polyak target (tau 0.01 every update), eps 1->0.01 over 100k, each update beside the next 4 agent steps (overlap-learning), up to 1.2M steps"),
        (Nature, "Mnih et al. 2015 (Nature) Atari DQN: RMSProp 2.5e-4, buffer 1M, target every 10k steps, eps 1->0.1 over 1M steps"),
    ];

    /// <summary>True for environment ids that build the Atari pipeline (frames, Nature CNN).</summary>
    public static bool IsAtari(string envId) =>
        envId.Contains("NoFrameskip", StringComparison.Ordinal) || envId.StartsWith("ALE/", StringComparison.Ordinal)
        || envId.EndsWith("-v4", StringComparison.Ordinal) && envId.Contains("Deterministic", StringComparison.Ordinal);

    /// <summary>The preset used when none is named: <c>nature</c> for Atari ids, else <c>cartpole-fast</c>.</summary>
    public static string DefaultFor(string envId) => IsAtari(envId) ? Nature : CartPoleFast;

    /// <summary>The preset's config. Throws <see cref="ConfigException"/> naming the valid presets for an unknown name.</summary>
    public static DqnConfig Get(string name) => name switch
    {
        CartPoleFast => CartPoleFastConfig(),
        CleanRlDqn => CleanRlDqnConfig(),
        CleanRlDqnAtari => CleanRlDqnAtariConfig(),
        Sb3ZooAtari => Sb3ZooAtariConfig(),
        Nature => NatureConfig(),
        PongFast => PongFastConfig(),
        _ => throw new ConfigException(
            $"Unknown preset '{name}'; choose one of: {string.Join(", ", All.Select(p => p.Name))}."),
    };

    /// <summary>
    /// Ours: tuned so that `deepq train` with no arguments solves CartPole-v1 (100-episode greedy mean
    /// >= 475) in well under a minute on two cores. Double DQN, 2x64 MLP, Adam 1e-3, MSE loss (Huber's
    /// constant gradient let Q overshoot), a hard target copy every 100 steps (Q values propagate ~5x
    /// faster than with 500), epsilon 1 -> 0.05 over 12k steps, a greedy 10-episode evaluation every
    /// 2,500 steps keeping the best model, and an early stop once a 100-episode evaluation confirms
    /// >= 475. Up to 100k steps; seeds 1..10 stop between 10k and 60k.
    /// </summary>
    private static DqnConfig CartPoleFastConfig() => new() { Preset = CartPoleFast };

    /// <summary>
    /// CleanRL cleanrl/dqn.py (vwxyzjn/cleanrl, Args dataclass defaults): total_timesteps 500000,
    /// learning_rate 2.5e-4, buffer_size 10000, gamma 0.99, tau 1.0, target_network_frequency 500,
    /// batch_size 128, start_e 1, end_e 0.05, exploration_fraction 0.5, learning_starts 10000,
    /// train_frequency 10; QNetwork 120-84 ReLU; F.mse_loss; Adam; no gradient clipping;
    /// its evaluate() plays with epsilon 0.05.
    /// </summary>
    private static DqnConfig CleanRlDqnConfig() => new()
    {
        Preset = CleanRlDqn,
        Env = "CartPole-v1",
        TotalSteps = 500_000,
        LearningRate = 2.5e-4,
        BufferSize = 10_000,
        Gamma = 0.99,
        Tau = 1.0,
        TargetUpdateInterval = 500,
        BatchSize = 128,
        EpsilonStart = 1.0,
        EpsilonEnd = 0.05,
        ExplorationFraction = 0.5,
        ExplorationSteps = 0,
        LearningStarts = 10_000,
        TrainFrequency = 10,
        GradientSteps = 1,
        HiddenSizes = [120, 84],
        Network = NetworkKind.Mlp,
        Loss = LossKind.Mse,
        Optimizer = OptimizerKind.Adam,
        MaxGradNorm = 0,
        DoubleDqn = false,
        EvalEpsilon = 0.05,
        EvalInterval = 0,
        StopReward = double.NaN,
    };

    /// <summary>
    /// CleanRL cleanrl/dqn_atari.py (Args dataclass defaults): total_timesteps 10000000,
    /// learning_rate 1e-4, buffer_size 1000000, gamma 0.99, tau 1.0, target_network_frequency 1000,
    /// batch_size 32, start_e 1, end_e 0.01, exploration_fraction 0.10, learning_starts 80000,
    /// train_frequency 4; Nature CNN; F.mse_loss; Adam; no gradient clipping; wrappers NoopReset(30),
    /// MaxAndSkip(4), EpisodicLife, FireReset, ClipReward, 84x84 gray, FrameStack(4); evaluate() uses
    /// epsilon 0.05. CleanRL's default game is Breakout; ours is Pong, this project's target.
    /// </summary>
    private static DqnConfig CleanRlDqnAtariConfig() => AtariBase() with
    {
        Preset = CleanRlDqnAtari,
        TotalSteps = 10_000_000,
        LearningRate = 1e-4,
        BufferSize = 1_000_000,
        Gamma = 0.99,
        Tau = 1.0,
        TargetUpdateInterval = 1_000,
        BatchSize = 32,
        EpsilonStart = 1.0,
        EpsilonEnd = 0.01,
        ExplorationFraction = 0.10,
        ExplorationSteps = 0,
        LearningStarts = 80_000,
        TrainFrequency = 4,
        Loss = LossKind.Mse,
        Optimizer = OptimizerKind.Adam,
        MaxGradNorm = 0,
        EvalEpsilon = 0.05,
    };

    /// <summary>
    /// rl-baselines3-zoo hyperparams/dqn.yml, key 'atari' (master): n_timesteps 1e7, buffer_size
    /// 100000, learning_rate 1e-4, batch_size 32, learning_starts 100000, target_update_interval
    /// 1000, train_freq 4, gradient_steps 1, exploration_fraction 0.1, exploration_final_eps 0.01,
    /// frame_stack 4, AtariWrapper. Older zoo versions used buffer_size 10000 with
    /// optimize_memory_usage; our buffer always stores frames once. The rest are SB3 DQN's
    /// defaults: gamma 0.99, tau 1.0, Huber (smooth_l1) loss, max_grad_norm 10, Adam.
    /// </summary>
    private static DqnConfig Sb3ZooAtariConfig() => AtariBase() with
    {
        Preset = Sb3ZooAtari,
        TotalSteps = 10_000_000,
        BufferSize = 100_000,
        LearningRate = 1e-4,
        BatchSize = 32,
        LearningStarts = 100_000,
        TargetUpdateInterval = 1_000,
        TrainFrequency = 4,
        GradientSteps = 1,
        ExplorationFraction = 0.1,
        ExplorationSteps = 0,
        EpsilonStart = 1.0,
        EpsilonEnd = 0.01,
        Gamma = 0.99,
        Tau = 1.0,
        Loss = LossKind.Huber,
        MaxGradNorm = 10,
        Optimizer = OptimizerKind.Adam,
    };

    /// <summary>
    /// Mnih et al. 2015, "Human-level control through deep reinforcement learning", Extended Data
    /// Table 1: minibatch 32, replay memory 1,000,000, history 4, target network update 10,000,
    /// discount 0.99, action repeat 4, update frequency 4, learning rate 0.00025, gradient momentum
    /// 0.95, squared gradient momentum 0.95, min squared gradient 0.01, exploration 1 -> 0.1 over
    /// 1,000,000 "frames", replay start 50,000, no-op max 30; error term clipped to [-1, 1] (= Huber
    /// with delta 1); 50M agent steps (200M frames); evaluation at epsilon 0.05 over 30 games.
    /// Units: the table's "frames" for exploration and replay start, and the target period, count
    /// AGENT STEPS here, as DeepMind's released code (steps of the agent) and Dopamine's
    /// dqn_nature.gin do. Their RMSProp (gradient and squared-gradient decay 0.95, 0.01 inside the
    /// square root) is DeepQ.Nn's NatureRmsProp, selected as optimizer nature-rmsprop.
    /// </summary>
    private static DqnConfig NatureConfig() => AtariBase() with
    {
        Preset = Nature,
        TotalSteps = 50_000_000,
        BufferSize = 1_000_000,
        BatchSize = 32,
        TargetUpdateInterval = 10_000,
        Gamma = 0.99,
        TrainFrequency = 4,
        GradientSteps = 1,
        Optimizer = OptimizerKind.NatureRmsProp,
        LearningRate = 2.5e-4,
        RmsPropAlpha = 0.95,
        RmsPropEpsilon = 0.01,
        RmsPropCentered = true,
        Momentum = 0,
        Loss = LossKind.Huber,
        HuberDelta = 1.0,
        MaxGradNorm = 0,
        EpsilonStart = 1.0,
        EpsilonEnd = 0.1,
        ExplorationSteps = 1_000_000,
        LearningStarts = 50_000,
        NoopMax = 30,
        EvalEpsilon = 0.05,
        EvalInterval = 250_000,
        FinalEvalEpisodes = 30,
    };

    /// <summary>
    /// Ours: DQN that beats Pong (30-game mean >= +18) from pixels within an hour of wall clock on a
    /// 2-core CPU and within 1.2M agent steps (docs/results/pong/README.md has the runs and the
    /// reasons). Each value and its source:
    /// The 2013 DQN network (Mnih et al. 2013: conv 16 8x8/4, conv 32 4x4/2, 256 hidden) instead of the
    /// Nature one: a third of the multiply-adds per frame, so an update takes about 10 ms instead of 18
    /// on 2 cores and an hour holds about twice the agent steps; the 2013 paper's Pong agent already
    /// reached +20 with it, and in our seed-1 trials it learned no slower per agent step (it was ahead
    /// at 100k-200k steps).
    /// Double DQN (van Hasselt et al. 2016) and the dueling head (Wang et al. 2016): two Rainbow
    /// components (Hessel et al. 2018).
    /// n-step 3: Rainbow's and Dopamine's update_horizon; Rainbow's ablation names multi-step
    /// returns among its two most important parts.
    /// Adam, learning rate 1e-4 (CleanRL dqn_atari, SB3 zoo), epsilon 1.5e-4 (Dopamine's Adam epsilon).
    /// Huber loss and max-grad-norm 10: SB3's DQN defaults.
    /// Buffer 100k: rl-baselines3-zoo's Atari buffer; on Pong fresher data helps and it halves memory.
    /// Learning starts 10k agent steps (Dopamine: 20k; CleanRL: 80k): Pong's random play already
    /// shows both outcomes of a rally.
    /// Prioritized replay (Schaul et al. 2016, proportional), alpha 0.5 and beta 0.4 -> 1 over the run:
    /// Rainbow's values, and the other of the two parts its ablation ranks first; on Pong it replays the
    /// rare transitions just before a point far more often than uniform sampling does.
    /// Target network by Polyak averaging, θ⁻ ← 0.01·θ + 0.99·θ⁻ after every update (every 4 agent
    /// steps): the soft update of DDPG/SAC (Lillicrap et al. 2016) that CleanRL and SB3 expose as tau.
    /// Its lag (about 100 updates) is close to a hard copy every 1,000 agent steps (CleanRL
    /// dqn_atari's, which our first runs used), but the target never jumps: on seed 2 the hard copies
    /// left the agent at +14 to +16 from 800k steps (30-game final +14.0) where Polyak averaging reached
    /// +18.2 over 30 games at 1.2M; the no-target ablation had pointed the same way (a target that
    /// follows the online network closely learns faster once the first points are won).
    /// Epsilon 1 -> 0.01 over 100k agent steps: 0.01 as Dopamine and CleanRL train; the decay is
    /// shorter than Dopamine's 250k because Pong needs little exploration once the paddle follows the ball.
    /// Batch 32, train-frequency 4, gamma 0.99, DeepMind preprocessing: the Nature values.
    /// overlap-learning: each update runs on a learner thread while the agent plays the next 4
    /// steps with the parameters from before it (an actor and a learner side by side, as in
    /// distributed DQN such as Ape-X, here one update behind): measured 5% more agent steps per
    /// second on 2 cores (bench train, alternating: 390-397 against 372-380), bit-reproducible.
    /// Evaluation every 50k steps over 10 full games at epsilon 0.01 (about 15 s each); stop once a
    /// periodic mean reaches +19 and a 30-game confirmation agrees, so a run ends within 50k steps
    /// (about 5 minutes) of winning.
    /// </summary>
    private static DqnConfig PongFastConfig() => AtariBase() with
    {
        Preset = PongFast,
        TotalSteps = 1_200_000,
        Network = NetworkKind.Nips2013Cnn,
        DoubleDqn = true,
        Dueling = true,
        NStep = 3,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 1e-4,
        AdamEpsilon = 1.5e-4,
        Loss = LossKind.Huber,
        HuberDelta = 1.0,
        MaxGradNorm = 10,
        BufferSize = 100_000,
        LearningStarts = 10_000,
        BatchSize = 32,
        TrainFrequency = 4,
        GradientSteps = 1,
        TargetUpdateInterval = 4,
        OverlapLearning = true,
        PrioritizedReplay = true,
        PerAlpha = 0.5,
        PerBetaStart = 0.4,
        PerBetaEnd = 1.0,
        Tau = 0.01,
        Gamma = 0.99,
        EpsilonStart = 1.0,
        EpsilonEnd = 0.01,
        ExplorationSteps = 100_000,
        EvalInterval = 50_000,
        EvalEpisodes = 10,
        EvalEpsilon = 0.01,
        FinalEvalEpisodes = 30,
        StopReward = 19,
        CheckpointInterval = 50_000,
        LogInterval = 10_000,
    };

    /// <summary>What every Atari preset shares: the DeepMind preprocessing and the Nature CNN.</summary>
    private static DqnConfig AtariBase() => new()
    {
        Env = "PongNoFrameskip-v4",
        Network = NetworkKind.NatureCnn,
        DoubleDqn = false,
        Dueling = false,
        NStep = 1,
        FrameSkip = 4,
        FrameStack = 4,
        NoopMax = 30,
        TerminalOnLifeLoss = true,
        ClipRewards = true,
        EvalInterval = 250_000,
        EvalEpisodes = 10,
        FinalEvalEpisodes = 30,
        EvalEpsilon = 0.01,
        StopReward = double.NaN,
        CheckpointInterval = 250_000,
        LogInterval = 10_000,
        ExplorationSchedule = ScheduleKind.Linear,
    };
}
