using System.Text.Json;
using DeepQ.Cli.Media;

namespace DeepQ.Cli.Tests;

/// <summary>eval and record against a tiny CartPole run trained once for the class.</summary>
public sealed class TrainedRunFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public TrainedRunFixture()
    {
        RunDir = _dir["run"];
        var r = CliRunner.Run("train", "--total-steps", "150", "--learning-starts", "100", "--batch-size", "16", "--hidden-sizes", "32",
            "--final-eval-episodes", "1", "--eval-interval", "0", "--run-dir", RunDir, "--json");
        if (r.ExitCode != 0) throw new InvalidOperationException("fixture training failed: " + r.Err);
    }

    public string RunDir { get; }

    public void Dispose() => _dir.Dispose();
}

public class EvalRecordTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    [Fact]
    public void Eval_json_has_the_statistics_of_n_episodes()
    {
        var r = CliRunner.Run("eval", run.RunDir, "--episodes", "3", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("eval_episodes").GetInt32());
        var returns = root.GetProperty("returns").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3, returns.Length);
        Assert.Equal(returns.Average(), root.GetProperty("eval_mean").GetDouble(), 9);
        Assert.True(root.GetProperty("eval_std").GetDouble() >= 0);
        Assert.Equal(Path.GetFullPath(run.RunDir), root.GetProperty("run_dir").GetString());
    }

    [Fact]
    public void Eval_is_deterministic_for_a_seed()
    {
        var a = CliRunner.Run("eval", run.RunDir, "-n", "2", "--epsilon", "0.5", "--seed", "4", "--json");
        var b = CliRunner.Run("eval", run.RunDir, "-n", "2", "--epsilon", "0.5", "--seed", "4", "--json");
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Out, b.Out);
    }

    [Fact]
    public void Corrupt_model_is_a_one_line_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["model.safetensors"], "this is not a model");
        var r = CliRunner.Run("eval", dir["model.safetensors"], "--env", "CartPole-v1");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("model.safetensors", line);
        Assert.Contains("corrupt or truncated", line);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void A_model_with_one_flipped_byte_is_refused_naming_the_file()
    {
        using var dir = new TempDir();
        string model = dir["model.safetensors"];
        var bytes = File.ReadAllBytes(Path.Combine(run.RunDir, "model.safetensors"));
        bytes[bytes.Length / 2] ^= 0x04;   // in the weights: still a well-formed file
        File.WriteAllBytes(model, bytes);
        var r = CliRunner.Run("eval", model, "--env", "CartPole-v1", "-n", "1");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains(model, line);
        Assert.Contains("checksum mismatch", line);
    }

    [Fact]
    public void Record_mp4_with_a_non_boolean_value_is_a_usage_error_about_mp4()
    {
        var r = CliRunner.Run("record", "--mp4", "maybe");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.ErrLines);
        Assert.Contains("--mp4 takes true or false", line);
        Assert.Contains("'maybe'", line);
    }

    [Fact]
    public void Model_for_another_env_is_a_one_line_mismatch_error()
    {
        var r = CliRunner.Run("eval", run.RunDir, "--env", "Acrobot-v1", "-n", "1");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("does not fit", line);
        Assert.Contains("trained for CartPole-v1", line);
        Assert.Contains("--env CartPole-v1", line);
    }

    [DeepQ.TestSupport.SharedFact]
    public void Model_for_vectors_on_an_atari_env_names_the_trained_env_not_a_network_flag()
    {
        var r = CliRunner.Run("--roms", DeepQ.TestSupport.SharedData.RomsDir, "eval", run.RunDir, "--env", "PongNoFrameskip-v4", "-n", "1");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("trained for CartPole-v1", line);
        Assert.DoesNotContain("--network", line);
    }

    [Fact]
    public void Missing_model_is_a_one_line_error()
    {
        var r = CliRunner.Run("eval", "/nonexistent/run");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("/nonexistent/run", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void Record_writes_a_gif_whose_frames_are_the_episode()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("record", run.RunDir, "--out", dir["ep.gif"], "--mp4", "false", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        int frames = doc.RootElement.GetProperty("frames").GetInt32();
        Assert.Equal(doc.RootElement.GetProperty("steps").GetInt64() + 1, frames);
        var gif = GifWriterTests.Decode(File.ReadAllBytes(dir["ep.gif"]));
        Assert.Equal(frames, gif.Frames.Count);
        Assert.True(gif.Loops);
        Assert.Equal(3, gif.Frames[0].DelayCentiseconds); // 30 fps for classic control
        Assert.NotEqual(gif.Frames[0].Rgb, gif.Frames[^1].Rgb); // the pole moved
    }

    [Fact]
    public void Record_with_a_random_policy_needs_no_model()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("record", "--env", "CartPole-v1", "--out", dir["r.gif"], "--mp4", "false", "--max-steps", "5");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(6, GifWriterTests.Decode(File.ReadAllBytes(dir["r.gif"])).Frames.Count);
    }

    [Fact]
    public void Record_scale_enlarges_every_pixel_into_a_block()
    {
        using var dir = new TempDir();
        Assert.Equal(0, CliRunner.Run("record", "--env", "CartPole-v1", "--out", dir["1.gif"], "--mp4", "false", "--max-steps", "2").ExitCode);
        Assert.Equal(0, CliRunner.Run("record", "--env", "CartPole-v1", "--out", dir["2.gif"], "--mp4", "false", "--max-steps", "2", "--scale", "2").ExitCode);
        var small = GifWriterTests.Decode(File.ReadAllBytes(dir["1.gif"]));
        var large = GifWriterTests.Decode(File.ReadAllBytes(dir["2.gif"]));
        Assert.Equal((small.Width * 2, small.Height * 2), (large.Width, large.Height));
        var a = small.Frames[^1].Rgb;
        var b = large.Frames[^1].Rgb;
        for (int y = 0; y < large.Height; y++)
            for (int x = 0; x < large.Width; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(a[((y / 2) * small.Width + x / 2) * 3 + c], b[(y * large.Width + x) * 3 + c]);
        Assert.Equal(2, CliRunner.Run("record", "--env", "CartPole-v1", "--scale", "0").ExitCode);
    }
}

public class Mp4WriterTests
{
    private static string FakeFfmpeg(TempDir dir, string body)
    {
        Directory.CreateDirectory(dir["bin"]);
        string path = dir["bin/ffmpeg"];
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void Finds_ffmpeg_only_on_the_given_path()
    {
        using var dir = new TempDir();
        Assert.Null(Mp4Writer.FindFfmpeg(dir.Path));
        string fake = FakeFfmpeg(dir, "exit 0");
        Assert.Equal(fake, Mp4Writer.FindFfmpeg(dir["nothing"] + Path.PathSeparator + dir["bin"]));
    }

    [UnixFact]
    public void Pipes_raw_rgb_frames_with_the_size_and_rate_in_the_arguments()
    {
        using var dir = new TempDir();
        string fake = FakeFfmpeg(dir, $"printf '%s\\n' \"$@\" > '{dir["args.txt"]}'\ncat > '{dir["frames.raw"]}'");
        var frame1 = Enumerable.Range(0, 4 * 3 * 3).Select(i => (byte)i).ToArray();
        var frame2 = frame1.Select(b => (byte)(255 - b)).ToArray();
        using (var w = Mp4Writer.Start(4, 3, 15, dir["out.mp4"], fake))
        {
            w.AddFrame(frame1);
            w.AddFrame(frame2);
            w.Finish();
        }
        Assert.Equal([.. frame1, .. frame2], File.ReadAllBytes(dir["frames.raw"]));
        var args = File.ReadAllLines(dir["args.txt"]);
        Assert.Equal(Mp4Writer.Arguments(4, 3, 15, dir["out.mp4"]), args);
        Assert.Contains("4x3", args);
        Assert.Contains("rgb24", args);
        Assert.Equal(dir["out.mp4"], args[^1]);
    }

    [UnixFact]
    public void A_failing_ffmpeg_is_a_one_line_user_error_with_its_message()
    {
        using var dir = new TempDir();
        string fake = FakeFfmpeg(dir, "cat > /dev/null\necho 'Unknown encoder libx264' >&2\nexit 1");
        using var w = Mp4Writer.Start(2, 2, 15, dir["out.mp4"], fake);
        w.AddFrame(new byte[12]);
        var e = Assert.Throws<CliUserException>(() => w.Finish());
        Assert.Contains("Unknown encoder libx264", e.Message);
        Assert.Contains("exit 1", e.Message);
    }
}

/// <summary>A test that runs a fake ffmpeg shell script: skipped, with the reason, where /bin/sh scripts cannot run (Windows).</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Runs a /bin/sh script as a fake ffmpeg: needs a Unix-like OS.";
    }
}
