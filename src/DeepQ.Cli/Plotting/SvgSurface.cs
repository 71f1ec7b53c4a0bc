using System.Globalization;
using System.Text;

namespace DeepQ.Cli.Plotting;

/// <summary>Records chart drawing as an SVG 1.1 document (text in a monospace font, coordinates in pixels).</summary>
internal sealed class SvgSurface(int width, int height) : IChartSurface
{
    private readonly StringBuilder _body = new();

    public int Width { get; } = width;
    public int Height { get; } = height;

    public void FillRect(double x, double y, double width, double height, Rgb colour) =>
        _body.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(width)}\" height=\"{F(height)}\" fill=\"{colour.Hex}\"/>\n");

    public void Line(double x1, double y1, double x2, double y2, Rgb colour, double strokeWidth) =>
        _body.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{colour.Hex}\" stroke-width=\"{F(strokeWidth)}\"/>\n");

    public void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Rgb colour, double strokeWidth) =>
        _body.Append($"<polyline fill=\"none\" stroke=\"{colour.Hex}\" stroke-width=\"{F(strokeWidth)}\" stroke-linejoin=\"round\" points=\"{Points(xs, ys)}\"/>\n");

    public void FillPolygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Rgb colour, double opacity) =>
        _body.Append($"<polygon fill=\"{colour.Hex}\" fill-opacity=\"{F(opacity)}\" stroke=\"none\" points=\"{Points(xs, ys)}\"/>\n");

    public void Text(double x, double y, string text, Rgb colour, TextAnchor anchor, bool vertical = false)
    {
        string a = anchor switch { TextAnchor.Start => "start", TextAnchor.Middle => "middle", _ => "end" };
        string rotate = vertical ? $" transform=\"rotate(-90 {F(x)} {F(y)})\"" : "";
        _body.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" fill=\"{colour.Hex}\" text-anchor=\"{a}\" dominant-baseline=\"middle\"{rotate}>{Escape(text)}</text>\n");
    }

    /// <summary>The finished document.</summary>
    public override string ToString() =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"monospace\" font-size=\"13\">\n{_body}</svg>\n";

    private static string Points(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < xs.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(F(xs[i])).Append(',').Append(F(ys[i]));
        }
        return sb.ToString();
    }

    private static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
