using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DeepQ.Cli.Progress;

/// <summary>
/// Shows a training run's progress on stderr: a live Spectre.Console panel redrawn in place
/// when stderr is a terminal, otherwise (redirected, CI, --json) plain periodic lines.
/// Updates arrive on the training thread; the work runs inside <see cref="Run{T}"/>.
/// </summary>
internal abstract class TrainingDisplay
{
    /// <summary>Live panel on a terminal without --json; plain lines every <paramref name="plainInterval"/> otherwise.</summary>
    public static TrainingDisplay For(Output.CliConsole console, TimeSpan plainInterval) =>
        console.ErrorIsTerminal && !console.Json ? new LiveDisplay(console.Err) : new PlainDisplay(console.Err, plainInterval);

    /// <summary>Runs the training inside the display (a live panel must own the screen while it draws).</summary>
    public abstract T Run<T>(Func<T> work);

    public abstract void Update(ProgressSnapshot progress);

    /// <summary>Shows changed numbers without counting as a new report (plain lines are not repeated).</summary>
    public virtual void Refresh(ProgressSnapshot progress) { }

    /// <summary>An event worth a line of its own: an evaluation, a new best model, a warning.</summary>
    public abstract void Event(string message);
}

/// <summary>Periodic one-line reports; events always printed at once.</summary>
internal sealed class PlainDisplay(TextWriter err, TimeSpan interval) : TrainingDisplay
{
    private readonly Stopwatch _sinceLast = new();

    public override T Run<T>(Func<T> work) => work();

    public override void Update(ProgressSnapshot progress)
    {
        bool last = progress.Step >= progress.TotalSteps;
        if (_sinceLast.IsRunning && _sinceLast.Elapsed < interval && !last) return;
        err.WriteLine(ProgressFormat.Line(progress));
        _sinceLast.Restart();
    }

    public override void Event(string message) => err.WriteLine(message);
}

/// <summary>A Spectre.Console live panel: progress bar, throughput, episodes, return, epsilon, loss, time left, recent events.</summary>
internal sealed class LiveDisplay : TrainingDisplay
{
    private const int EventLines = 6;
    private readonly IAnsiConsole _console;
    private readonly Queue<string> _events = new();
    private ProgressSnapshot? _latest;
    private LiveDisplayContext? _context;

    public LiveDisplay(TextWriter err)
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
            _context = ctx;
            result = work();
            ctx.UpdateTarget(Render());
            ctx.Refresh();
        });
        _context = null;
        return result;
    }

    public override void Update(ProgressSnapshot progress)
    {
        _latest = progress;
        Redraw();
    }

    public override void Refresh(ProgressSnapshot progress) => Update(progress);

    public override void Event(string message)
    {
        _events.Enqueue(message);
        while (_events.Count > EventLines) _events.Dequeue();
        Redraw();
    }

    private void Redraw()
    {
        if (_context is null) return;
        _context.UpdateTarget(Render());
        _context.Refresh();
    }

    private IRenderable Render()
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        if (_latest is { } p)
        {
            double fraction = p.TotalSteps > 0 ? Math.Clamp((double)p.Step / p.TotalSteps, 0, 1) : 0;
            int filled = (int)Math.Round(fraction * 30);
            string bar = new string('█', filled) + new string('░', 30 - filled);
            string left = ProgressFormat.TimeLeft(p.TotalSteps - p.Step, p.AverageStepsPerSecond) is { } t ? ProgressFormat.Duration(t) : "-";
            grid.AddRow("[bold]steps[/]", $"{bar} {ProgressFormat.Steps(p.Step)} / {ProgressFormat.Steps(p.TotalSteps)} ({fraction * 100:0.0}%)");
            grid.AddRow("[bold]steps/s[/]", ProgressFormat.Number(p.StepsPerSecond, 0));
            grid.AddRow("[bold]episodes[/]", p.Episodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("[bold]recent return[/]", ProgressFormat.Number(p.RecentReturn));
            grid.AddRow("[bold]best eval[/]", ProgressFormat.Number(p.BestEval));
            grid.AddRow("[bold]epsilon[/]", ProgressFormat.Number(p.Epsilon, 3));
            grid.AddRow("[bold]loss[/]", ProgressFormat.Loss(p.Loss));
            grid.AddRow("[bold]elapsed / left[/]", $"{ProgressFormat.Duration(p.Elapsed)} / {left}");
        }
        else
        {
            grid.AddRow("[bold]steps[/]", "starting…");
        }
        var rows = new List<IRenderable> { grid };
        foreach (var e in _events) rows.Add(new Text(e, new Style(Color.Grey)));
        return new Panel(new Rows(rows)).Header("deepq train").Border(BoxBorder.Rounded);
    }
}
