using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Agents.Training;
using DeepQ.Envs;
using DeepQ.Nn.Networks;

namespace DeepQ.Agents.Tests;

public class EvaluatorTests
{
    [Fact]
    public void SummaryStatisticsMatchHandComputation()
    {
        var r = new EvaluationResult([1, 2, 3, 10], [5, 6, 7, 8], 0.05, 1);
        Assert.Equal(4, r.Mean);
        Assert.Equal(Math.Sqrt((9 + 4 + 1 + 36) / 4.0), r.Std, 12);   // population std, as numpy's default
        Assert.Equal(2.5, r.Median);
        Assert.Equal(1, r.Min);
        Assert.Equal(10, r.Max);
        Assert.Equal(6.5, r.MeanLength);
        Assert.Equal(3, new EvaluationResult([5, 3, 1], [1, 1, 1], 0, 1).Median);
    }

    [Fact]
    public void ResultsDoNotDependOnHowManyEpisodesRunSideBySide()
    {
        var config = new DqnConfig();
        var envs = Enumerable.Range(0, 4).Select(_ => (IEnv<float>)EnvFactory.MakeEvaluation(config)).ToList();
        var net = QNetwork.Create(NetworkFactory.Spec(config, envs[0]), 7);
        var one = Evaluator.Run(envs[0], net, episodes: 9, epsilon: 0.3, seed: 5);
        var four = Evaluator.Run(envs, net, episodes: 9, epsilon: 0.3, seed: 5);
        Assert.Equal(one.Returns, four.Returns);
        Assert.Equal(one.Lengths, four.Lengths);
        Assert.Equal(9, four.Episodes);
        var other = Evaluator.Run(envs, net, episodes: 9, epsilon: 0.3, seed: 6);
        Assert.NotEqual(one.Returns, other.Returns);                     // another seed, other start states
        Assert.All(one.Returns, r => Assert.InRange(r, 1, 500));
        foreach (var e in envs) e.Dispose();
    }

    [Fact]
    public void EvaluatingAMissingOrMismatchedModelIsAUserError()
    {
        var config = new DqnConfig();
        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => Evaluator.EvaluateModel("/nonexistent/best.safetensors", config, 1, 0, 1)).Message);
        string dir = Directory.CreateTempSubdirectory("deepq-eval-").FullName;
        string path = Path.Combine(dir, "wrong.safetensors");
        QNetwork.Create(QNetworkSpec.Mlp(4, 2, [16]), 1).Save(path);            // another architecture
        Assert.Throws<CheckpointException>(() => Evaluator.EvaluateModel(path, config, 1, 0, 1));
        File.WriteAllText(path, "not a model");
        Assert.Throws<CheckpointException>(() => Evaluator.EvaluateModel(path, config, 1, 0, 1));
    }
}
