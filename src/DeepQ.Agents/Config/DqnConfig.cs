namespace DeepQ.Agents.Config;

/// <summary>Regression loss between Q(s,a) and the TD target.</summary>
public enum LossKind { Huber, Mse }

/// <summary>Optimizer applied to the online network (PyTorch update rules, from DeepQ.Nn).</summary>
public enum OptimizerKind { Adam, RmsProp, NatureRmsProp, Sgd }

/// <summary>Shape of the exploration-epsilon decay.</summary>
public enum ScheduleKind { Linear, Exponential }

/// <summary>Q-network body: an MLP for vector observations, the Nature CNN for stacked Atari frames.</summary>
public enum NetworkKind { Auto, Mlp, NatureCnn, Nips2013Cnn }

/// <summary>
/// Every DQN hyperparameter, one named and documented setting each. Counts are in AGENT STEPS
/// (one action chosen by the agent; on Atari that is 4 emulator frames with frame skip 4) unless
/// the help says otherwise. The property initialisers are the defaults of our own CartPole
/// preset, <c>cartpole-fast</c>; the other presets in <see cref="Presets"/> override them.
/// </summary>
public sealed record DqnConfig
{
    // ---- run ----
    [Setting("env", "Environment id, e.g. CartPole-v1 or PongNoFrameskip-v4", Group = "run")]
    public string Env { get; init; } = "CartPole-v1";

    [Setting("seed", "Master seed; env, exploration, replay sampling, network init and evaluation each get their own stream derived from it", Min = 0, Group = "run")]
    public int Seed { get; init; } = 1;

    // Max 1e10: 200x the longest published Atari DQN run (50M agent steps = 200M frames); larger is a typo.
    [Setting("total-steps", "Training length", Unit = "agent steps", Min = 1, Max = 1e10, Aliases = ["total_timesteps", "n_timesteps"], Group = "run")]
    public long TotalSteps { get; init; } = 100_000;

    // ---- replay ----
    [Setting("buffer-size", "Replay capacity; the oldest transitions are overwritten", Unit = "transitions", Min = 1, Group = "replay")]
    public int BufferSize { get; init; } = 50_000;

    [Setting("learning-starts", "Steps of experience collected before the first update", Unit = "agent steps", Min = 0, Aliases = ["replay_start_size", "min_replay_history"], Group = "replay")]
    public long LearningStarts { get; init; } = 1_000;

    [Setting("batch-size", "Transitions per gradient step", Unit = "transitions", Min = 1, Max = 65536, Group = "replay")]
    public int BatchSize { get; init; } = 64;

    [Setting("n-step", "Rewards summed into each target (1 = one-step DQN)", Unit = "agent steps", Min = 1, Max = 100, Group = "replay")]
    public int NStep { get; init; } = 1;

    [Setting("prioritized-replay", "Proportional prioritized replay (Schaul et al. 2016) instead of uniform sampling", Group = "replay")]
    public bool PrioritizedReplay { get; init; }

    [Setting("per-alpha", "Priority exponent α (0 = uniform)", Min = 0, Max = 1, Group = "replay")]
    public double PerAlpha { get; init; } = 0.6;

    [Setting("per-beta-start", "Importance-sampling exponent β at step 0, annealed linearly to per-beta-end over total-steps", Min = 0, Max = 1, Group = "replay")]
    public double PerBetaStart { get; init; } = 0.4;

    [Setting("per-beta-end", "Importance-sampling exponent β at the last step", Min = 0, Max = 1, Group = "replay")]
    public double PerBetaEnd { get; init; } = 1.0;

    [Setting("per-epsilon", "Added to |TD error| so every transition keeps a non-zero priority", Min = 0, MinExclusive = true, Group = "replay")]
    public double PerEpsilon { get; init; } = 1e-6;

    // ---- learning ----
    [Setting("gamma", "Discount factor per agent step", Min = 0, Max = 1, Group = "learning")]
    public double Gamma { get; init; } = 0.99;

    [Setting("train-frequency", "Agent steps between updates", Unit = "agent steps", Min = 1, Aliases = ["train_freq", "update_period"], Group = "learning")]
    public int TrainFrequency { get; init; } = 1;

    [Setting("gradient-steps", "Gradient steps per update", Min = 1, Max = 1000, Group = "learning")]
    public int GradientSteps { get; init; } = 1;

    [Setting("optimizer", "adam, rmsprop (PyTorch rules), nature-rmsprop (DeepMind's: constant inside the root, both decays = rmsprop-alpha) or sgd", Group = "learning")]
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    [Setting("learning-rate", "Optimizer step size", Min = 0, MinExclusive = true, Aliases = ["lr"], Group = "learning")]
    public double LearningRate { get; init; } = 1e-3;

    [Setting("adam-beta1", "Adam's first-moment decay", Min = 0, Max = 1, Group = "learning")]
    public double AdamBeta1 { get; init; } = 0.9;

    [Setting("adam-beta2", "Adam's second-moment decay", Min = 0, Max = 1, Group = "learning")]
    public double AdamBeta2 { get; init; } = 0.999;

    [Setting("adam-epsilon", "Adam's denominator epsilon", Min = 0, Group = "learning")]
    public double AdamEpsilon { get; init; } = 1e-8;

    [Setting("rmsprop-alpha", "RMSProp's squared-gradient decay (the Nature paper's 'squared gradient momentum')", Min = 0, Max = 1, Group = "learning")]
    public double RmsPropAlpha { get; init; } = 0.99;

    [Setting("rmsprop-epsilon", "RMSProp's denominator epsilon; for nature-rmsprop the constant inside the square root (the Nature paper's 'min squared gradient')", Min = 0, Group = "learning")]
    public double RmsPropEpsilon { get; init; } = 1e-8;

    [Setting("rmsprop-centered", "Centered RMSProp: divide by the gradient's estimated variance, as DeepMind's DQN did", Group = "learning")]
    public bool RmsPropCentered { get; init; }

    [Setting("momentum", "Momentum for rmsprop and sgd", Min = 0, Max = 1, Group = "learning")]
    public double Momentum { get; init; }

    [Setting("max-grad-norm", "Clip the global gradient L2 norm to this (0 = no clipping)", Min = 0, Group = "learning")]
    public double MaxGradNorm { get; init; } = 10;

    [Setting("loss", "huber (the Nature paper's error clipping) or mse", Group = "learning")]
    public LossKind Loss { get; init; } = LossKind.Mse;

    [Setting("huber-delta", "Where the Huber loss turns from quadratic to linear", Min = 0, MinExclusive = true, Group = "learning")]
    public double HuberDelta { get; init; } = 1.0;

    [Setting("target-update-interval", "Agent steps between target-network updates", Unit = "agent steps", Min = 1, Aliases = ["target_network_frequency", "target_update_period"], Group = "learning")]
    public long TargetUpdateInterval { get; init; } = 100;

    [Setting("tau", "Target update: 1 = hard copy, below 1 = Polyak averaging target = tau*online + (1-tau)*target", Min = 0, MinExclusive = true, Max = 1, Group = "learning")]
    public double Tau { get; init; } = 1.0;

    [Setting("double-dqn", "Double DQN: the online network picks the next action, the target network scores it", Group = "learning")]
    public bool DoubleDqn { get; init; } = true;

    // The two ablations of Mnih et al. 2015 (Extended Data Table 3): what DQN loses without each
    // of its two stabilisers. Both are on in every preset.
    [Setting("use-replay", "Train on minibatches sampled from the replay buffer; false = on the newest batch-size transitions only (the no-replay ablation)", Group = "learning")]
    public bool UseReplay { get; init; } = true;

    [Setting("overlap-learning", "Run each update on a learner thread while the agent plays the next train-frequency steps with the parameters from before it (one update behind); the same seed still gives the same run", Group = "learning")]
    public bool OverlapLearning { get; init; }

    [Setting("use-target-network", "Bootstrap targets from a separate, periodically updated target network; false = from the online network itself (the no-target ablation)", Group = "learning")]
    public bool UseTargetNetwork { get; init; } = true;

    // ---- network ----
    [Setting("network", "auto (mlp for vectors, nature-cnn for Atari frames), mlp, nature-cnn (Mnih et al. 2015) or nips2013-cnn (Mnih et al. 2013: 16 and 32 filters, 256 hidden; a third of the compute)", Group = "network")]
    public NetworkKind Network { get; init; } = NetworkKind.Auto;

    [Setting("hidden-sizes", "MLP hidden layer widths, comma separated", Group = "network")]
    public int[] HiddenSizes { get; init; } = [64, 64];

    [Setting("dueling", "Dueling head: Q = V + A - mean(A)", Group = "network")]
    public bool Dueling { get; init; }

    // ---- exploration ----
    [Setting("exploration-schedule", "linear or exponential decay of epsilon", Group = "exploration")]
    public ScheduleKind ExplorationSchedule { get; init; } = ScheduleKind.Linear;

    [Setting("epsilon-start", "Exploration epsilon at step 0", Min = 0, Max = 1, Aliases = ["start_e"], Group = "exploration")]
    public double EpsilonStart { get; init; } = 1.0;

    [Setting("epsilon-end", "Exploration epsilon after the decay", Min = 0, Max = 1, Aliases = ["end_e", "exploration_final_eps", "epsilon_train"], Group = "exploration")]
    public double EpsilonEnd { get; init; } = 0.05;

    [Setting("exploration-steps", "Decay length (linear: steps to reach epsilon-end; exponential: the time constant); 0 = exploration-fraction of total-steps", Unit = "agent steps", Min = 0, Aliases = ["epsilon_decay_period"], Group = "exploration")]
    public long ExplorationSteps { get; init; } = 12_000;

    [Setting("exploration-fraction", "Decay length as a fraction of total-steps, used when exploration-steps is 0", Min = 0, Max = 1, Group = "exploration")]
    public double ExplorationFraction { get; init; } = 0.2;

    // ---- evaluation ----
    [Setting("eval-interval", "Agent steps between periodic evaluations (0 = none)", Unit = "agent steps", Min = 0, Aliases = ["eval_freq"], Group = "evaluation")]
    public long EvalInterval { get; init; } = 2_500;

    [Setting("eval-episodes", "Complete episodes per periodic evaluation", Unit = "episodes", Min = 1, Group = "evaluation")]
    public int EvalEpisodes { get; init; } = 10;

    [Setting("final-eval-episodes", "Complete episodes in the final evaluation of the best model", Unit = "episodes", Min = 0, Group = "evaluation")]
    public int FinalEvalEpisodes { get; init; } = 100;

    [Setting("eval-epsilon", "Epsilon of the evaluation policy (0 = greedy; the Nature paper used 0.05)", Min = 0, Max = 1, Group = "evaluation")]
    public double EvalEpsilon { get; init; }

    [Setting("eval-seed", "Seed of the evaluation environment and its epsilon; -1 = derived from seed", Min = -1, Group = "evaluation")]
    public int EvalSeed { get; init; } = -1;

    [Setting("stop-reward", "Stop early once a periodic evaluation's mean reaches this and a confirming final-eval-episodes evaluation agrees (NaN = never)", Group = "evaluation")]
    public double StopReward { get; init; } = 475;

    // ---- checkpoints ----
    [Setting("checkpoint-interval", "Agent steps between resumable checkpoints (0 = only at the end and on Ctrl-C)", Unit = "agent steps", Min = 0, Group = "checkpoints")]
    public long CheckpointInterval { get; init; }

    [Setting("save-replay-buffer", "Include the replay buffer in resumable checkpoints (needed for a bit-identical resume; large on Atari)", Group = "checkpoints")]
    public bool SaveReplayBuffer { get; init; } = true;

    [Setting("log-interval", "Agent steps between training-metric reports", Unit = "agent steps", Min = 1, Group = "run")]
    public long LogInterval { get; init; } = 1_000;

    // ---- Atari environment (ignored by vector environments) ----
    [Setting("frame-skip", "Emulator frames per agent step (max-pooled over the last two)", Unit = "frames", Min = 1, Max = 16, Group = "atari")]
    public int FrameSkip { get; init; } = 4;

    [Setting("frame-stack", "84x84 frames stacked into one observation", Unit = "frames", Min = 1, Max = 16, Group = "atari")]
    public int FrameStack { get; init; } = 4;

    // The no-ops run on the raw NoFrameskip env below frame skip (Gymnasium AtariPreprocessing, SB3/CleanRL NoopResetEnv), so they count emulator frames.
    [Setting("noop-max", "Up to this many random no-op frames after reset, played on the raw env before frame skip (as Gymnasium, SB3 and CleanRL do)", Unit = "frames", Min = 0, Group = "atari")]
    public int NoopMax { get; init; } = 30;

    [Setting("terminal-on-life-loss", "Training episodes end when a life is lost (evaluation always plays full games)", Group = "atari")]
    public bool TerminalOnLifeLoss { get; init; } = true;

    [Setting("clip-rewards", "Clip training rewards to their sign (evaluation reports the unclipped score)", Group = "atari")]
    public bool ClipRewards { get; init; } = true;

    [Setting("repeat-action-probability", "Sticky-action probability; -1 = the id's own (0 for NoFrameskip-v4 ids, 0.25 for ALE/...-v5)", Min = -1, Max = 1, Group = "atari")]
    public double RepeatActionProbability { get; init; } = -1;

    [Setting("roms", "Folder with Atari ROMs; empty = DEEPQ_ROMS, else the per-user folder", Group = "atari")]
    public string Roms { get; init; } = "";

    /// <summary>The preset this config was built from (recorded in the run folder).</summary>
    public string Preset { get; init; } = Presets.CartPoleFast;

    /// <summary>A member-wise copy, so the resolver can set settings by reflection without touching the original.</summary>
    internal DqnConfig Copy() => this with { HiddenSizes = (int[])HiddenSizes.Clone() };

    /// <summary>Steps over which epsilon decays, in agent steps.</summary>
    public long ResolvedExplorationSteps =>
        ExplorationSteps > 0 ? ExplorationSteps : (long)Math.Round(ExplorationFraction * TotalSteps);

    /// <summary>Value equality including the hidden sizes (records compare arrays by reference).</summary>
    public bool SameAs(DqnConfig other) =>
        this with { HiddenSizes = s_noSizes } == other with { HiddenSizes = s_noSizes } && HiddenSizes.AsSpan().SequenceEqual(other.HiddenSizes);

    private static readonly int[] s_noSizes = new int[0];
}
