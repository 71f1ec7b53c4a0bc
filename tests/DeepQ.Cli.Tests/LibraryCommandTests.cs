using System.Text.Json;
using DeepQ.TestSupport;

namespace DeepQ.Cli.Tests;

public class LibraryCommandTests
{
    [Fact]
    public void Envs_lists_every_registry_id_and_json_has_the_same_list()
    {
        var r = CliRunner.Run("envs");
        Assert.Equal(0, r.ExitCode);
        var ids = DeepQ.Envs.Gym.Ids.ToList();
        Assert.Contains("CartPole-v1", ids);
        Assert.Equal(ids, r.OutLines.Select(l => l.Split(' ')[0]).ToList());

        var j = CliRunner.Run("envs", "--json");
        using var doc = JsonDocument.Parse(Assert.Single(j.OutLines));
        Assert.Equal(ids, doc.RootElement.GetProperty("envs").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public void Import_roms_from_a_missing_folder_is_a_one_line_error()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("import-roms", dir["missing"], "--roms", dir["roms"]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines);
        Assert.StartsWith("deepq: error: ", line);
        Assert.Contains("missing", line);
    }

    [SharedFact]
    public void Import_roms_copies_recognised_roms_and_lists_them()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["src/sub"]);
        File.Copy(SharedData.Rom("pong"), dir["src/sub/whatever.bin"]);
        File.WriteAllBytes(dir["src/junk.bin"], new byte[4096]);
        var r = CliRunner.Run("import-roms", dir["src"], "--roms", dir["roms"], "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.Equal(1, doc.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("pong", doc.RootElement.GetProperty("imported")[0].GetProperty("game").GetString());
        Assert.True(File.Exists(dir["roms/pong.bin"]));
    }

    [SharedFact]
    public void Import_roms_says_per_file_which_image_it_is()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["src"]);
        foreach (var game in new[] { "pong", "kaboom", "defender" }) File.Copy(SharedData.Rom(game), dir[$"src/{game}.bin"]);
        var r = CliRunner.Run("import-roms", dir["src"], "--roms", dir["roms"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.OutLines, l => l.StartsWith("pong", StringComparison.Ordinal) && l.EndsWith("ALE's supported image", StringComparison.Ordinal));
        // The CCE Kaboom! is another dump: the line names it and ALE's md5.
        Assert.Contains(r.OutLines, l => l.StartsWith("kaboom", StringComparison.Ordinal) && l.Contains("Kaboom! (CCE)") && l.Contains("5428cdfada281c569c74c7308c7f2c26"));
        // The shared Defender is recognised as the dump ALE never finishes loading, with ALE's md5.
        Assert.Contains(r.OutLines, l => l.StartsWith("defender", StringComparison.Ordinal) && l.Contains("never finishes loading") && l.Contains("0f643c34e40e3f1daafd9c524d3ffe64"));
        var play = CliRunner.Run("verify-trace", Path.Combine(SharedData.TracesDir, "pong_fs4_seed1.trace.gz"), "--roms", dir["roms"], "--fields", "reward");
        Assert.Equal(0, play.ExitCode);
    }

    [Fact]
    public void Bench_learner_ends_with_the_summary_line()
    {
        var r = CliRunner.Run("bench", "learner", "--batch", "2", "--updates", "1", "--acts", "1", "--warmup", "0", "--threads", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^update_ms=\d+\.\d\d act_ms=\d+\.\d\d\d$", r.OutLines[^1]);
    }

    [Fact]
    public void Bench_learner_rejects_a_negative_batch_and_an_unknown_preset()
    {
        var r = CliRunner.Run("bench", "learner", "--batch", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--batch must be between 0 and 4096, got -1", Assert.Single(r.ErrLines));
        r = CliRunner.Run("bench", "learner", "--preset", "pong-slow");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("pong-slow", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void Bench_train_ends_with_steps_per_second()
    {
        var r = CliRunner.Run("bench", "train", "--env", "CartPole-v1", "--steps", "60");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Matches(@"^60 agent steps, \d+ updates in \d+\.\d\d s$", r.OutLines[0]);
        Assert.Matches(@"^while learning \(\d+ steps, train-frequency 1\): \d+\.\d steps/s; ms per agent step:$", r.OutLines[1]);
        // Every part of an agent step is named: acting, the environment, storing, sampling, the update.
        foreach (var part in new[] { "act", "environment", "store", "replay sample", "update" })
            Assert.Contains(r.OutLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^  {part} +\d+\.\d{{3}}$"));
        Assert.Matches(@"^steps_per_s=\d+\.\d$", r.OutLines[^1]);
    }

    [Fact]
    public void Bench_train_on_an_unknown_env_is_a_one_line_error()
    {
        var r = CliRunner.Run("bench", "train", "--env", "Pongg-v4", "--steps", "60");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Pongg-v4", Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal)));
    }

    [SharedFact]
    public void Bench_emulator_ends_with_frames_per_second()
    {
        var r = CliRunner.Run("bench", "emulator", "--game", "pong", "--frames", "600", "--warmup-frames", "300", "--roms", SharedData.RomsDir);
        Assert.True(r.ExitCode == 0, r.Err);
        // The warm-up is timed apart, on its own line, before the measured run's.
        Assert.Matches(@"^warm-up: 300 frames in \d+\.\d\d s \(\d+ frames/s\), \d+\.\d\d s of it in the JIT$", r.OutLines[0]);
        Assert.Matches(@"^pong: 600 frames in \d+\.\d\d s, \d+ resets, [1-9]\d* blocks of ROM code compiled, \d+\.\d\d s of it in the JIT$", r.OutLines[1]);
        Assert.Matches(@"^frames_per_s=\d+$", r.OutLines[^1]);
        // With compiling off the CPU only interprets: same frames, no blocks; no warm-up, no warm-up line.
        var interpreted = CliRunner.Run("bench", "emulator", "--game", "pong", "--frames", "600", "--warmup-frames", "0", "--block-threshold", "0", "--roms", SharedData.RomsDir);
        Assert.True(interpreted.ExitCode == 0, interpreted.Err);
        Assert.Matches(@"^pong: 600 frames in \d+\.\d\d s, \d+ resets, 0 blocks of ROM code compiled, \d+\.\d\d s of it in the JIT$", interpreted.OutLines[0]);
    }

    [Fact]
    public void Bench_emulator_with_a_missing_rom_is_a_one_line_error()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["roms"]);
        var r = CliRunner.Run("bench", "emulator", "--roms", dir["roms"]);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("pong", line);
        Assert.Contains("import-roms", line);
    }

    [Fact]
    public void Bench_emulator_with_an_unknown_game_lists_the_valid_names()
    {
        var r = CliRunner.Run("bench", "emulator", "--game", "nosuchgame");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines, l => l.StartsWith("deepq: error:", StringComparison.Ordinal));
        Assert.Contains("nosuchgame", line);
        Assert.Contains("breakout", line);
        Assert.Contains("space_invaders", line);
        Assert.DoesNotContain("KnownRoms", line);
    }
}

public class AtariRecordTests
{
    [SharedFact]
    public void Record_pong_writes_full_atari_frames_in_ntsc_colours()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("record", "--env", "PongNoFrameskip-v4", "--roms", SharedData.RomsDir, "--max-steps", "12",
            "--out", dir["pong.gif"], "--mp4", "false");
        Assert.True(r.ExitCode == 0, r.Err);
        var (w, h, _, frames) = GifWriterTests.Decode(File.ReadAllBytes(dir["pong.gif"]));
        Assert.Equal((320, 420), (w, h));   // the 160x210 screen enlarged twice by default
        Assert.Equal(13, frames.Count);
        // 60 / frame skip 4 = 15 fps: 6.67 cs a frame, so delays of 7 and 6 cs that add up to 15 fps.
        Assert.Equal([7, 6, 7, 7, 6, 7], frames.Take(6).Select(f => f.DelayCentiseconds));
        // Pong's playfield brown, index 34 (0x22) of ALE's NTSC palette = (144, 72, 17),, fills the middle of the screen.
        int mid = (210 * 320 + 160) * 3;
        Assert.Equal(new byte[] { 144, 72, 17 }, frames[^1].Rgb[mid..(mid + 3)]);
    }
}
