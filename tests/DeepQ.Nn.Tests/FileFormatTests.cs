using System.Buffers.Binary;
using System.Text;
using DeepQ.Nn.Files;
using DeepQ.Nn.Networks;
using DeepQ.Nn.Optimizers;

namespace DeepQ.Nn.Tests;

/// <summary>safetensors round trips and PyTorch state_dict import, and the one-line errors for corrupt or mismatched files.</summary>
public sealed class FileFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepq-nn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TempFile(string name) => Path.Combine(_dir, name);
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static QNetwork SmallMlp(ulong seed) => QNetwork.Create(QNetworkSpec.Mlp(4, 2, [8]), seed);

    [Fact]
    public void Save_then_load_restores_every_weight_bit_for_bit()
    {
        var a = QNetwork.Create(QNetworkSpec.Mlp(5, 3, [7, 6], dueling: true), 1);
        var b = QNetwork.Create(a.Spec, 2);
        Assert.NotEqual(a.Parameters[0].Value, b.Parameters[0].Value);
        string path = TempFile("w.safetensors");
        a.Save(path, new Dictionary<string, string> { ["note"] = "hi" });
        b.Load(path);
        for (int i = 0; i < a.Parameters.Count; i++) Assert.Equal(a.Parameters[i].Value, b.Parameters[i].Value);
        Assert.Equal("hi", SafeTensors.Read(path).Metadata["note"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FromFile_rebuilds_the_saved_architecture(bool nature)
    {
        var spec = nature ? QNetworkSpec.Nature(5, dueling: true) : QNetworkSpec.Mlp(3, 4, [7, 5]);
        var a = QNetwork.Create(spec, 3);
        string path = TempFile("f.safetensors");
        a.Save(path);
        var b = QNetwork.FromFile(path);
        Assert.Equal(spec, b.Spec);
        for (int i = 0; i < a.Parameters.Count; i++) Assert.Equal(a.Parameters[i].Value, b.Parameters[i].Value);
    }

    [Fact]
    public void Loading_into_another_architecture_names_both()
    {
        string path = TempFile("arch.safetensors");
        QNetwork.Create(QNetworkSpec.Mlp(4, 3, [8]), 1).Save(path);
        var e = Assert.Throws<NnFormatException>(() => SmallMlp(1).Load(path));
        Assert.Contains("3 actions", e.Message);
        Assert.Contains("2 actions", e.Message);
        // Without the spec metadata (e.g. written by Python) FromFile cannot know the architecture.
        string bare = TempFile("bare.safetensors");
        SafeTensors.Save(bare, [new NamedTensor("network.0.weight", [1], [0f])]);
        Assert.Contains("deepq_spec", Assert.Throws<NnFormatException>(() => QNetwork.FromFile(bare)).Message);
    }

    [Fact]
    public void Written_file_follows_the_safetensors_layout()
    {
        string path = TempFile("layout.safetensors");
        SafeTensors.Save(path, [new NamedTensor("a", [2, 3], [1, 2, 3, 4, 5, 6]), new NamedTensor("b", [1], [-0.5f])]);
        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8); // header padded to 8-byte alignment
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd();
        Assert.Matches("^\\{\"__metadata__\":\\{\"deepq_crc32\":\"[0-9a-f]{8}\"\\},\"a\":\\{\"dtype\":\"F32\",\"shape\":\\[2,3\\],\"data_offsets\":\\[0,24\\]\\},\"b\":\\{\"dtype\":\"F32\",\"shape\":\\[1\\],\"data_offsets\":\\[24,28\\]\\}\\}$", header);
        // The checksum is zlib's CRC-32 of the file with its 8 digits as '0' (what a Python user can recompute).
        string digits = header.Substring(header.IndexOf("crc32\":\"", StringComparison.Ordinal) + 8, 8);
        var zeroed = (byte[])bytes.Clone();
        Encoding.ASCII.GetBytes("00000000").CopyTo(zeroed, 8 + header.IndexOf(digits, StringComparison.Ordinal));
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(zeroed).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), digits);
        Assert.Equal(8 + (int)n + 28, bytes.Length);
        Assert.Equal(-0.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)n + 24)));
    }

    /// <summary>
    /// Golden file: what DeepQ writes for a fixed network must stay byte-identical to the committed
    /// Fixtures/deepq_written.safetensors, which tools/torch_fixtures/generate.py loads into CleanRL's
    /// QNetwork with load_state_dict(strict=True) and checks against the Q-values stored in its metadata.
    /// Set DEEPQ_WRITE_FIXTURES=1 to rewrite it after an intended format change (then rerun the generator).
    /// </summary>
    [Fact]
    public void Written_file_matches_the_golden_file_python_loads()
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(4, 2, [8]), 5);
        float[] x = [0.1f, 0.2f, 0.3f, 0.4f];
        var q = net.Forward(x, 1).Span.ToArray();
        string path = TempFile("golden.safetensors");
        string golden = Fixture("deepq_written.safetensors");
        if (Environment.GetEnvironmentVariable("DEEPQ_WRITE_FIXTURES") == "1")
        {
            net.Save(path, new Dictionary<string, string>
            {
                ["input"] = string.Join(",", x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
                ["q"] = string.Join(",", q.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
            });
            File.Copy(path, Path.Combine(SharedDataRepo(), "tests", "DeepQ.Nn.Tests", "Fixtures", "deepq_written.safetensors"), overwrite: true);
            return;
        }
        // Same bytes when written again with the golden file's metadata (the writer's format is stable) ...
        var goldenFile = SafeTensors.Read(golden);
        net.Save(path, goldenFile.Metadata);
        Assert.Equal(File.ReadAllBytes(golden), File.ReadAllBytes(path));
        // ... and the Q-values Python reproduced from it are still what DeepQ computes.
        var stored = goldenFile.Metadata["q"].Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < q.Length; i++) Assert.Equal(stored[i], q[i], 1e-6f);
    }

    private static string SharedDataRepo() => DeepQ.TestSupport.SharedData.RepoRoot ?? throw new InvalidOperationException("repository root not found");

    [Fact]
    public void Python_written_safetensors_loads()
    {
        // Written by tools/torch_fixtures/generate.py's own writer (compact JSON, sorted as Python emits).
        var f = SafeTensors.Read(Fixture("import_expect.safetensors"));
        var q = f.Tensors.Single(t => t.Name == "mlp_q");
        Assert.Equal([3, 2], q.Shape);
        Assert.StartsWith("1.13", f.Metadata["torch"]);
    }

    [Fact]
    public void Truncated_file_names_the_problem()
    {
        string path = TempFile("t.safetensors");
        SmallMlp(1).Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var e = Assert.Throws<NnFormatException>(() => SmallMlp(1).Load(path));
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains("truncated", Assert.Throws<NnFormatException>(() => SmallMlp(1).Load(path)).Message);
    }

    /// <summary>Any one changed byte anywhere in a file DeepQ wrote, header or tensors, is a one-line error naming the file.</summary>
    [Fact]
    public void Every_flipped_byte_is_caught_by_the_checksum_or_the_format_checks()
    {
        string path = TempFile("flip.safetensors");
        SmallMlp(1).Save(path, new Dictionary<string, string> { ["env"] = "CartPole-v1", ["step"] = "1000" });
        var good = File.ReadAllBytes(path);
        SmallMlp(2).Load(path);
        foreach (byte mask in new byte[] { 0x01, 0x80 })
            for (int i = 0; i < good.Length; i++)
            {
                var bad = (byte[])good.Clone();
                bad[i] ^= mask;
                File.WriteAllBytes(path, bad);
                var e = Assert.Throws<NnFormatException>(() => SmallMlp(2).Load(path));
                Assert.StartsWith(path, e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        // A flip in the tensor data says what happened.
        var data = (byte[])good.Clone();
        data[^3] ^= 0x10;
        File.WriteAllBytes(path, data);
        Assert.Contains("checksum mismatch", Assert.Throws<NnFormatException>(() => SafeTensors.Read(path)).Message);
    }

    [Fact]
    public void Bad_header_json_is_reported()
    {
        string path = TempFile("j.safetensors");
        var header = Encoding.UTF8.GetBytes("{\"a\": {\"dtype\": \"F32\", ");
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<NnFormatException>(() => SafeTensors.Read(path));
        Assert.Contains("not valid JSON", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Wrong_dtype_names_the_tensor()
    {
        var net = SmallMlp(1);
        string path = TempFile("d.safetensors");
        // Same layout but network.0.weight declared I32 (same byte size).
        var tensors = net.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Value)).ToList();
        SafeTensors.Save(path, tensors);
        var bytes = File.ReadAllBytes(path);
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, n);
        int at = header.IndexOf("\"network.0.weight\":{\"dtype\":\"F32\"", StringComparison.Ordinal);
        Assert.True(at >= 0);
        var patched = header[..at] + header[at..].ReplaceFirst("\"F32\"", "\"I32\"");
        Encoding.UTF8.GetBytes(patched).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum mismatch", Assert.Throws<NnFormatException>(() => SmallMlp(2).Load(path)).Message);
        // As a tool that rewrites the header would leave it: without the checksum entry (same length, other key).
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace("\"deepq_crc32\"", "\"other_crc32\"", StringComparison.Ordinal)));
        var e = Assert.Throws<NnFormatException>(() => SmallMlp(2).Load(path));
        Assert.Contains("'network.0.weight'", e.Message);
        Assert.Contains("I32", e.Message);
    }

    [Fact]
    public void Wrong_shape_names_the_tensor_and_both_shapes()
    {
        string path = TempFile("s.safetensors");
        // Written without DeepQ's spec metadata (as Python would), so the tensor-level check speaks.
        SafeTensors.Save(path, QNetwork.Create(QNetworkSpec.Mlp(4, 3, [8]), 1).Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Value)));
        var e = Assert.Throws<NnFormatException>(() => SmallMlp(1).Load(path));
        Assert.Contains("'network.2.weight'", e.Message);
        Assert.Contains("[3, 8]", e.Message);
        Assert.Contains("[2, 8]", e.Message);
    }

    [Fact]
    public void Missing_tensor_is_named_and_the_network_is_left_untouched()
    {
        var net = SmallMlp(1);
        string path = TempFile("m.safetensors");
        SafeTensors.Save(path, net.Parameters.Where(p => p.Name != "network.2.bias").Select(p => new NamedTensor(p.Name, p.Shape, new float[p.Length])));
        var target = SmallMlp(3);
        var before = target.Parameters[0].Value.ToArray();
        var e = Assert.Throws<NnFormatException>(() => target.Load(path));
        Assert.Contains("'network.2.bias'", e.Message);
        Assert.Equal(before, target.Parameters[0].Value);
    }

    [Fact]
    public void Overlapping_offsets_are_corrupt()
    {
        string path = TempFile("o.safetensors");
        string json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        var h = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + h.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("corrupt", Assert.Throws<NnFormatException>(() => SafeTensors.Read(path)).Message);
    }

    [Fact]
    public void CleanRL_conv_state_dict_loads_and_gives_pytorch_q_values()
    {
        var fx = new TorchFixture("import_expect.safetensors");
        var net = QNetwork.Create(QNetworkSpec.Nature(5, channels: 2, height: 36, width: 36) with { NatureHidden = 32 }, 0);
        net.LoadPyTorch(Fixture("cleanrl_conv.pt"));
        var x = fx.Get("conv_input").Select(v => (byte)v).ToArray();
        fx.AssertClose("conv_q", net.Forward(x, 2).Span, 1e-5);
    }

    [Fact]
    public void SB3_cnn_policy_loads_through_the_name_mapping()
    {
        var fx = new TorchFixture("import_expect.safetensors");
        var net = QNetwork.Create(QNetworkSpec.Nature(5, channels: 2, height: 36, width: 36) with { NatureHidden = 32 }, 0);
        net.LoadPyTorch(Fixture("sb3_conv.pth"));
        var x = fx.Get("conv_input").Select(v => (byte)v).ToArray();
        fx.AssertClose("conv_q", net.Forward(x, 2).Span, 1e-5);
    }

    [Fact]
    public void SB3_mlp_policy_loads_through_the_name_mapping()
    {
        var fx = new TorchFixture("import_expect.safetensors");
        var net = QNetwork.Create(QNetworkSpec.Mlp(4, 2, [64, 64]), 0);
        var raw = PyTorchImport.Load(Fixture("sb3_mlp.pth"));
        Assert.Contains(raw, t => t.Name == "q_net_target.q_net.4.bias"); // the target copy is in the file but ignored
        net.LoadPyTorch(Fixture("sb3_mlp.pth"));
        fx.AssertClose("mlp_q", net.Forward(fx.Get("mlp_input"), 3).Span, 1e-5);
    }

    [Fact]
    public void SB3_model_zip_loads_from_its_policy_pth()
    {
        // model.save() in SB3 writes a zip with "data" (JSON), "policy.pth" (the state_dict) and more.
        string path = TempFile("dqn_model.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("data").Open())) w.Write("{}");
            using (var p = zip.CreateEntry("policy.pth").Open()) p.Write(File.ReadAllBytes(Fixture("sb3_mlp.pth")));
        }
        var fx = new TorchFixture("import_expect.safetensors");
        var net = QNetwork.Create(QNetworkSpec.Mlp(4, 2, [64, 64]), 0);
        net.LoadPyTorch(path);
        fx.AssertClose("mlp_q", net.Forward(fx.Get("mlp_input"), 3).Span, 1e-5);
    }

    [Fact]
    public void SB3_names_of_the_nature_network()
    {
        var net = QNetwork.Create(QNetworkSpec.Nature(6), 0);
        Assert.Equal(
            ["q_net.features_extractor.cnn.0.weight", "q_net.features_extractor.cnn.0.bias", "q_net.features_extractor.cnn.2.weight",
             "q_net.features_extractor.cnn.2.bias", "q_net.features_extractor.cnn.4.weight", "q_net.features_extractor.cnn.4.bias",
             "q_net.features_extractor.linear.0.weight", "q_net.features_extractor.linear.0.bias", "q_net.q_net.0.weight", "q_net.q_net.0.bias"],
            net.Parameters.Select(p => PyTorchImport.Sb3Name(net, p.Name)));
    }

    [Fact]
    public void State_dict_for_another_architecture_is_a_clear_error()
    {
        var net = QNetwork.Create(QNetworkSpec.Mlp(4, 3, [64, 64]), 0);
        var e = Assert.Throws<NnFormatException>(() => net.LoadPyTorch(Fixture("sb3_mlp.pth")));
        Assert.Contains("'network.4.weight'", e.Message);
        Assert.Contains("[2, 64]", e.Message);
        Assert.Contains("[3, 64]", e.Message);
    }

    [Fact]
    public void Corrupt_pt_files_are_user_errors()
    {
        string notZip = TempFile("a.pt");
        File.WriteAllBytes(notZip, Encoding.ASCII.GetBytes("definitely not a zip file"));
        Assert.Contains("not a readable PyTorch zip", Assert.Throws<NnFormatException>(() => PyTorchImport.Load(notZip)).Message);

        string truncated = TempFile("t.pt");
        var full = File.ReadAllBytes(Fixture("cleanrl_conv.pt"));
        File.WriteAllBytes(truncated, full[..(full.Length / 2)]);
        var e = Assert.Throws<NnFormatException>(() => QNetwork.Create(QNetworkSpec.Nature(5, channels: 2, height: 36, width: 36) with { NatureHidden = 32 }, 0).LoadPyTorch(truncated));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(truncated, e.Message);

        // A real checkpoint with its pickle cut short.
        string cut = TempFile("b.pt");
        File.Copy(Fixture("sb3_mlp.pth"), cut);
        using (var zip = System.IO.Compression.ZipFile.Open(cut, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(x => x.FullName.EndsWith("data.pkl", StringComparison.Ordinal));
            byte[] pkl;
            using (var s = entry.Open()) { var ms = new MemoryStream(); s.CopyTo(ms); pkl = ms.ToArray(); }
            string name = entry.FullName;
            entry.Delete();
            using var w = zip.CreateEntry(name).Open();
            w.Write(pkl, 0, pkl.Length / 2);
        }
        Assert.Contains("data.pkl is corrupt", Assert.Throws<NnFormatException>(() => PyTorchImport.Load(cut)).Message);
    }

    [Fact]
    public void Optimizer_state_round_trips_and_rejects_another_optimizer()
    {
        var net = SmallMlp(1);
        var adam = new Adam(net.Parameters) { AmsGrad = true };
        foreach (var p in net.Parameters) Array.Fill(p.Grad, 0.25f);
        adam.Step();
        adam.Step();
        string path = TempFile("opt.safetensors");
        adam.SaveState(path);
        var restored = new Adam(net.Parameters) { AmsGrad = true };
        restored.LoadState(path);
        Assert.Equal(2, restored.StepCount);
        Assert.Equal(adam.ExportState().Select(t => t.Data), restored.ExportState().Select(t => t.Data));
        var e = Assert.Throws<NnFormatException>(() => new Sgd(net.Parameters, 0.1) { Momentum = 0.9 }.LoadState(path));
        Assert.Contains("Adam", e.Message);
        var missing = Assert.Throws<NnFormatException>(() => new Adam(net.Parameters).ImportState(
            adam.ExportState().Where(t => !t.Name.EndsWith(".exp_avg_sq", StringComparison.Ordinal)).ToList(), 2));
        Assert.Contains("exp_avg_sq", missing.Message);
    }
}

/// <summary>Header patching helper for the corrupt-file tests.</summary>
internal static class StringExtensions
{
    public static string ReplaceFirst(this string s, string old, string replacement)
    {
        int i = s.IndexOf(old, StringComparison.Ordinal);
        return i < 0 ? s : s[..i] + replacement + s[(i + old.Length)..];
    }
}
