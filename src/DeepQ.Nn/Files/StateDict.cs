using DeepQ.Nn.Networks;

namespace DeepQ.Nn.Files;

/// <summary>Copies named tensors from a file into a network's parameters, checking that every parameter is present with the right shape and a float dtype.</summary>
internal static class StateDict
{
    public static void Assign(QNetwork net, IReadOnlyList<NamedTensor> tensors, string source)
    {
        var byName = new Dictionary<string, NamedTensor>();
        foreach (var t in tensors) byName[t.Name] = t;
        // Check everything first so a failed load leaves the network untouched.
        foreach (var p in net.Parameters)
        {
            if (!byName.TryGetValue(p.Name, out var t))
                throw new NnFormatException($"{source}: tensor '{p.Name}' (shape {p.ShapeText}) is missing; the file holds {Describe(tensors)} - it was saved from a different architecture ({net.Spec} expected).");
            if (!t.Shape.AsSpan().SequenceEqual(p.Shape))
                throw new NnFormatException($"{source}: tensor '{p.Name}' has shape {NamedTensor.ShapeText(t.Shape)} but the network expects {p.ShapeText}; the file is for a different architecture or action count ({net.Spec} expected).");
            if (t.Data.Length != p.Length)
                throw new NnFormatException($"{source}: tensor '{p.Name}' has dtype {t.Dtype}; only floating-point tensors (F32, F64, F16, BF16) can be loaded into parameters.");
        }
        foreach (var p in net.Parameters) byName[p.Name].Data.CopyTo(p.Value, 0);
    }

    private static string Describe(IReadOnlyList<NamedTensor> tensors) =>
        tensors.Count == 0 ? "no tensors"
        : tensors.Count + " tensors (" + string.Join(", ", tensors.Take(4).Select(t => $"'{t.Name}'")) + (tensors.Count > 4 ? ", ..." : "") + ")";
}
