using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace DeepQ.Cli.Tests;

/// <summary>
/// Kills real <c>deepq train</c> processes (kill -9, or SIGINT like Ctrl-C) at random moments, resumes
/// each time, and checks the run folder's metrics.csv and TensorBoard file end with exactly the rows
/// of a run that was never interrupted. DEEPQ_KILL_ROUNDS raises the number of kills (default 8).
/// </summary>
public class CrashResumeTests(ITestOutputHelper output)
{
    /// <summary>CartPole, checkpoints every 200 steps, so kills land before, between and after checkpoints.</summary>
    private static string[] Settings(int totalSteps) =>
    [
        "--total-steps", totalSteps.ToString(CultureInfo.InvariantCulture), "--learning-starts", "500", "--batch-size", "32", "--hidden-sizes", "64",
        "--log-interval", LogInterval.ToString(CultureInfo.InvariantCulture), "--checkpoint-interval", "200", "--eval-interval", "1000", "--eval-episodes", "3",
        "--final-eval-episodes", "2", "--stop-reward", "NaN", "--seed", "3",
    ];

    private const long LogInterval = 200;

    [Fact]
    public void Metrics_after_random_kills_and_resumes_equal_an_uninterrupted_run()
    {
        if (OperatingSystem.IsWindows()) return; // sends POSIX signals with kill(1)
        int rounds = int.TryParse(Environment.GetEnvironmentVariable("DEEPQ_KILL_ROUNDS"), out int n) ? n : 8;
        // About 700 steps per round, so the kills spread over the whole run.
        string[] Run = Settings(Math.Max(5000, 700 * rounds));
        using var dir = new TempDir();
        var reference = CliRunner.Run(["train", .. Run, "--run-dir", dir["reference"]]);
        Assert.True(reference.ExitCode == 0, reference.Err);

        var random = new Random(11);
        string run = dir["killed"];
        int kills = 0, interrupts = 0;
        for (int round = 0; round < rounds && !File.Exists(Path.Combine(run, "result.json")); round++)
        {
            bool resumable = File.Exists(Path.Combine(run, "checkpoint.bin"));
            // A process killed between writing model.safetensors and its first checkpoint.bin left a folder
            // that can neither resume nor start fresh: start it over, as a user would.
            if (!resumable && Directory.Exists(run)) Directory.Delete(run, recursive: true);
            string[] args = resumable ? ["train", "--resume", run] : ["train", .. Run, "--run-dir", run];
            using var child = StartDeepq(args);
            Thread.Sleep(random.Next(300, 2500));
            if (child.HasExited) continue;
            if (random.Next(3) == 0)
            {
                Signal("INT", child.Id);
                interrupts++;
            }
            else
            {
                child.Kill();
                kills++;
            }
            Assert.True(child.WaitForExit(60_000), "deepq did not stop");
        }
        if (!File.Exists(Path.Combine(run, "result.json")))
        {
            using var last = StartDeepq(File.Exists(Path.Combine(run, "checkpoint.bin")) ? ["train", "--resume", run] : ["train", .. Run, "--run-dir", run]);
            Assert.True(last.WaitForExit(120_000));
            last.WaitForExit();
            Assert.True(last.ExitCode == 0, Errors.ToString());
        }
        output.WriteLine($"{kills} kill -9, {interrupts} SIGINT");
        foreach (var line in Errors.ToString().Split('\n').Where(l => l.Contains("resumed at step") || l.Contains("Stopped at step")))
            output.WriteLine(line);

        // Ctrl-C checkpoints at any step; the loss window since the last report is part of the checkpoint,
        // so even the TD loss and Q logged at the first report after such a resume must match.
        var expected = CsvRows(dir["reference"]);
        var actual = CsvRows(run);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
        var events = Assert.Single(Directory.GetFiles(run, "events.out.tfevents.*"));
        Assert.Equal(CsvRows(run).Select(r => (r.Step, r.Tag, (float)r.Value)), EventRows(events));
        Assert.Equal(CsvRows(dir["reference"]).Count, EventRows(events).Count);
    }

    /// <summary>(step, tag, value) of metrics.csv; steps/s, the training clock and wall times depend on the machine, not the run.</summary>
    internal static List<(long Step, string Tag, double Value)> CsvRows(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[1] is not ("charts/SPS" or "charts/training_seconds"))
            .Select(c => (long.Parse(c[0], CultureInfo.InvariantCulture), c[1], double.Parse(c[2], CultureInfo.InvariantCulture)))
            .ToList();

    internal static List<(long Step, string Tag, float Value)> EventRows(string file)
    {
        var rows = new List<(long, string, float)>();
        foreach (var record in TfEventWriterTests.ReadRecords(File.ReadAllBytes(file)).Skip(1))
        {
            var ev = TfEventWriterTests.Decode(record);
            var value = TfEventWriterTests.Decode((byte[])TfEventWriterTests.Decode((byte[])ev.Single(f => f.Field == 5).Value).Single().Value);
            string tag = Encoding.UTF8.GetString((byte[])value.Single(f => f.Field == 1).Value);
            if (tag is "charts/SPS" or "charts/training_seconds") continue;
            rows.Add(((long)(ulong)ev.Single(f => f.Field == 2).Value, tag,
                BitConverter.UInt32BitsToSingle((uint)(ulong)value.Single(f => f.Field == 2).Value)));
        }
        return rows;
    }

    /// <summary>What the children wrote to stderr.</summary>
    private static readonly StringBuilder Errors = new();

    /// <summary>The deepq built next to this test, as its own process.</summary>
    internal static Process StartDeepq(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deepq.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        var p = new Process { StartInfo = info };
        // Drain both pipes so a chatty child never blocks on a full pipe; keep stderr for failure messages.
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Errors) Errors.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
