using DeepQ.Nn.Files;
using DeepQ.Nn.Layers;

namespace DeepQ.Nn.Networks;

/// <summary>
/// A Q-network built from a <see cref="QNetworkSpec"/>: forward a batch of observations to
/// Q-values [B, A], back-propagate dL/dQ into the parameter gradients, copy weights to a
/// target network, save and load. Parameter names follow CleanRL's QNetwork state_dict
/// (<c>network.0.weight</c>, ...), so CleanRL files load as they are and SB3 files load through
/// <see cref="PyTorchImport"/>'s name mapping. Not thread-safe: one network per thread.
/// </summary>
public sealed class QNetwork
{
    /// <summary>b -> b / 255 rounded to float32 (PyTorch: <c>x / 255.0</c> on a uint8 frame); a lookup, so no float copy of the batch.</summary>
    private static readonly float[] s_byteScale = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    private readonly Sequential _net;
    private readonly Tensor _input;
    private readonly Tensor _dq;
    private readonly Dictionary<string, Parameter> _byName;
    private int _lastBatch = -1;

    private QNetwork(QNetworkSpec spec, Sequential net)
    {
        Spec = spec;
        _net = net;
        _net.PrefixNames("network.");
        Parameters = _net.Parameters;
        _byName = Parameters.ToDictionary(p => p.Name);
        _input = new Tensor(spec.InputShape);
        _dq = new Tensor(spec.ActionCount);
        var outShape = _net.OutputShape(spec.InputShape);
        if (outShape.Length != 1 || outShape[0] != spec.ActionCount) throw new InvalidOperationException("Network output does not match the action count.");
    }

    /// <summary>Builds the network and draws PyTorch-default initial weights from <paramref name="seed"/>.</summary>
    public static QNetwork Create(QNetworkSpec spec, ulong seed)
    {
        var q = new QNetwork(spec, Build(spec));
        foreach (var p in q.Parameters) Init.Default(p, seed);
        return q;
    }

    public QNetworkSpec Spec { get; }
    public int ActionCount => Spec.ActionCount;

    /// <summary>True when observations are bytes (Nature CNN), false when floats (MLP).</summary>
    public bool TakesBytes => Spec.IsConvolutional;

    /// <summary>All trainable tensors in state_dict order, with their PyTorch names.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The underlying layers (for inspection and tests).</summary>
    public Sequential Layers => _net;

    public Parameter Parameter(string name) =>
        _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"No parameter named '{name}'. Known: {string.Join(", ", _byName.Keys)}.");

    public bool TryGetParameter(string name, out Parameter parameter) => _byName.TryGetValue(name, out parameter!);

    public long ParameterCount => Parameters.Sum(p => (long)p.Length);

    /// <summary>Q-values [B, A] for byte observations [B, C, H, W] (Nature CNN). Valid until the next Forward.</summary>
    public Tensor Forward(ReadOnlySpan<byte> observations, int batch)
    {
        if (!TakesBytes) throw new InvalidOperationException($"{Spec} takes float observations.");
        var q = _net.ForwardBytes(observations, batch, Spec.InputShape[1], Spec.InputShape[2], s_byteScale);
        _lastBatch = batch;
        return q;
    }

    /// <summary>Q-values [B, A] for float observations [B, D] (MLP). Valid until the next Forward.</summary>
    public Tensor Forward(ReadOnlySpan<float> observations, int batch)
    {
        if (TakesBytes) throw new InvalidOperationException($"{Spec} takes byte observations.");
        _input.Resize(batch);
        if (observations.Length != _input.Length) throw new ArgumentException($"Expected {batch} x {_input.SampleSize} = {_input.Length} floats, got {observations.Length}.");
        observations.CopyTo(_input.Span);
        var q = _net.Forward(_input);
        _lastBatch = batch;
        return q;
    }

    /// <summary>
    /// Adds dL/dθ into every parameter's Grad, given dL/dQ [B, A] for the LAST Forward (layers keep
    /// only that one's activations: run target/next-state forwards before the forward you train on).
    /// </summary>
    public void Backward(ReadOnlySpan<float> dLossDq)
    {
        if (!KeepActivations) throw new InvalidOperationException("Backward on a network with KeepActivations = false (inference only, e.g. a target network); set KeepActivations = true before the Forward you train on.");
        int batch = dLossDq.Length / ActionCount;
        if (batch * ActionCount != dLossDq.Length) throw new ArgumentException($"dL/dQ length {dLossDq.Length} is not a multiple of {ActionCount} actions.");
        if (batch != _lastBatch) throw new InvalidOperationException($"Backward got dL/dQ for {batch} samples but the last Forward had {_lastBatch}; call Backward right after the Forward it belongs to.");
        _dq.Resize(batch);
        dLossDq.CopyTo(_dq.Span);
        _net.Backward(_dq, needInputGrad: false);
    }

    /// <summary>
    /// True (default): Forward keeps what Backward needs. Set false on a network that is only
    /// ever run forward (the DQN target network, an evaluator's copy): its convolutions then keep
    /// no [B, K, P] column buffers (conv1: 13 MB per batch of 32 written and never read),
    /// and Backward throws. Q-values are identical bit for bit either way.
    /// </summary>
    public bool KeepActivations
    {
        get => _keepActivations;
        set
        {
            _keepActivations = value;
            foreach (var layer in _net.Layers)
                if (layer is Conv2d conv) conv.KeepColumns = value;
        }
    }

    private bool _keepActivations = true;

    public void ZeroGrad()
    {
        // Lazy (Parameter.ZeroGrad): fc1's weight gradient is overwritten by its backward instead of cleared and added to.
        for (int i = 0; i < Parameters.Count; i++) Parameters[i].ZeroGrad();
    }

    /// <summary>Greedy action for one observation (ties go to the lowest index, like torch.argmax).</summary>
    public int Act(ReadOnlySpan<byte> observation) => DqnMath.Argmax(Forward(observation, 1).Span);

    /// <summary>Greedy action for one float observation.</summary>
    public int Act(ReadOnlySpan<float> observation) => DqnMath.Argmax(Forward(observation, 1).Span);

    /// <summary>Hard target update: this network's weights become a copy of <paramref name="source"/>'s.</summary>
    public void CopyFrom(QNetwork source) => TargetUpdate.Hard(source.Parameters, Parameters);

    /// <summary>Polyak target update θ' ← τ θ + (1 − τ) θ' (CleanRL's formula).</summary>
    public void SoftUpdateFrom(QNetwork source, float tau) => TargetUpdate.Polyak(source.Parameters, Parameters, tau);

    /// <summary>A new network with the same spec and a copy of these weights (gradients zero).</summary>
    public QNetwork Clone()
    {
        var q = new QNetwork(Spec, Build(Spec));
        q.CopyFrom(this);
        return q;
    }

    /// <summary>Metadata key under which <see cref="Save"/> records the spec (see <see cref="FromFile"/>).</summary>
    public const string SpecMetadataKey = "deepq_spec";

    /// <summary>Saves the weights as a safetensors file (float32, state_dict names) with the spec in the metadata.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string> { [SpecMetadataKey] = Spec.ToJson() };
        if (metadata is not null)
            foreach (var (k, v) in metadata) meta[k] = v;
        SafeTensors.Save(path, Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Value)), meta);
    }

    /// <summary>Builds the network a file written by <see cref="Save"/> describes and loads its weights.</summary>
    public static QNetwork FromFile(string path)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(SpecMetadataKey, out var json))
            throw new NnFormatException($"{path}: no '{SpecMetadataKey}' metadata says which network these weights belong to; create the network with QNetwork.Create(spec, seed) and call Load(path).");
        var spec = QNetworkSpec.FromJson(json, path);
        QNetwork net;
        try { net = new QNetwork(spec, Build(spec)); }
        catch (ArgumentException e)
        {
            throw new NnFormatException($"{path}: the stored network description is invalid ({e.Message}); the file is corrupt.", e);
        }
        StateDict.Assign(net, file.Tensors, path);
        return net;
    }

    /// <summary>Loads weights from a safetensors file written by <see cref="Save"/> or by Python; every parameter must be present with its exact shape.</summary>
    public void Load(string path)
    {
        var file = SafeTensors.Read(path);
        if (file.Metadata.TryGetValue(SpecMetadataKey, out var json))
        {
            var stored = QNetworkSpec.FromJson(json, path);
            if (!stored.Equals(Spec))
                throw new NnFormatException($"{path}: the weights are for {stored}, but this network is {Spec}; use the same network settings the file was saved with.");
        }
        StateDict.Assign(this, PyTorchImport.MapNames(this, file.Tensors, path), path);
    }

    /// <summary>Loads a PyTorch state_dict (.pt/.pth zip, as torch.save writes) from CleanRL or SB3.</summary>
    public void LoadPyTorch(string path) => StateDict.Assign(this, PyTorchImport.MapNames(this, PyTorchImport.Load(path), path), path);

    private static Sequential Build(QNetworkSpec spec)
    {
        if (spec.ActionCount <= 0) throw new ArgumentException($"A Q-network needs at least one action, got {spec.ActionCount}.");
        var layers = new List<Layer>();
        int features;
        if (spec.IsConvolutional)
        {
            if (spec.InputShape.Length != 3) throw new ArgumentException($"{spec.Kind} input must be [C,H,W], got [{string.Join(",", spec.InputShape)}].");
            if (spec.Kind == QNetworkKind.NatureCnn)
                layers.AddRange([new Conv2d(spec.InputShape[0], 32, 8, 4), new ReLU(), new Conv2d(32, 64, 4, 2), new ReLU(), new Conv2d(64, 64, 3, 1), new ReLU(), new Flatten()]);
            else
                layers.AddRange([new Conv2d(spec.InputShape[0], 16, 8, 4), new ReLU(), new Conv2d(16, 32, 4, 2), new ReLU(), new Flatten()]);
            int[] shape = spec.InputShape;
            foreach (var l in layers) shape = l.OutputShape(shape);
            features = shape[0];
            if (spec.Dueling)
            {
                layers.Add(new DuelingHead(
                    new Sequential(new Linear(features, spec.NatureHidden), new ReLU(), new Linear(spec.NatureHidden, 1)),
                    new Sequential(new Linear(features, spec.NatureHidden), new ReLU(), new Linear(spec.NatureHidden, spec.ActionCount)),
                    spec.ActionCount));
            }
            else layers.AddRange([new Linear(features, spec.NatureHidden), new ReLU(), new Linear(spec.NatureHidden, spec.ActionCount)]);
        }
        else
        {
            if (spec.InputShape.Length != 1) throw new ArgumentException($"Mlp input must be [D], got [{string.Join(",", spec.InputShape)}].");
            features = spec.InputShape[0];
            foreach (var h in spec.HiddenWidths)
            {
                layers.Add(new Linear(features, h));
                layers.Add(new ReLU());
                features = h;
            }
            if (spec.Dueling)
                layers.Add(new DuelingHead(new Sequential(new Linear(features, 1)), new Sequential(new Linear(features, spec.ActionCount)), spec.ActionCount));
            else layers.Add(new Linear(features, spec.ActionCount));
        }
        return new Sequential([.. layers]);
    }
}
