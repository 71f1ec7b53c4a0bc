using DeepQ.Cli.Progress;

namespace DeepQ.Cli.Tests;

public class ProgressTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(42, "42s")]
    [InlineData(425, "7m05s")]
    [InlineData(7380, "2h03m")]
    [InlineData(273600, "3d04h")]
    public void Durations_are_short(int seconds, string expected) =>
        Assert.Equal(expected, ProgressFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Time_left_is_remaining_steps_over_throughput_and_unknown_without_throughput()
    {
        Assert.Equal(TimeSpan.FromSeconds(50), ProgressFormat.TimeLeft(1000, 20));
        Assert.Null(ProgressFormat.TimeLeft(1000, 0));
        Assert.Null(ProgressFormat.TimeLeft(1000, double.NaN));
    }

    [Fact]
    public void Plain_line_shows_every_field_and_dashes_for_unknowns()
    {
        var p = new ProgressSnapshot(25_000, 100_000, 57, double.NaN, 0.5, double.NaN, 500, TimeSpan.FromSeconds(50));
        Assert.Equal("step 25000/100000 (25.0%) | 500 steps/s | episodes 57 | return - | epsilon 0.500 | loss - | elapsed 50s | left 2m30s",
            ProgressFormat.Line(p));
        var q = p with { RecentReturn = -20.456, Loss = 0.00012 };
        Assert.Contains("return -20.46", ProgressFormat.Line(q));
        Assert.Contains("loss 1.20e-4", ProgressFormat.Line(q));
        // Time left follows the session average when known, not the last interval's rate.
        Assert.EndsWith("left 12m30s", ProgressFormat.Line(p with { AverageSteps = 100 }));
    }

    [Fact]
    public void Plain_display_throttles_lines_but_always_prints_the_last_and_events()
    {
        var err = new StringWriter { NewLine = "\n" };
        var display = new PlainDisplay(err, TimeSpan.FromHours(1));
        var p = new ProgressSnapshot(10, 100, 0, double.NaN, 1, double.NaN, 1, TimeSpan.Zero);
        display.Update(p);
        display.Update(p with { Step = 20 });
        display.Event("evaluation: fine");
        display.Update(p with { Step = 100 });
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("step 10/100", lines[0]);
        Assert.Equal("evaluation: fine", lines[1]);
        Assert.StartsWith("step 100/100", lines[2]);
    }

    [Fact]
    public void Live_display_draws_a_panel_with_the_numbers()
    {
        var err = new StringWriter();
        var console = new Output.CliConsole(TextWriter.Null, err, json: false, errorIsTerminal: true, CancellationToken.None);
        var display = TrainingDisplay.For(console, TimeSpan.Zero);
        Assert.IsType<LiveDisplay>(display);
        int result = display.Run(() =>
        {
            display.Update(new ProgressSnapshot(5000, 10000, 12, 21.5, 0.25, 0.5, 1000, TimeSpan.FromSeconds(5)));
            display.Event("evaluation at step 5,000: great");
            return 7;
        });
        Assert.Equal(7, result);
        string text = err.ToString();
        Assert.Contains("5,000 / 10,000", text);
        Assert.Contains("21.5", text);
        Assert.Contains("evaluation at step 5,000: great", text);
    }

    [Fact]
    public void Time_left_is_not_promised_from_the_fast_steps_before_learning_starts()
    {
        var err = new StringWriter { NewLine = "\n" };
        using var observer = new CliTrainingObserver(new PlainDisplay(err, TimeSpan.Zero));
        var config = new Agents.Config.DqnConfig { TotalSteps = 100_000, LearningStarts = 10_000 };
        observer.OnStart(new Agents.Training.TrainingStart(config, null, "mlp", 1, 2, 0, 0));
        Agents.Training.TrainingProgress At(long step, double seconds, double sps) =>
            new(step, 100_000, 0, 0, 1, double.NaN, double.NaN, sps, double.NaN, TimeSpan.FromSeconds(seconds));
        observer.OnProgress(At(5_000, 5, 1000));     // acting only: 1,000 steps/s
        observer.OnProgress(At(10_000, 10, 1000));
        observer.OnProgress(At(15_000, 60, 100));    // learning: 100 steps/s
        observer.OnProgress(At(20_000, 110, 100));
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("step ", StringComparison.Ordinal)).ToList();
        Assert.EndsWith("left -", lines[0]);
        Assert.EndsWith("left -", lines[1]);
        // 80,000 steps left at the learning rate of 100 steps/s, not at the early 1,000.
        Assert.EndsWith("left 13m20s", lines[3]);
    }

    [Fact]
    public void Json_mode_never_uses_the_live_display()
    {
        var console = new Output.CliConsole(TextWriter.Null, TextWriter.Null, json: true, errorIsTerminal: true, CancellationToken.None);
        Assert.IsType<PlainDisplay>(TrainingDisplay.For(console, TimeSpan.Zero));
    }
}
