using System.Diagnostics;
using System.Globalization;

namespace DeepQ.Cli.Media;

/// <summary>
/// Writes an H.264 MP4 by piping raw RGB24 frames into <c>ffmpeg</c> found on PATH
/// (<c>-f rawvideo -pix_fmt rgb24 -s WxH -r FPS -i -</c>, encoded to yuv420p, which players
/// need; odd sizes are padded to even since yuv420p needs them). No ffmpeg: a clear user error.
/// </summary>
internal sealed class Mp4Writer : IDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Task<string> _stderr;
    private readonly string _path;
    private readonly int _frameBytes;
    private bool _finished;

    private Mp4Writer(Process process, string path, int frameBytes)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stderr = process.StandardError.ReadToEndAsync();
        _path = path;
        _frameBytes = frameBytes;
    }

    /// <summary>The ffmpeg executable on <paramref name="searchPath"/> (default: $PATH), or null.</summary>
    public static string? FindFfmpeg(string? searchPath = null)
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        string name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        foreach (var dir in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The ffmpeg arguments for <paramref name="width"/>x<paramref name="height"/> RGB frames at <paramref name="fps"/>.</summary>
    public static IReadOnlyList<string> Arguments(int width, int height, double fps, string path) =>
    [
        "-y", "-loglevel", "error",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", fps.ToString("0.###", CultureInfo.InvariantCulture), "-i", "-",
        "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-movflags", "+faststart",
        path,
    ];

    /// <summary>Starts ffmpeg; throws <see cref="CliUserException"/> when it is not on PATH.</summary>
    public static Mp4Writer Start(int width, int height, double fps, string path, string? ffmpeg = null)
    {
        ffmpeg ??= FindFfmpeg() ?? throw new CliUserException(
            $"cannot write '{path}': ffmpeg is not on PATH; install ffmpeg (e.g. 'apt-get install ffmpeg') or record a GIF only.");
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        foreach (var a in Arguments(width, height, fps, path)) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new CliUserException($"could not start '{ffmpeg}' to write '{path}'.");
        return new Mp4Writer(process, path, width * height * 3);
    }

    public void AddFrame(ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length != _frameBytes) throw new ArgumentException($"expected {_frameBytes} RGB bytes per frame, got {rgb.Length}", nameof(rgb));
        try
        {
            _stdin.Write(rgb);
        }
        catch (IOException)
        {
            Finish(); // ffmpeg quit early: report its own error
            throw new CliUserException($"ffmpeg stopped while writing '{_path}'.");
        }
    }

    /// <summary>Closes the pipe and waits for ffmpeg; a non-zero exit becomes a one-line error with ffmpeg's message.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        try { _stdin.Dispose(); } catch (IOException) { }
        _process.WaitForExit();
        string err = _stderr.Result.Trim();
        if (_process.ExitCode != 0)
            throw new CliUserException($"ffmpeg failed to write '{_path}' (exit {_process.ExitCode}): {ErrorReporter.OneLine(err)}");
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            try { _stdin.Dispose(); } catch (IOException) { }
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        _process.Dispose();
    }
}
