namespace DeepQ.Nn.Networks;

/// <summary>Which architecture a <see cref="QNetwork"/> has.</summary>
public enum QNetworkKind
{
    /// <summary>Mnih et al. 2015: byte frames [B,4,84,84] / 255 -> conv 32x8x8/4 -> 64x4x4/2 -> 64x3x3/1 -> 512 -> actions.</summary>
    NatureCnn,
    /// <summary>
    /// Mnih et al. 2013 ("Playing Atari with Deep Reinforcement Learning", the first DQN): byte frames
    /// [B,4,84,84] / 255 -> conv 16x8x8/4 -> 32x4x4/2 -> 256 -> actions; about a third of the Nature
    /// network's multiply-adds per frame.
    /// </summary>
    Nips2013Cnn,
    /// <summary>Float vectors [B,D] -> hidden widths with ReLU -> actions.</summary>
    Mlp,
}

/// <summary>
/// Everything needed to build a Q-network: architecture, input shape, action count and
/// (for MLPs) hidden widths. Records compare by value, so a checkpoint can check it loads
/// into the same architecture.
/// </summary>
public sealed record QNetworkSpec
{
    public required QNetworkKind Kind { get; init; }

    /// <summary>Per-sample input shape: [C,H,W] for NatureCnn (default [4,84,84]), [D] for Mlp.</summary>
    public required int[] InputShape { get; init; }

    public required int ActionCount { get; init; }

    /// <summary>MLP hidden layer widths (CleanRL's classic-control default is [120, 84]; SB3's is [64, 64]).</summary>
    public int[] HiddenWidths { get; init; } = [];

    /// <summary>Hidden width of the convolutional networks' fully connected layer (512 in the Nature paper, 256 in the 2013 one).</summary>
    public int NatureHidden { get; init; } = 512;

    /// <summary>Replace the last linear layer by a dueling head (value and advantage streams, each with the same hidden width).</summary>
    public bool Dueling { get; init; }

    /// <summary>The Nature DQN network for frames of <paramref name="channels"/>x84x84 bytes.</summary>
    public static QNetworkSpec Nature(int actionCount, bool dueling = false, int channels = 4, int height = 84, int width = 84) => new()
    {
        Kind = QNetworkKind.NatureCnn, InputShape = [channels, height, width], ActionCount = actionCount, Dueling = dueling,
    };

    /// <summary>The 2013 DQN network for frames of <paramref name="channels"/>x84x84 bytes.</summary>
    public static QNetworkSpec Nips2013(int actionCount, bool dueling = false, int channels = 4, int height = 84, int width = 84) => new()
    {
        Kind = QNetworkKind.Nips2013Cnn, InputShape = [channels, height, width], ActionCount = actionCount, Dueling = dueling, NatureHidden = 256,
    };

    /// <summary>True for the networks over stacked byte frames.</summary>
    public bool IsConvolutional => Kind is QNetworkKind.NatureCnn or QNetworkKind.Nips2013Cnn;

    /// <summary>An MLP over float vectors of length <paramref name="inputSize"/>.</summary>
    public static QNetworkSpec Mlp(int inputSize, int actionCount, int[] hiddenWidths, bool dueling = false) => new()
    {
        Kind = QNetworkKind.Mlp, InputShape = [inputSize], ActionCount = actionCount, HiddenWidths = hiddenWidths, Dueling = dueling,
    };

    public bool Equals(QNetworkSpec? other) =>
        other is not null && Kind == other.Kind && ActionCount == other.ActionCount && Dueling == other.Dueling &&
        NatureHidden == other.NatureHidden && InputShape.AsSpan().SequenceEqual(other.InputShape) &&
        HiddenWidths.AsSpan().SequenceEqual(other.HiddenWidths);

    public override int GetHashCode() => HashCode.Combine(Kind, ActionCount, Dueling, InputShape.Length, HiddenWidths.Length);

    /// <summary>Compact JSON form, stored in saved weight files under the "deepq_spec" metadata key.</summary>
    public string ToJson() =>
        $"{{\"kind\":\"{Kind}\",\"input\":[{string.Join(",", InputShape)}],\"actions\":{ActionCount},\"hidden\":[{string.Join(",", HiddenWidths)}],\"nature_hidden\":{NatureHidden},\"dueling\":{(Dueling ? "true" : "false")}}}";

    /// <summary>Parses <see cref="ToJson"/>'s output; throws <see cref="NnFormatException"/> naming <paramref name="source"/> when it is malformed.</summary>
    public static QNetworkSpec FromJson(string json, string source)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var r = doc.RootElement;
            return new QNetworkSpec
            {
                Kind = Enum.Parse<QNetworkKind>(r.GetProperty("kind").GetString() ?? ""),
                InputShape = r.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                ActionCount = r.GetProperty("actions").GetInt32(),
                HiddenWidths = r.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                NatureHidden = r.GetProperty("nature_hidden").GetInt32(),
                Dueling = r.GetProperty("dueling").GetBoolean(),
            };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new NnFormatException($"{source}: the network description (deepq_spec metadata) is malformed ({e.Message.Split('\n')[0]}); the file is corrupt.", e);
        }
    }

    public override string ToString() => IsConvolutional
        ? $"{Kind}(input [{string.Join(",", InputShape)}], {ActionCount} actions{(Dueling ? ", dueling" : "")})"
        : $"Mlp(input [{string.Join(",", InputShape)}], hidden [{string.Join(",", HiddenWidths)}], {ActionCount} actions{(Dueling ? ", dueling" : "")})";
}
