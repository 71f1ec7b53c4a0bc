using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepQ.Cli.Output;

/// <summary>
/// The console one command invocation talks to. Results go to <see cref="Out"/>: human lines,
/// or with <c>--json</c> exactly one JSON object and nothing else. Progress, warnings and
/// errors always go to <see cref="Err"/> so stdout stays machine-readable.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, bool json, bool errorIsTerminal, CancellationToken cancellation)
{
    private bool _resultWritten;

    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;

    /// <summary>True when <c>--json</c> was given: stdout carries one JSON object only.</summary>
    public bool Json { get; } = json;

    /// <summary>True when stderr is an interactive terminal, so a live display may redraw in place.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    /// <summary>Cancelled by the first Ctrl-C; long commands stop at a safe point and save.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>
    /// Writes a command's result: with --json the object on one line, else the human lines.
    /// Called at most once per command so --json output is exactly one object.
    /// </summary>
    public void WriteResult(JsonObject result, Action<TextWriter> human)
    {
        if (_resultWritten) throw new InvalidOperationException("a command wrote its result twice");
        _resultWritten = true;
        if (Json) Out.WriteLine(result.ToJsonString(s_jsonOptions));
        else human(Out);
    }

    /// <summary>A line that is part of the result for humans but progress when --json is on.</summary>
    public void Line(string text)
    {
        if (Json) Err.WriteLine(text);
        else Out.WriteLine(text);
    }

    /// <summary>Relaxed escaping: '+', quotes and non-ASCII stay readable (still valid JSON; the output is not embedded in HTML).</summary>
    private static readonly JsonSerializerOptions s_jsonOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
