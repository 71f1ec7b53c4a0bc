using System.Text.RegularExpressions;
using DeepQ.Cli.Benchmarks;

namespace DeepQ.Cli.Tests;

public class LearnerBenchmarkTests
{
    // A tiny run (batch 2, a few iterations) of the real Nature network and the pong-fast update: well under a second.
    private static readonly LearnerBenchmarkOptions Tiny = new()
    {
        BatchSize = 2, WarmupIterations = 1, UpdateIterations = 2, ActIterations = 3, ProfileIterations = 1, Seed = 7, ReplayTransitions = 50,
    };

    [Fact]
    public void A_tiny_run_reports_times_a_profile_and_the_summary_line()
    {
        var r = LearnerBenchmark.Run(Tiny);
        Assert.True(r.UpdateMs > 0 && r.ActMs > 0, $"update {r.UpdateMs} ms, act {r.ActMs} ms");
        Assert.True(r.UpdateCpuMs > 0, $"update cpu {r.UpdateCpuMs} ms");
        Assert.Equal(2, r.BatchSize);
        Assert.Equal(Enum.GetValues<DeepQ.Agents.Training.UpdatePhase>().Length, r.UpdatePhases.Count);
        Assert.Equal("pong-fast", r.Preset);
        Assert.Equal(DeepQ.Nn.Kernels.Gemm.InstructionSet, r.Kernels);
        Assert.False(string.IsNullOrWhiteSpace(r.Kernels));
        Assert.Contains(r.LayerProfile, p => p.Name == "0:Conv2d forward");
        Assert.Contains(r.LayerProfile, p => p.Name == "0:Conv2d backward");
        Assert.True(float.IsFinite(r.FinalLoss) && r.FinalLoss >= 0, $"loss {r.FinalLoss}");
        Assert.Matches(new Regex(@"^update_ms=\d+\.\d{2} act_ms=\d+\.\d{3}$"), r.SummaryLine);
    }

    [Fact]
    public void The_same_seed_gives_the_same_loss_bits_for_any_thread_count()
    {
        var one = LearnerBenchmark.Run(Tiny with { Threads = 1, ProfileIterations = 0 });
        var three = LearnerBenchmark.Run(Tiny with { Threads = 3, ProfileIterations = 0 });
        Assert.Equal(BitConverter.SingleToInt32Bits(one.FinalLoss), BitConverter.SingleToInt32Bits(three.FinalLoss));
        Assert.Equal(1, one.Threads);
        Assert.Equal(3, three.Threads);
    }

    [Fact]
    public void Settings_over_the_preset_change_what_is_timed()
    {
        // pong-fast's 2013 network: two convolutions, then the dueling head as layer 5; the Nature
        // network asked for over the preset has three, and its head is layer 7.
        var r = LearnerBenchmark.Run(Tiny with { ProfileIterations = 1 });
        Assert.Contains(r.LayerProfile, p => p.Name == "5:DuelingHead forward");
        Assert.DoesNotContain(r.LayerProfile, p => p.Name.StartsWith("7:", StringComparison.Ordinal));
        var nature = LearnerBenchmark.Run(Tiny with { Overrides = [new("network", "nature-cnn")], ProfileIterations = 1 });
        Assert.Contains(nature.LayerProfile, p => p.Name == "7:DuelingHead forward");
        var bad = CliRunner.Run("bench", "learner", "--set", "network");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("KEY=VALUE", Assert.Single(bad.ErrLines));
    }

    [Fact]
    public void Bad_options_are_rejected_with_the_setting_named()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LearnerBenchmark.Run(Tiny with { BatchSize = -1 }));
        Assert.Contains("Batch size", ex.Message);
    }
}
