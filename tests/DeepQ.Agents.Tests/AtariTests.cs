using DeepQ.Agents.Config;
using DeepQ.Agents.Training;
using DeepQ.TestSupport;

namespace DeepQ.Agents.Tests;

public class AtariTests
{
    /// <summary>The nature preset with a tiny buffer and early learning, so a few hundred steps exercise everything.</summary>
    private static DqnConfig TinyPong(long steps) => ConfigLoader.Resolve(preset: Presets.Nature, flags:
    [
        new("roms", SharedData.RomsDir), new("total-steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("buffer-size", "300"), new("learning-starts", "40"), new("target-update-interval", "40"), new("batch-size", "8"),
        new("eval-interval", "0"), new("final-eval-episodes", "0"), new("log-interval", "20"),
    ]);

    [SharedFact]
    public void NaturePresetTrainsPongWithTheNatureNetworkOnStackedFrames()
    {
        var progress = new List<TrainingProgress>();
        TrainingStart? start = null;
        var r = DqnTrainer.Train(TinyPong(160), null, new Observer(progress, s => start = s));
        Assert.Equal(TrainingStatus.Completed, r.Status);
        Assert.Equal(160, r.Steps);
        Assert.Equal(30, r.Updates);                               // every 4 steps after step 40: 44..160
        Assert.NotNull(start);
        Assert.Contains("NatureCnn(input [4,84,84], 6 actions", start!.Network);
        var last = progress[^1];
        Assert.True(double.IsFinite(last.Loss) && last.Loss >= 0, $"loss {last.Loss}");
        Assert.InRange(last.Epsilon, 0.999, 1.0);                  // nature decays over 1M steps
    }

    [SharedFact]
    public void PongResumeIsBitIdentical()
    {
        var config = TinyPong(100);
        string a = Path.Combine(Directory.CreateTempSubdirectory("deepq-pong-").FullName, "run");
        string b = Path.Combine(Directory.CreateTempSubdirectory("deepq-pong-").FullName, "run");
        DqnTrainer.Train(config, a);
        using var cts = new CancellationTokenSource();
        var first = DqnTrainer.Train(config, b, new CancelAtStep(60, cts), cts.Token);
        Assert.Equal(TrainingStatus.Cancelled, first.Status);
        DqnTrainer.Resume(b);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "model.safetensors")), File.ReadAllBytes(Path.Combine(b, "model.safetensors")));
        Assert.Equal(TrainerTests.CheckpointState(a), TrainerTests.CheckpointState(b));
    }

    /// <summary>
    /// ALE/Pong-v5 skips 4 frames itself; under the DQN preprocessing (which skips and max-pools
    /// on its own) it must open one frame per step and keep its sticky actions, or each agent step
    /// would be 16 frames, or the id would be refused.
    /// </summary>
    [SharedTheory]
    [InlineData("ALE/Pong-v5", 0.25)]
    [InlineData("PongNoFrameskip-v4", 0.0)]
    public void EveryAtariIdSteps4FramesPerAgentStepUnderThePreprocessingAndKeepsItsStickyActions(string id, double sticky)
    {
        var config = ConfigLoader.Resolve(preset: Presets.PongFast, flags: [new("roms", SharedData.RomsDir), new("env", id)]);
        using var env = (DeepQ.Envs.IEnv<byte>)EnvFactory.MakeTraining(config);
        var raw = (DeepQ.Envs.Atari.AtariEnv)env.Unwrapped;
        Assert.Equal(1, raw.Config.FrameSkip);
        Assert.Equal(sticky, raw.Config.RepeatActionProbability);
        env.Reset(seed: 5);
        long before = env.Info.EpisodeFrameNumber;
        for (int i = 0; i < 10; i++) env.Step(i % env.ActionSpace.N);
        Assert.Equal(before + 40, env.Info.EpisodeFrameNumber);

        var off = ConfigLoader.Resolve(preset: Presets.PongFast, flags: [new("roms", SharedData.RomsDir), new("env", id), new("repeat-action-probability", "0")]);
        using var plain = EnvFactory.MakeTraining(off);
        Assert.Equal(0.0, ((DeepQ.Envs.Atari.AtariEnv)plain.Unwrapped).Config.RepeatActionProbability);
    }

    private sealed class Observer(List<TrainingProgress> progress, Action<TrainingStart> onStart) : ITrainingObserver
    {
        public void OnStart(TrainingStart s) => onStart(s);
        public void OnProgress(TrainingProgress p) => progress.Add(p);
    }

    private sealed class CancelAtStep(long step, CancellationTokenSource cts) : ITrainingObserver
    {
        public void OnProgress(TrainingProgress p) { if (p.Step == step) cts.Cancel(); }
    }
}
