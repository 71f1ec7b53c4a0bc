namespace DeepQ.Envs.Wrappers;

/// <summary>
/// Turns a discrete observation (one int, e.g. FrozenLake's cell) into a float32 one-hot vector
/// <c>[N]</c> a network can take.
/// </summary>
public sealed class OneHot : ObservationWrapper<int, float>
{
    private readonly float[] _obs;
    private readonly DiscreteSpace _in;

    public OneHot(IEnv<int> inner) : base(inner)
    {
        _in = inner.ObservationSpace as DiscreteSpace
              ?? throw new EnvException($"{inner.Id}: OneHot needs a discrete observation space, got {inner.ObservationSpace}.");
        _obs = new float[_in.N];
        ObservationSpace = BoxSpace.Uniform(0, 1, [_in.N], DType.Float32);
    }

    public override Space ObservationSpace { get; }
    public override ReadOnlySpan<float> Observation => _obs;

    protected override void Transform(ReadOnlySpan<int> inner)
    {
        Array.Clear(_obs);
        _obs[inner[0] - _in.Start] = 1f;
    }
}
