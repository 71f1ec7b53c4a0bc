using DeepQ.Nn.Files;

namespace DeepQ.Nn.Tests;

/// <summary>
/// One fixture file written by tools/torch_fixtures/generate.py, with the comparison rule the
/// tests use: element i passes when |actual − expected| ≤ rtol · (|expected| + rms(expected)),
/// i.e. relative error per element, floored at the tensor's own scale so elements that are
/// near zero by cancellation do not demand impossible precision. Tensors stored as a strided
/// sample ("@s&lt;stride&gt;") are checked on the sample and on the full tensor's sum and sum of squares.
/// </summary>
internal sealed class TorchFixture
{
    private readonly Dictionary<string, NamedTensor> _tensors;

    public TorchFixture(string file)
    {
        Path = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
        var f = SafeTensors.Read(Path);
        _tensors = f.Tensors.ToDictionary(t => t.Name);
        Metadata = f.Metadata;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public float[] Get(string name) => _tensors.TryGetValue(name, out var t) ? t.Data : throw new KeyNotFoundException($"fixture {Path} has no '{name}'");

    public int[] Actions => Get("actions").Select(a => (int)a).ToArray();

    /// <summary>Compares <paramref name="actual"/> with fixture tensor <paramref name="name"/> (full or sampled).</summary>
    public void AssertClose(string name, ReadOnlySpan<float> actual, double rtol)
    {
        if (_tensors.TryGetValue(name, out var full))
        {
            Assert.Equal(full.Data.Length, actual.Length);
            AssertElements(name, actual.ToArray(), full.Data, 1, rtol, Rms(full.Data));
            return;
        }
        var sampled = _tensors.Values.SingleOrDefault(t => t.Name.StartsWith(name + "@s", StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"fixture {Path} has no '{name}'");
        int stride = int.Parse(sampled.Name[(name.Length + 2)..], System.Globalization.CultureInfo.InvariantCulture);
        var sums = Get(name + "#sum");
        double n = actual.Length;
        double rms = Math.Sqrt(sums[1] / n);
        AssertElements(name, actual.ToArray(), sampled.Data, stride, rtol, rms);
        double sum = 0, sumSq = 0;
        foreach (var v in actual) { sum += v; sumSq += (double)v * v; }
        Assert.True(Math.Abs(sum - sums[0]) <= 2 * rtol * n * rms, $"{name}: sum {sum} vs torch {sums[0]}");
        Assert.True(Math.Abs(sumSq - sums[1]) <= 4 * rtol * sums[1] + 1e-30, $"{name}: sum of squares {sumSq} vs torch {sums[1]}");
    }

    private static void AssertElements(string name, float[] actual, float[] expected, int stride, double rtol, double rms)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double a = actual[i * stride], e = expected[i];
            double tol = rtol * (Math.Abs(e) + rms);
            if (!(Math.Abs(a - e) <= tol))
                Assert.Fail($"{name}[{i * stride}]: DeepQ {a:R} vs PyTorch {e:R} (|diff| {Math.Abs(a - e):E2} > tol {tol:E2})");
        }
    }

    private static double Rms(float[] v)
    {
        double s = 0;
        foreach (var x in v) s += (double)x * x;
        return v.Length == 0 ? 0 : Math.Sqrt(s / v.Length);
    }
}
