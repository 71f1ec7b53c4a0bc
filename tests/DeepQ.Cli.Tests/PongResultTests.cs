using System.Text.Json;
using DeepQ.TestSupport;

namespace DeepQ.Cli.Tests;

/// <summary>
/// The committed Pong result stays reproducible: the seed-1 weights under docs/results/pong play
/// three full games of PongNoFrameskip-v4 (epsilon 0.01, unclipped score) and win them clearly.
/// </summary>
public class PongResultTests
{
    private static string Weights => Path.Combine(SharedData.RepoRoot ?? throw new InvalidOperationException("repository root not found"),
        "docs", "results", "pong", "pong-fast__1", "best.safetensors");

    [SharedFact]
    public void Committed_seed_1_weights_win_three_games_of_pong()
    {
        Assert.True(File.Exists(Weights), $"{Weights} is missing: it is the evidence of docs/results/pong");
        var r = CliRunner.Run("--roms", SharedData.RomsDir, "eval", Weights, "--env", "PongNoFrameskip-v4", "--episodes", "3", "--json");
        Assert.True(r.ExitCode == 0, string.Join("\n", r.ErrLines));
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("eval_episodes").GetInt32());
        Assert.Equal(0.01, root.GetProperty("epsilon").GetDouble());
        // Full games: every one ends with a side at 21, so each unclipped score is 21 minus the loser's points.
        foreach (var ret in root.GetProperty("returns").EnumerateArray()) Assert.InRange(ret.GetDouble(), -21, 21);
        double mean = root.GetProperty("eval_mean").GetDouble();
        Assert.True(mean >= 15, $"mean score {mean} over 3 games; the committed weights should win by at least 15");
    }
}
