using DeepQ.Nn.Files;

namespace DeepQ.Nn.Optimizers;

/// <summary>
/// Base of the optimizers: holds the parameters, the step count and per-parameter state
/// buffers (each the parameter's shape), and saves/restores that state so a resumed run
/// continues bit for bit. Hyperparameters are doubles, as in PyTorch where they are Python
/// floats: derived scalars (1 − β, bias corrections) are computed in double, then rounded
/// to float32 where they meet a tensor.
/// </summary>
public abstract class Optimizer
{
    private readonly List<(string Key, float[][] Buffers)> _state = [];

    protected Optimizer(IReadOnlyList<Parameter> parameters)
    {
        if (parameters.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter.");
        Parameters = parameters;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Step size; settable between steps for schedules. Each optimizer's constructor sets PyTorch's default.</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of <see cref="Step"/> calls so far (PyTorch's per-parameter <c>step</c>).</summary>
    public long StepCount { get; protected set; }

    /// <summary>Applies one update from the parameters' current gradients.</summary>
    public abstract void Step();

    /// <summary>
    /// One update from the gradients multiplied by <paramref name="gradScale"/> (a global-norm
    /// clip's coefficient from <see cref="GradClip.ClipCoefficient"/>): the same bits as scaling
    /// every Grad in place and calling <see cref="Step()"/>. Optimizers that fold the scale into
    /// their elementwise pass (Adam) leave Grad unscaled, saving a read and write of every
    /// gradient; the others scale Grad in place first. gradScale = 1 is plain <see cref="Step()"/>.
    /// </summary>
    public virtual void Step(float gradScale)
    {
        if (gradScale != 1f)
            for (int i = 0; i < Parameters.Count; i++) Kernels.ParallelElementwise.Scale(Parameters[i].Grad, gradScale);
        Step();
    }

    /// <summary>
    /// Reads every parameter's Grad once, so a pending (lazy) ZeroGrad is materialised; call it
    /// before a kernel that holds the Grad arrays themselves (Adam's and NatureRmsProp's fast passes).
    /// </summary>
    protected void MaterializeGradients()
    {
        for (int i = 0; i < Parameters.Count; i++) _ = Parameters[i].Grad;
    }

    public void ZeroGrad()
    {
        for (int i = 0; i < Parameters.Count; i++) Parameters[i].ZeroGrad();
    }

    /// <summary>Registers a per-parameter state buffer named <paramref name="key"/> (e.g. <c>exp_avg</c>), zero-initialised.</summary>
    protected float[][] AddState(string key)
    {
        var buffers = Parameters.Select(p => new float[p.Length]).ToArray();
        _state.Add((key, buffers));
        return buffers;
    }

    /// <summary>The optimizer state as named tensors <c>{parameter}.{key}</c>, plus the step count.</summary>
    public IReadOnlyList<NamedTensor> ExportState()
    {
        var list = new List<NamedTensor>();
        foreach (var (key, buffers) in _state)
            for (int i = 0; i < Parameters.Count; i++)
                list.Add(new NamedTensor($"{Parameters[i].Name}.{key}", Parameters[i].Shape, (float[])buffers[i].Clone()));
        return list;
    }

    /// <summary>Restores state exported by <see cref="ExportState"/>; every buffer must be present with the right shape.</summary>
    public void ImportState(IReadOnlyList<NamedTensor> tensors, long stepCount, string source = "optimizer state")
    {
        var byName = tensors.ToDictionary(t => t.Name);
        foreach (var (key, buffers) in _state)
            for (int i = 0; i < Parameters.Count; i++)
            {
                string name = $"{Parameters[i].Name}.{key}";
                if (!byName.TryGetValue(name, out var t))
                    throw new NnFormatException($"{source}: tensor '{name}' is missing; the file was saved by a different optimizer or network.");
                if (!t.Shape.AsSpan().SequenceEqual(Parameters[i].Shape))
                    throw new NnFormatException($"{source}: tensor '{name}' has shape {NamedTensor.ShapeText(t.Shape)} but the parameter has shape {Parameters[i].ShapeText}.");
                t.Data.CopyTo(buffers[i], 0);
            }
        StepCount = stepCount;
    }

    /// <summary>Writes the state to a safetensors file (metadata: optimizer type and step).</summary>
    public void SaveState(string path) =>
        SafeTensors.Save(path, ExportState(), new Dictionary<string, string> { ["optimizer"] = GetType().Name, ["step"] = StepCount.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>Reads a file written by <see cref="SaveState"/> for the same optimizer type and network.</summary>
    public void LoadState(string path)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue("optimizer", out var kind) || kind != GetType().Name)
            throw new NnFormatException($"{path}: optimizer state is for '{kind ?? "unknown"}', not {GetType().Name}; use the same optimizer that saved it.");
        if (!file.Metadata.TryGetValue("step", out var stepText) || !long.TryParse(stepText, System.Globalization.CultureInfo.InvariantCulture, out var step))
            throw new NnFormatException($"{path}: optimizer state has no valid 'step' metadata; the file is corrupt.");
        ImportState(file.Tensors, step, path);
    }
}
