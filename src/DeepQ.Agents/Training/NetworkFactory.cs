using DeepQ.Agents.Config;
using DeepQ.Envs;
using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Agents.Training;

/// <summary>Turns config settings into the Q-network spec and the optimizer.</summary>
public static class NetworkFactory
{
    /// <summary>The network for this env: an MLP over float vectors or the Nature CNN over [C,84,84] bytes.</summary>
    public static QNetworkSpec Spec(DqnConfig config, IEnv env)
    {
        int actions = env.ActionSpace.N;
        var shape = env.ObservationSpace.Shape;
        bool frames = env is IEnv<byte>;
        var kind = config.Network == NetworkKind.Auto ? (frames ? NetworkKind.NatureCnn : NetworkKind.Mlp) : config.Network;
        if (kind is NetworkKind.NatureCnn or NetworkKind.Nips2013Cnn)
        {
            string name = ConfigSchema.EnumWord(kind.ToString());
            if (!frames || shape.Count != 3)
                throw new ConfigException($"network {name} needs stacked Atari frames, but {config.Env} gives [{string.Join(",", shape)}] {env.ObservationSpace.DType} observations; use `network` = mlp.");
            return kind == NetworkKind.NatureCnn
                ? QNetworkSpec.Nature(actions, config.Dueling, shape[0], shape[1], shape[2])
                : QNetworkSpec.Nips2013(actions, config.Dueling, shape[0], shape[1], shape[2]);
        }
        if (frames)
            throw new ConfigException($"network mlp needs float vector observations, but {config.Env} gives byte frames; use `network` = nature-cnn.");
        int size = 1;
        foreach (var d in shape) size *= d;
        return QNetworkSpec.Mlp(size, actions, (int[])config.HiddenSizes.Clone(), config.Dueling);
    }

    /// <summary>The configured optimizer over the online network's parameters.</summary>
    public static Optimizer Optimizer(DqnConfig c, QNetwork online) => c.Optimizer switch
    {
        OptimizerKind.Adam => new Adam(online.Parameters) { LearningRate = c.LearningRate, Beta1 = c.AdamBeta1, Beta2 = c.AdamBeta2, Epsilon = c.AdamEpsilon },
        OptimizerKind.RmsProp => new RmsProp(online.Parameters) { LearningRate = c.LearningRate, Alpha = c.RmsPropAlpha, Epsilon = c.RmsPropEpsilon, Centered = c.RmsPropCentered, Momentum = c.Momentum },
        OptimizerKind.NatureRmsProp => new NatureRmsProp(online.Parameters)
        {
            LearningRate = c.LearningRate, GradientMomentum = c.RmsPropAlpha, SquaredGradientMomentum = c.RmsPropAlpha, MinSquaredGradient = c.RmsPropEpsilon,
        },
        OptimizerKind.Sgd => new Sgd(online.Parameters, c.LearningRate) { Momentum = c.Momentum },
        _ => throw new ConfigException($"optimizer {c.Optimizer} is not supported."),
    };
}
