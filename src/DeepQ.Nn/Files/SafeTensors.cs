using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DeepQ.Nn.Files;

/// <summary>The tensors and string metadata of one safetensors file.</summary>
public sealed record SafeTensorsFile(IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Reader and writer of the safetensors format (Hugging Face): an 8-byte little-endian header
/// length N, N bytes of UTF-8 JSON mapping each name to {dtype, shape, data_offsets [begin, end)}
/// relative to the data section (plus an optional "__metadata__" string map), then the
/// little-endian tensor bytes, contiguous with no gaps. We write F32 only and pad the header
/// with spaces to a multiple of 8 bytes, as the Python library does.
/// Every file we write carries a checksum in its metadata, where the format allows extra string
/// entries (so Python's safetensors still loads it): <see cref="ChecksumKey"/> holds the CRC-32
/// (IEEE, as zlib.crc32) of the whole file as written with those 8 hex digits set to '0', in
/// lower-case hex. Reading verifies it when present, so any changed byte, in the tensors or in the
/// header, is reported instead of loading quietly wrong weights.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeader = 100_000_000;

    /// <summary>The metadata key of the file's CRC-32 (8 lower-case hex digits).</summary>
    public const string ChecksumKey = "deepq_crc32";

    /// <summary>The checksum entry exactly as the compact JSON header spells it, up to the digits.</summary>
    private static ReadOnlySpan<byte> ChecksumPrefix => "\"deepq_crc32\":\""u8;
    private const int ChecksumDigits = 8;

    public static void Save(string path, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        Write(fs, tensors, metadata);
    }

    public static void Write(Stream stream, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>();
        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            if (metadata is not null)
                foreach (var (k, v) in metadata)
                    if (k != ChecksumKey) w.WriteString(k, v); // a copied checksum would describe another file
            w.WriteString(ChecksumKey, new string('0', ChecksumDigits));
            w.WriteEndObject();
            long offset = 0;
            foreach (var t in list)
            {
                if (!names.Add(t.Name)) throw new ArgumentException($"Duplicate tensor name '{t.Name}'.");
                if (t.ElementCount != t.Data.Length) throw new ArgumentException($"Tensor '{t.Name}' has shape {NamedTensor.ShapeText(t.Shape)} but {t.Data.Length} values.");
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += 4L * t.Data.Length;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int pad = (int)((8 - json.Length % 8) % 8);
        for (int i = 0; i < pad; i++) json.WriteByte((byte)' ');
        var file = new byte[8 + json.Length + list.Sum(t => 4L * t.Data.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.ToArray().CopyTo(file, 8);
        int at = 8 + (int)json.Length;
        foreach (var t in list)
        {
            for (int i = 0; i < t.Data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(at + 4 * i), t.Data[i]);
            at += 4 * t.Data.Length;
        }
        int digits = 8 + ChecksumAt(file.AsSpan(8, (int)json.Length));
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(file);
        crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture).Select(c => (byte)c).ToArray().CopyTo(file, digits);
        stream.Write(file);
    }

    /// <summary>Where the checksum's hex digits start in <paramref name="header"/>, or -1 when it has none.</summary>
    private static int ChecksumAt(ReadOnlySpan<byte> header)
    {
        int at = header.IndexOf(ChecksumPrefix);
        return at < 0 ? -1 : at + ChecksumPrefix.Length;
    }

    /// <summary>
    /// Checks the file's stored CRC-32 (see <see cref="ChecksumKey"/>). Files without one (written by
    /// Python or other tools) pass; a file DeepQ wrote (it names its network under a <c>deepq_</c> key)
    /// must have one, so that damage to the checksum's own key is caught too.
    /// </summary>
    private static void VerifyChecksum(ReadOnlySpan<byte> file, int headerLength, IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(ChecksumKey, out var stored))
        {
            if (metadata.Keys.Any(k => k.StartsWith("deepq_", StringComparison.Ordinal)))
                throw new NnFormatException($"{source}: the file was written by deepq but has no '{ChecksumKey}' checksum; it is damaged, or from a deepq older than this one.");
            return;
        }
        int digits = ChecksumAt(file.Slice(8, headerLength));
        if (digits < 0 || stored.Length != ChecksumDigits || !uint.TryParse(stored, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out uint expected))
            throw new NnFormatException($"{source}: its '{ChecksumKey}' checksum entry is malformed; the file is damaged.");
        var hasher = new System.IO.Hashing.Crc32();
        hasher.Append(file[..(8 + digits)]);
        Span<byte> zeros = stackalloc byte[ChecksumDigits];
        zeros.Fill((byte)'0');
        hasher.Append(zeros);
        hasher.Append(file[(8 + digits + ChecksumDigits)..]);
        uint actual = hasher.GetCurrentHashAsUInt32();
        if (actual != expected)
            throw new NnFormatException($"{source}: checksum mismatch (stored {expected:x8}, computed {actual:x8}): the file was changed or damaged after deepq wrote it.");
    }

    /// <summary>The tensors of a file, in data order.</summary>
    public static IReadOnlyList<NamedTensor> Load(string path) => Read(path).Tensors;

    public static SafeTensorsFile Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NnFormatException($"{path}: cannot read the weights file ({e.Message}).", e);
        }
        return Parse(bytes, path);
    }

    public static SafeTensorsFile Parse(ReadOnlySpan<byte> file, string source)
    {
        if (file.Length < 8) throw new NnFormatException($"{source}: not a safetensors file (only {file.Length} bytes; the file is truncated or empty).");
        ulong headerLen = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLen > MaxHeader || (long)headerLen > file.Length - 8)
            throw new NnFormatException($"{source}: safetensors header length {headerLen} exceeds the file size {file.Length}; the file is truncated or not safetensors.");
        var header = file.Slice(8, (int)headerLen);
        var data = file[(8 + (int)headerLen)..];
        // The JSON reader accepts invalid UTF-8 inside strings and fails only when a name is read.
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw new NnFormatException($"{source}: safetensors header is not valid UTF-8; the file is corrupt.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header.ToArray()); }
        catch (JsonException e)
        {
            throw new NnFormatException($"{source}: safetensors header is not valid JSON ({e.Message.Split('\n')[0]}); the file is corrupt.", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new NnFormatException($"{source}: safetensors header is not a JSON object; the file is corrupt.");
            var metadata = new Dictionary<string, string>();
            var entries = new List<(string Name, string Dtype, int[] Shape, long Begin, long End)>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw new NnFormatException($"{source}: '__metadata__' must be an object of strings.");
                    foreach (var m in prop.Value.EnumerateObject()) metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                entries.Add(ParseEntry(prop, source));
            }
            entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            long expected = 0;
            foreach (var e in entries)
            {
                if (e.Begin != expected) throw new NnFormatException($"{source}: tensor '{e.Name}' starts at byte {e.Begin} of the data section, expected {expected} (gap or overlap); the file is corrupt.");
                expected = e.End;
            }
            if (expected != data.Length)
                throw new NnFormatException($"{source}: the tensors need {expected} data bytes but the file has {data.Length}; the file is truncated or corrupt.");
            VerifyChecksum(file, (int)headerLen, metadata, source);
            var tensors = new List<NamedTensor>(entries.Count);
            foreach (var e in entries) tensors.Add(Decode(e.Name, e.Dtype, e.Shape, data[(int)e.Begin..(int)e.End], source));
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    private static (string, string, int[], long, long) ParseEntry(JsonProperty prop, string source)
    {
        string name = prop.Name;
        try
        {
            var v = prop.Value;
            string dtype = v.GetProperty("dtype").GetString() ?? "";
            var shape = v.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var off = v.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            if (off.Length != 2 || off[0] < 0 || off[1] < off[0]) throw new NnFormatException($"{source}: tensor '{name}' has invalid data_offsets; the file is corrupt.");
            if (shape.Any(d => d < 0)) throw new NnFormatException($"{source}: tensor '{name}' has a negative dimension in shape {NamedTensor.ShapeText(shape)}.");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            int size = ElementSize(dtype);
            if (size > 0 && count * size != off[1] - off[0])
                throw new NnFormatException($"{source}: tensor '{name}' of shape {NamedTensor.ShapeText(shape)} and dtype {dtype} needs {count * size} bytes but data_offsets give {off[1] - off[0]}; the file is corrupt.");
            return (name, dtype, shape, off[0], off[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new NnFormatException($"{source}: tensor '{name}' has a malformed header entry (needs dtype, shape, data_offsets); the file is corrupt.", e);
        }
    }

    private static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => 0,
    };

    private static NamedTensor Decode(string name, string dtype, int[] shape, ReadOnlySpan<byte> bytes, string source)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        var data = new float[dtype is "F32" or "F64" or "F16" or "BF16" ? count : 0];
        switch (dtype)
        {
            case "F32": for (int i = 0; i < count; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]); break;
            case "F64": for (int i = 0; i < count; i++) data[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]); break;
            case "F16": for (int i = 0; i < count; i++) data[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]); break;
            case "BF16": for (int i = 0; i < count; i++) data[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16); break;
            default:
                if (ElementSize(dtype) == 0) throw new NnFormatException($"{source}: tensor '{name}' has unknown dtype '{dtype}'; the file is corrupt or from a newer safetensors version.");
                break;
        }
        return new NamedTensor(name, shape, data, dtype);
    }
}
