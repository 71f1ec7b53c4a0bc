using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using DeepQ.Cli.Progress;

namespace DeepQ.Cli.Experiments;

/// <summary>
/// The live view of a whole grid on stderr: one bar for the grid (runs done, agent steps done of
/// all runs' budgets) and a line per running run, redrawn in place on a terminal; plain summary
/// lines every few seconds otherwise (logs, --json). Finished and failed runs are events.
/// </summary>
internal abstract class GridDisplay
{
    public static GridDisplay For(Output.CliConsole console, TimeSpan plainInterval) =>
        console.ErrorIsTerminal && !console.Json ? new LiveGridDisplay(console.Err) : new PlainGridDisplay(console.Err, plainInterval);

    public abstract T Run<T>(Func<T> work);

    public abstract void Update(IReadOnlyList<RunStatus> runs);

    public abstract void Event(string message);

    /// <summary>"12/40 runs done (2 running, 1 failed) | 1,234,567 / 4,000,000 steps (30.9%) | elapsed 3m10s"</summary>
    public static string Summary(IReadOnlyList<RunStatus> runs, TimeSpan elapsed)
    {
        int done = runs.Count(r => r.Phase == RunPhase.Finished);
        int running = runs.Count(r => r.Phase == RunPhase.Running);
        int failed = runs.Count(r => r.Phase == RunPhase.Failed);
        long steps = runs.Sum(r => r.Phase == RunPhase.Finished ? r.Run.Config.TotalSteps : Math.Min(r.Step, r.Run.Config.TotalSteps));
        long total = runs.Sum(r => r.Run.Config.TotalSteps);
        double percent = total > 0 ? 100.0 * steps / total : 0;
        string extra = failed > 0 ? $", {failed} failed" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{done}/{runs.Count} runs done ({running} running{extra}) | {ProgressFormat.Steps(steps)} / {ProgressFormat.Steps(total)} steps ({percent:0.0}%) | elapsed {ProgressFormat.Duration(elapsed)}");
    }
}

/// <summary>A summary line every <c>interval</c> and a line per event: for logs, CI and --json.</summary>
internal sealed class PlainGridDisplay(TextWriter err, TimeSpan interval) : GridDisplay
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.MinValue;

    public override T Run<T>(Func<T> work) => work();

    public override void Update(IReadOnlyList<RunStatus> runs)
    {
        if (_last != TimeSpan.MinValue && _clock.Elapsed - _last < interval) return;
        _last = _clock.Elapsed;
        lock (err) err.WriteLine("grid: " + Summary(runs, _clock.Elapsed));
    }

    public override void Event(string message)
    {
        lock (err) err.WriteLine(message);
    }
}

/// <summary>A Spectre.Console panel redrawn in place: the grid's summary, a bar per running run, recent events.</summary>
internal sealed class LiveGridDisplay : GridDisplay
{
    private const int EventLines = 6, RunLines = 12;
    private readonly IAnsiConsole _console;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<string> _events = new();
    private readonly object _gate = new();
    private IReadOnlyList<RunStatus> _runs = [];
    private LiveDisplayContext? _context;

    public LiveGridDisplay(TextWriter err)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(err),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
    }

    public override T Run<T>(Func<T> work)
    {
        T result = default!;
        _console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(ctx =>
        {
            lock (_gate) _context = ctx;
            result = work();
            lock (_gate)
            {
                ctx.UpdateTarget(Render());
                ctx.Refresh();
                _context = null;
            }
        });
        return result;
    }

    public override void Update(IReadOnlyList<RunStatus> runs)
    {
        lock (_gate)
        {
            _runs = runs;
            Redraw();
        }
    }

    public override void Event(string message)
    {
        lock (_gate)
        {
            _events.Enqueue(message);
            while (_events.Count > EventLines) _events.Dequeue();
            Redraw();
        }
    }

    private void Redraw()
    {
        if (_context is null) return;
        _context.UpdateTarget(Render());
        _context.Refresh();
    }

    private IRenderable Render()
    {
        var rows = new List<IRenderable> { new Markup(Markup.Escape(Summary(_runs, _clock.Elapsed))) };
        var table = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap());
        foreach (var r in _runs.Where(r => r.Phase == RunPhase.Running).Take(RunLines))
        {
            long total = r.Run.Config.TotalSteps;
            double fraction = total > 0 ? Math.Clamp((double)r.Step / total, 0, 1) : 0;
            int filled = (int)Math.Round(fraction * 20);
            table.AddRow(Markup.Escape(r.Run.Label), $"{new string('█', filled)}{new string('░', 20 - filled)} {fraction * 100:0}%");
        }
        rows.Add(table);
        foreach (var e in _events) rows.Add(new Text(e, new Style(Color.Grey)));
        return new Panel(new Rows(rows)).Header("deepq experiment").Border(BoxBorder.Rounded);
    }
}
