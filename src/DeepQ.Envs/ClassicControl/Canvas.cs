namespace DeepQ.Envs.ClassicControl;

/// <summary>
/// A tiny rasterizer over an RGB byte image <c>[H,W,3]</c> for the classic-control pictures:
/// rectangles, convex polygons, circles, lines. Pixel centers are at integer + 0.5.
/// </summary>
internal readonly ref struct Canvas
{
    private readonly Span<byte> _rgb;
    private readonly int _h, _w;

    public Canvas(Span<byte> rgb, int height, int width)
    {
        if (rgb.Length < height * width * 3)
            throw new ArgumentException($"Render needs a buffer of {height}x{width}x3 = {height * width * 3} bytes, got {rgb.Length}.");
        _rgb = rgb;
        _h = height;
        _w = width;
    }

    public void Clear(byte r, byte g, byte b) => FillRect(0, 0, _w, _h, r, g, b);

    public void Set(int x, int y, byte r, byte g, byte b)
    {
        if ((uint)x >= (uint)_w || (uint)y >= (uint)_h) return;
        int i = (y * _w + x) * 3;
        _rgb[i] = r; _rgb[i + 1] = g; _rgb[i + 2] = b;
    }

    public void FillRect(int x, int y, int width, int height, byte r, byte g, byte b)
    {
        for (int yy = Math.Max(0, y); yy < Math.Min(_h, y + height); yy++)
            for (int xx = Math.Max(0, x); xx < Math.Min(_w, x + width); xx++)
                Set(xx, yy, r, g, b);
    }

    /// <summary>Fills a convex polygon given in order (either winding).</summary>
    public void FillConvex(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, byte r, byte g, byte b)
    {
        double minY = double.MaxValue, maxY = double.MinValue;
        foreach (double y in ys) { minY = Math.Min(minY, y); maxY = Math.Max(maxY, y); }
        int n = xs.Length;
        for (int py = Math.Max(0, (int)Math.Floor(minY)); py <= Math.Min(_h - 1, (int)Math.Ceiling(maxY)); py++)
        {
            double cy = py + 0.5, lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < n; i++)
            {
                int j = (i + 1) % n;
                double y0 = ys[i], y1 = ys[j];
                if ((cy < Math.Min(y0, y1)) || (cy > Math.Max(y0, y1)) || y0 == y1) continue;
                double x = xs[i] + (cy - y0) * (xs[j] - xs[i]) / (y1 - y0);
                lo = Math.Min(lo, x);
                hi = Math.Max(hi, x);
            }
            if (lo > hi) continue;
            for (int px = Math.Max(0, (int)Math.Ceiling(lo - 0.5)); px <= Math.Min(_w - 1, (int)Math.Floor(hi - 0.5)); px++)
                Set(px, py, r, g, b);
        }
    }

    public void FillCircle(double cx, double cy, double radius, byte r, byte g, byte b)
    {
        for (int py = (int)(cy - radius) - 1; py <= (int)(cy + radius) + 1; py++)
            for (int px = (int)(cx - radius) - 1; px <= (int)(cx + radius) + 1; px++)
            {
                double dx = px + 0.5 - cx, dy = py + 0.5 - cy;
                if (dx * dx + dy * dy <= radius * radius) Set(px, py, r, g, b);
            }
    }

    /// <summary>A line of the given thickness, drawn as a filled quad.</summary>
    public void Line(double x0, double y0, double x1, double y1, double thickness, byte r, byte g, byte b)
    {
        double dx = x1 - x0, dy = y1 - y0, len = Math.Sqrt(dx * dx + dy * dy);
        if (len == 0) { FillCircle(x0, y0, thickness / 2, r, g, b); return; }
        double nx = -dy / len * thickness / 2, ny = dx / len * thickness / 2;
        Span<double> xs = [x0 + nx, x1 + nx, x1 - nx, x0 - nx];
        Span<double> ys = [y0 + ny, y1 + ny, y1 - ny, y0 - ny];
        FillConvex(xs, ys, r, g, b);
    }
}
