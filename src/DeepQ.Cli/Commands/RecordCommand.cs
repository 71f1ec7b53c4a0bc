using System.CommandLine;
using System.Text.Json.Nodes;
using DeepQ.Agents.Config;
using DeepQ.Agents.Evaluation;
using DeepQ.Agents.Training;
using DeepQ.Cli.Media;
using DeepQ.Nn.Networks;

namespace DeepQ.Cli.Commands;

/// <summary><c>deepq record [MODEL]</c>: plays one episode and saves it as an animated GIF, plus an MP4 whenever ffmpeg is on PATH (unless --mp4 false).</summary>
internal static class RecordCommand
{
    public static Command Create(CliRuntime rt)
    {
        var model = new Argument<string?>("MODEL")
        {
            Description = "Run folder or .safetensors file to play (omit for a random policy)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var env = new Option<string?>("--env") { Description = "Environment id [default: the model's, else CartPole-v1]", HelpName = "ID" };
        var output = new Option<string>("--out", "-o") { Description = "GIF to write", DefaultValueFactory = _ => "episode.gif", HelpName = "FILE" };
        var mp4 = new Option<bool?>("--mp4")
        {
            Description = "MP4 beside the GIF: written when ffmpeg is on PATH [default]; --mp4 makes a missing ffmpeg an error, --mp4 false skips it",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the episode and of the policy's random actions", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var epsilon = new Option<double>("--epsilon") { Description = "Exploration epsilon while playing", DefaultValueFactory = _ => 0.0 }.Between(0.0, 1.0);
        var maxSteps = new Option<long>("--max-steps") { Description = "Stop after this many agent steps", DefaultValueFactory = _ => 27_000L }.AtLeast(1L);
        var scale = new Option<int?>("--scale") { Description = "Enlarge each frame this many times (nearest neighbour) [default: 2 for Atari's 160x210 screen, 1 otherwise]", HelpName = "N" };
        scale.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            try
            {
                if (r.GetValueOrDefault<int?>() is { } n && n is < 1 or > 8) r.AddError($"--scale must be between 1 and 8, got {r.Tokens[0].Value}.");
            }
            catch (InvalidOperationException) { }
        });
        var fps = new Option<double?>("--fps") { Description = "Playback frames per second [default: 60/frame-skip for Atari, 30 otherwise]" };
        fps.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            try
            {
                if (r.GetValueOrDefault<double?>() is { } f && !(f >= 1 && f <= 100)) r.AddError($"--fps must be between 1 and 100, got {r.Tokens[0].Value}.");
            }
            catch (InvalidOperationException) { }
        });

        var command = new Command("record", "Record one episode as an animated GIF, plus an MP4 when ffmpeg is on PATH (--mp4 false skips it)")
        {
            model, env, output, mp4, seed, epsilon, maxSteps, fps, scale, rt.Roms,
        };
        command.SetAction(parse =>
        {
            var console = rt.ConsoleFor(parse);
            // "--mp4 maybe": not a boolean, so the parser hands "maybe" to MODEL; say what is wrong with --mp4.
            if (parse.GetResult(mp4) is { Implicit: false, Tokens.Count: 0 } && parse.GetValue(model) is { } modelValue
                && !File.Exists(modelValue) && !Directory.Exists(modelValue) && FollowsMp4(parse.Tokens, modelValue))
                throw new CliUsageException($"--mp4 takes true or false (or nothing), got '{modelValue}'; if '{modelValue}' is meant as MODEL, it does not exist.");
            var source = ModelSource.Resolve(parse.GetValue(model), parse.GetValue(env), parse.GetValue(rt.Roms));
            string gifPath = parse.GetValue(output)!;
            bool? wantMp4 = parse.GetResult(mp4) is { Implicit: false, Tokens.Count: 0 } ? true : parse.GetValue(mp4);
            bool haveFfmpeg = Mp4Writer.FindFfmpeg() is not null;
            if (wantMp4 is null && !haveFfmpeg)
                console.Err.WriteLine("note: ffmpeg is not on PATH, so only the GIF is written (install ffmpeg for an MP4 too)");
            string? mp4Path = wantMp4 ?? haveFfmpeg ? Path.ChangeExtension(gifPath, ".mp4") : null;
            double rate = parse.GetValue(fps) ?? (Presets.IsAtari(source.Config.Env) ? 60.0 / source.Config.FrameSkip : 30);
            // GIF delays are whole centiseconds (browsers treat under 2 as slow): the writer alternates
            // neighbouring delays so the average rate is the one asked for (30 fps: 3, 3, 4 cs ...).
            rate = Math.Min(rate, 50);

            using var game = EnvFactory.MakeEvaluation(source.Config);
            QNetwork? net = null;
            if (source.ModelPath is { } path)
            {
                net = QNetwork.Create(Evaluator.ModelSpec(source.Config, game, path), 0);
                Agents.ModelFiles.LoadWeights(net, path);
            }
            var (sourceHeight, sourceWidth) = game.RenderSize;
            int times = parse.GetValue(scale) ?? (Presets.IsAtari(source.Config.Env) ? 2 : 1);
            int height = sourceHeight * times, width = sourceWidth * times;
            var enlarged = new byte[height * width * 3];
            ReadOnlySpan<byte> Enlarge(ReadOnlySpan<byte> frame)
            {
                if (times == 1) return frame;
                RecordCommand.Enlarge(frame, sourceWidth, sourceHeight, times, enlarged);
                return enlarged;
            }
            string? folder = Path.GetDirectoryName(Path.GetFullPath(gifPath));
            if (folder is not null) Directory.CreateDirectory(folder);

            Mp4Writer? video = mp4Path is null ? null : Mp4Writer.Start(width, height, rate, mp4Path);
            RecordedEpisode episode;
            try
            {
                using (var gif = new GifWriter(File.Create(gifPath), width, height, rate))
                {
                    var sinks = new List<Action<ReadOnlySpan<byte>>> { f => gif.AddFrame(Enlarge(f)) };
                    if (video is not null) sinks.Add(f => video.AddFrame(Enlarge(f)));
                    console.Err.WriteLine($"recording {source.Config.Env} with {(net is null ? "a random policy" : source.ModelPath)}");
                    episode = EpisodeRecorder.Play(game, net, parse.GetValue(epsilon), parse.GetValue(seed), parse.GetValue(maxSteps), sinks, console.Cancellation);
                }
                video?.Finish();
            }
            finally
            {
                video?.Dispose();
            }

            console.WriteResult(new JsonObject
            {
                ["env"] = source.Config.Env,
                ["model"] = source.ModelPath,
                ["gif"] = gifPath,
                ["mp4"] = mp4Path,
                ["return"] = Output.Json.Number(episode.Return),
                ["steps"] = episode.Steps,
                ["frames"] = episode.Frames,
                ["finished"] = episode.Finished,
                ["fps"] = Math.Round(rate, 3),
            }, o =>
            {
                o.WriteLine($"{source.Config.Env}: return {episode.Return:0.##} in {episode.Steps} steps{(episode.Finished ? "" : " (stopped before the episode ended)")}");
                o.WriteLine($"wrote {gifPath} ({episode.Frames} frames, {width}x{height})");
                if (mp4Path is not null) o.WriteLine($"wrote {mp4Path}");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Nearest-neighbour enlargement of an RGB frame [h, w, 3] by a whole factor into [h*k, w*k, 3].</summary>
    internal static void Enlarge(ReadOnlySpan<byte> frame, int width, int height, int times, Span<byte> into)
    {
        int outWidth = width * times;
        for (int y = 0; y < height; y++)
        {
            var row = into.Slice(y * times * outWidth * 3, outWidth * 3);
            for (int x = 0; x < width; x++)
                for (int k = 0; k < times; k++)
                    frame.Slice((y * width + x) * 3, 3).CopyTo(row[((x * times + k) * 3)..]);
            for (int k = 1; k < times; k++) row.CopyTo(into[((y * times + k) * outWidth * 3)..]);
        }
    }

    /// <summary>Whether <paramref name="value"/> is the token right after --mp4 on the command line.</summary>
    private static bool FollowsMp4(IReadOnlyList<System.CommandLine.Parsing.Token> tokens, string value)
    {
        for (int i = 0; i + 1 < tokens.Count; i++)
            if (tokens[i].Value == "--mp4" && tokens[i + 1].Value == value) return true;
        return false;
    }
}
