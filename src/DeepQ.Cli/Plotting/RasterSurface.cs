namespace DeepQ.Cli.Plotting;

/// <summary>
/// Rasterizes chart drawing into an RGB pixel buffer [height, width, 3] for PNG output:
/// anti-aliased lines (coverage from the distance to the segment), even-odd scanline polygon
/// fill with opacity, and text in <see cref="BitmapFont"/> scaled up by <see cref="TextScale"/>.
/// </summary>
internal sealed class RasterSurface : IChartSurface
{
    /// <summary>Device pixels per font pixel: 5x7 glyphs become 10x14, about a 13 px font.</summary>
    public const int TextScale = 2;

    public RasterSurface(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major RGB bytes, [Height, Width, 3].</summary>
    public byte[] Pixels { get; }

    public void FillRect(double x, double y, double width, double height, Rgb colour)
    {
        int x0 = Math.Max(0, (int)Math.Round(x)), y0 = Math.Max(0, (int)Math.Round(y));
        int x1 = Math.Min(Width, (int)Math.Round(x + width)), y1 = Math.Min(Height, (int)Math.Round(y + height));
        for (int py = y0; py < y1; py++)
            for (int px = x0; px < x1; px++)
                Blend(px, py, colour, 1);
    }

    public void Line(double x1, double y1, double x2, double y2, Rgb colour, double strokeWidth)
    {
        double half = strokeWidth / 2;
        int minX = Math.Max(0, (int)Math.Floor(Math.Min(x1, x2) - half - 1));
        int maxX = Math.Min(Width - 1, (int)Math.Ceiling(Math.Max(x1, x2) + half + 1));
        int minY = Math.Max(0, (int)Math.Floor(Math.Min(y1, y2) - half - 1));
        int maxY = Math.Min(Height - 1, (int)Math.Ceiling(Math.Max(y1, y2) + half + 1));
        double dx = x2 - x1, dy = y2 - y1, lengthSquared = dx * dx + dy * dy;
        for (int py = minY; py <= maxY; py++)
            for (int px = minX; px <= maxX; px++)
            {
                // Distance from the pixel centre to the segment; one pixel of soft edge.
                double cx = px + 0.5 - x1, cy = py + 0.5 - y1;
                double t = lengthSquared == 0 ? 0 : Math.Clamp((cx * dx + cy * dy) / lengthSquared, 0, 1);
                double ex = cx - t * dx, ey = cy - t * dy;
                double coverage = Math.Clamp(half + 0.5 - Math.Sqrt(ex * ex + ey * ey), 0, 1);
                if (coverage > 0) Blend(px, py, colour, coverage);
            }
    }

    public void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Rgb colour, double strokeWidth)
    {
        for (int i = 1; i < xs.Length; i++) Line(xs[i - 1], ys[i - 1], xs[i], ys[i], colour, strokeWidth);
        if (xs.Length == 1) Line(xs[0], ys[0], xs[0], ys[0], colour, strokeWidth);
    }

    public void FillPolygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Rgb colour, double opacity)
    {
        if (xs.Length < 3) return;
        var crossings = new List<double>();
        for (int py = 0; py < Height; py++)
        {
            double sy = py + 0.5;
            crossings.Clear();
            for (int i = 0, j = xs.Length - 1; i < xs.Length; j = i++)
            {
                double yi = ys[i], yj = ys[j];
                if ((yi <= sy && yj > sy) || (yj <= sy && yi > sy))
                    crossings.Add(xs[i] + (sy - yi) / (yj - yi) * (xs[j] - xs[i]));
            }
            crossings.Sort();
            for (int k = 0; k + 1 < crossings.Count; k += 2)
            {
                int from = Math.Max(0, (int)Math.Ceiling(crossings[k] - 0.5));
                int to = Math.Min(Width - 1, (int)Math.Floor(crossings[k + 1] - 0.5));
                for (int px = from; px <= to; px++) Blend(px, py, colour, opacity);
            }
        }
    }

    public void Text(double x, double y, string text, Rgb colour, TextAnchor anchor, bool vertical = false)
    {
        int length = BitmapFont.MeasureWidth(text) * TextScale;
        int height = BitmapFont.GlyphHeight * TextScale;
        double start = anchor switch { TextAnchor.Start => 0, TextAnchor.Middle => -length / 2.0, _ => -length };
        // Along-text origin and the top of the glyph box, before any rotation.
        int along0 = (int)Math.Round(start), across0 = -height / 2;
        for (int c = 0; c < text.Length; c++)
            for (int row = 0; row < BitmapFont.GlyphHeight + BitmapFont.DescenderRows; row++)
                for (int col = 0; col < BitmapFont.GlyphWidth; col++)
                {
                    if (!BitmapFont.IsInked(text[c], col, row)) continue;
                    for (int sy = 0; sy < TextScale; sy++)
                        for (int sx = 0; sx < TextScale; sx++)
                        {
                            int a = along0 + (c * BitmapFont.Advance + col) * TextScale + sx;
                            int b = across0 + row * TextScale + sy;
                            // Vertical text is rotated 90° counter-clockwise: it reads bottom to top.
                            int px = vertical ? (int)Math.Round(x) + b : (int)Math.Round(x) + a;
                            int py = vertical ? (int)Math.Round(y) - a : (int)Math.Round(y) + b;
                            Blend(px, py, colour, 1);
                        }
                }
    }

    public Rgb GetPixel(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    private void Blend(int x, int y, Rgb c, double alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int i = (y * Width + x) * 3;
        Pixels[i] = Mix(Pixels[i], c.R, alpha);
        Pixels[i + 1] = Mix(Pixels[i + 1], c.G, alpha);
        Pixels[i + 2] = Mix(Pixels[i + 2], c.B, alpha);
    }

    private static byte Mix(byte under, byte over, double alpha) =>
        (byte)Math.Clamp(Math.Round(under + (over - under) * alpha), 0, 255);
}
