using System.Buffers.Binary;
using System.IO.Compression;
using DeepQ.Nn.Networks;

namespace DeepQ.Nn.Files;

/// <summary>
/// Reads PyTorch state_dict files in torch.save's zip format (.pt/.pth, PyTorch ≥ 1.6): a zip
/// holding <c>{prefix}/data.pkl</c> (the pickled OrderedDict of name → tensor record) and one
/// raw little-endian storage per tensor in <c>{prefix}/data/{key}</c>. Only tensors are read; no
/// Python code is executed. Also maps CleanRL and SB3 parameter names onto a QNetwork's names.
/// </summary>
public static class PyTorchImport
{
    /// <summary>All tensors of the state_dict, converted to float32 (integer tensors come with empty Data).</summary>
    public static IReadOnlyList<NamedTensor> Load(string path)
    {
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException e)
        {
            throw new NnFormatException($"{path}: not a readable PyTorch zip checkpoint ({e.Message}); the file is truncated, corrupt, or a legacy pre-1.6 .pt - re-save it with torch.save(model.state_dict(), path).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NnFormatException($"{path}: cannot read the checkpoint ({e.Message}).", e);
        }
        using (zip) return Load(zip, path, nested: false);
    }

    private static IReadOnlyList<NamedTensor> Load(ZipArchive zip, string path, bool nested)
    {
        var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1);
        if (pkl is null)
        {
            // A Stable-Baselines3 model (.zip from model.save) holds the policy's state_dict as policy.pth.
            if (!nested && zip.GetEntry("policy.pth") is { } policy)
            {
                try
                {
                    using var inner = new ZipArchive(new MemoryStream(ReadEntry(policy, path)), ZipArchiveMode.Read);
                    return Load(inner, path + "!policy.pth", nested: true);
                }
                catch (InvalidDataException e)
                {
                    throw new NnFormatException($"{path}: policy.pth inside the SB3 model is not a PyTorch zip checkpoint ({e.Message}).", e);
                }
            }
            throw new NnFormatException($"{path}: the zip has no data.pkl; it is not a torch.save checkpoint (nor an SB3 model with policy.pth).");
        }
        string prefix = pkl.FullName[..^"data.pkl".Length];
        var root = Pickle.Load(ReadEntry(pkl, path), path);
        if (root is not Pickle.PyDict dict)
            throw new NnFormatException($"{path}: the checkpoint does not hold a state_dict (found {root?.GetType().Name ?? "None"}); save model.state_dict(), not the whole model.");
        var result = new List<NamedTensor>();
        foreach (var (k, v) in dict.Items)
        {
            if (k is not string name || v is not Pickle.PyTensor t) continue;
            result.Add(ReadTensor(zip, prefix, name, t, path));
        }
        return result;
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string path)
    {
        try
        {
            using var s = entry.Open();
            var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new NnFormatException($"{path}: zip entry '{entry.FullName}' is corrupt ({e.Message}).", e);
        }
    }

    private static NamedTensor ReadTensor(ZipArchive zip, string prefix, string name, Pickle.PyTensor t, string path)
    {
        var shape = t.Size.Select(d => (int)d).ToArray();
        var (dtype, size) = t.Storage.StorageType switch
        {
            "FloatStorage" => ("F32", 4),
            "DoubleStorage" => ("F64", 8),
            "HalfStorage" => ("F16", 2),
            "BFloat16Storage" => ("BF16", 2),
            "LongStorage" => ("I64", 8),
            "IntStorage" => ("I32", 4),
            "ByteStorage" => ("U8", 1),
            "BoolStorage" => ("BOOL", 1),
            _ => (t.Storage.StorageType, 0),
        };
        if (dtype is not ("F32" or "F64" or "F16" or "BF16")) return new NamedTensor(name, shape, [], dtype);
        var entry = zip.GetEntry(prefix + "data/" + t.Storage.Key)
            ?? throw new NnFormatException($"{path}: storage '{t.Storage.Key}' of tensor '{name}' is missing from the zip; the file is truncated or corrupt.");
        var bytes = ReadEntry(entry, path);
        long count = shape.Aggregate(1L, (a, d) => a * d);
        var data = new float[count];
        // Walk the strided view in row-major order of its shape.
        var index = new long[shape.Length];
        for (long i = 0; i < count; i++)
        {
            long e = t.Offset;
            for (int d = 0; d < shape.Length; d++) e += index[d] * t.Stride[d];
            long at = e * size;
            if (e < 0 || at + size > bytes.Length)
                throw new NnFormatException($"{path}: tensor '{name}' of shape {NamedTensor.ShapeText(shape)} reads past its storage ({bytes.Length} bytes); the file is corrupt.");
            var s = bytes.AsSpan((int)at, size);
            data[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(s),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(s),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s) << 16),
            };
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return new NamedTensor(name, shape, data, dtype);
    }

    /// <summary>
    /// Renames <paramref name="tensors"/> to the network's names. Tried in order: the names as
    /// they are (DeepQ, CleanRL's <c>network.*</c>); SB3's DQN policy (<c>q_net.features_extractor.cnn.*</c>,
    /// <c>q_net.features_extractor.linear.0</c>, <c>q_net.q_net.*</c>; the target copy <c>q_net_target.*</c> is ignored);
    /// and any common prefix in place of <c>network.</c> (a bare nn.Sequential, or a module holding one).
    /// When nothing matches, the names are returned unchanged and loading reports the first missing tensor.
    /// </summary>
    public static IReadOnlyList<NamedTensor> MapNames(QNetwork net, IReadOnlyList<NamedTensor> tensors, string source)
    {
        var keys = tensors.Select(t => t.Name).ToHashSet();
        var names = net.Parameters.Select(p => p.Name).ToList();
        if (names.All(keys.Contains)) return tensors;

        var sb3 = names.ToDictionary(n => Sb3Name(net, n), n => n);
        if (sb3.Keys.All(keys.Contains))
            return tensors.Where(t => sb3.ContainsKey(t.Name)).Select(t => t with { Name = sb3[t.Name] }).ToList();

        const string ours = "network.";
        string firstLocal = names[0][ours.Length..];
        foreach (var key in keys.Where(k => k.EndsWith(firstLocal, StringComparison.Ordinal)))
        {
            string prefix = key[..^firstLocal.Length];
            if (names.All(n => keys.Contains(prefix + n[ours.Length..])))
            {
                var map = names.ToDictionary(n => prefix + n[ours.Length..], n => n);
                return tensors.Where(t => map.ContainsKey(t.Name)).Select(t => t with { Name = map[t.Name] }).ToList();
            }
        }
        return tensors;
    }

    /// <summary>The SB3 DQN policy name of one of our parameters (e.g. <c>network.7.weight</c> → <c>q_net.features_extractor.linear.0.weight</c>).</summary>
    public static string Sb3Name(QNetwork net, string name)
    {
        var parts = name.Split('.');
        if (parts.Length != 3 || parts[0] != "network" || !int.TryParse(parts[1], out int index)) return name;
        if (net.Spec.Kind == QNetworkKind.Mlp) return $"q_net.q_net.{index}.{parts[2]}";
        return index switch
        {
            <= 4 => $"q_net.features_extractor.cnn.{index}.{parts[2]}",
            7 => $"q_net.features_extractor.linear.0.{parts[2]}",
            _ => $"q_net.q_net.{index - 9}.{parts[2]}",
        };
    }
}
