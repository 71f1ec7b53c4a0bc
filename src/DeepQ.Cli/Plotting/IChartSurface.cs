namespace DeepQ.Cli.Plotting;

/// <summary>An sRGB colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";
}

internal enum TextAnchor { Start, Middle, End }

/// <summary>
/// The few drawing primitives a chart needs, in pixel coordinates (origin top-left, y down).
/// <see cref="ChartRenderer"/> draws once against this; the SVG writer and the PNG rasterizer
/// implement it, so both files show the same drawing.
/// </summary>
internal interface IChartSurface
{
    int Width { get; }
    int Height { get; }
    void FillRect(double x, double y, double width, double height, Rgb colour);
    void Line(double x1, double y1, double x2, double y2, Rgb colour, double strokeWidth);
    void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Rgb colour, double strokeWidth);
    /// <summary>Fills a simple polygon, blended over what is there with <paramref name="opacity"/> in [0, 1].</summary>
    void FillPolygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Rgb colour, double opacity);
    /// <summary>Draws one line of text whose vertical centre is at <paramref name="y"/>; vertical text reads bottom to top.</summary>
    void Text(double x, double y, string text, Rgb colour, TextAnchor anchor, bool vertical = false);
}
