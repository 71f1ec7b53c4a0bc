namespace DeepQ.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>MountainCar-v0</c>: an underpowered car in a valley, actions 0 push left,
/// 1 no push, 2 push right. State <c>[position, velocity]</c> in float64 (units: position, position
/// per step), observed as float32 <c>[2]</c>. Reward -1 per step; terminates at position >= 0.5
/// with velocity >= 0; the 200-step limit is TimeLimit's.
/// </summary>
public sealed class MountainCar : ClassicEnv<float>
{
    public const double MinPosition = -1.2;
    public const double MaxPosition = 0.6;
    public const double MaxSpeed = 0.07;
    public const double GoalPosition = 0.5;
    public const double GoalVelocity = 0.0;
    public const double Force = 0.001;
    public const double Gravity = 0.0025;

    private double _position, _velocity;

    public MountainCar(string id = "MountainCar-v0") : base(id, 2) { }

    public override Space ObservationSpace { get; } =
        new BoxSpace([MinPosition, -MaxSpeed], [MaxPosition, MaxSpeed], [2], DType.Float32);

    public override DiscreteSpace ActionSpace { get; } = new(3);

    /// <summary>Sets the float64 state directly (tests start from hand-picked states).</summary>
    public void SetState(double position, double velocity)
    {
        _position = position;
        _velocity = velocity;
        WriteObservation();
    }

    public (double Position, double Velocity) State => (_position, _velocity);

    protected override void ResetState()
    {
        _position = Rng.Uniform(-0.6, -0.4);
        _velocity = 0;
    }

    protected override (double Reward, bool Terminated) Advance(int action)
    {
        _velocity += (action - 1) * Force + Math.Cos(3 * _position) * (-Gravity);
        _velocity = Math.Clamp(_velocity, -MaxSpeed, MaxSpeed);
        _position += _velocity;
        _position = Math.Clamp(_position, MinPosition, MaxPosition);
        if (_position == MinPosition && _velocity < 0) _velocity = 0; // inelastic wall on the left
        bool terminated = _position >= GoalPosition && _velocity >= GoalVelocity;
        return (-1.0, terminated);
    }

    protected override void WriteObservation()
    {
        Obs[0] = (float)_position;
        Obs[1] = (float)_velocity;
    }

    /// <summary>Gymnasium's 600x400 picture: the hill y = sin(3x), the car as a dot, the flag.</summary>
    public override void Render(Span<byte> rgb)
    {
        const int w = 600, h = 400;
        var c = new Canvas(rgb, h, w);
        c.Clear(255, 255, 255);
        double scale = w / (MaxPosition - MinPosition);
        double Height(double x) => Math.Sin(3 * x) * 0.45 + 0.55;
        for (int i = 0; i < 99; i++)
        {
            double xa = MinPosition + (MaxPosition - MinPosition) * i / 99, xb = MinPosition + (MaxPosition - MinPosition) * (i + 1) / 99;
            c.Line((xa - MinPosition) * scale, h - Height(xa) * scale, (xb - MinPosition) * scale, h - Height(xb) * scale, 2, 0, 0, 0);
        }
        double fx = (GoalPosition - MinPosition) * scale, fy = h - Height(GoalPosition) * scale;
        c.Line(fx, fy, fx, fy - 50, 2, 0, 0, 0);
        c.FillRect((int)fx, (int)fy - 50, 25, 10, 204, 204, 0);
        c.FillCircle((_position - MinPosition) * scale, h - Height(_position) * scale - 12, 12, 0, 0, 0);
    }
}
