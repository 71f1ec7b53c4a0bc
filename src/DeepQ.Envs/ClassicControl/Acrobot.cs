namespace DeepQ.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>Acrobot-v1</c>: two links hanging from a pivot, torque -1/0/+1 (actions 0/1/2)
/// on the joint between them. State <c>[theta1, theta2, dtheta1, dtheta2]</c> (rad, rad/s) in
/// float64, integrated with one RK4 step of 0.2 s using the "book" dynamics (Sutton and Barto).
/// Observation float32 <c>[cos t1, sin t1, cos t2, sin t2, dt1, dt2]</c>. Reward -1 per step, 0 on
/// the terminating step; terminates when the tip is above 1 m; the 500-step limit is TimeLimit's.
/// </summary>
public sealed class Acrobot : ClassicEnv<float>
{
    /// <summary>Seconds per step.</summary>
    public const double Dt = 0.2;
    public const double LinkLength1 = 1.0;
    public const double LinkLength2 = 1.0;
    public const double LinkMass1 = 1.0;
    public const double LinkMass2 = 1.0;
    public const double LinkComPos1 = 0.5;
    public const double LinkComPos2 = 0.5;
    public const double LinkMoi = 1.0;
    public const double MaxVel1 = 4 * Math.PI;
    public const double MaxVel2 = 9 * Math.PI;
    public const double G = 9.8;
    private static readonly double[] AvailTorque = [-1.0, 0.0, 1.0];

    private readonly double[] _state = new double[4];

    public Acrobot(string id = "Acrobot-v1") : base(id, 6)
    {
        ObservationSpace = new BoxSpace([-1, -1, -1, -1, -MaxVel1, -MaxVel2], [1, 1, 1, 1, MaxVel1, MaxVel2], [6], DType.Float32);
    }

    public override Space ObservationSpace { get; }
    public override DiscreteSpace ActionSpace { get; } = new(3);

    /// <summary>The float64 state; settable so tests can start anywhere.</summary>
    public Span<double> State => _state;

    protected override void ResetState()
    {
        for (int i = 0; i < 4; i++) _state[i] = Rng.Uniform(-0.1, 0.1);
    }

    protected override (double Reward, bool Terminated) Advance(int action)
    {
        double torque = AvailTorque[action];
        Span<double> y = stackalloc double[4];
        _state.CopyTo(y);
        Rk4(y, torque);
        _state[0] = Wrap(y[0], -Math.PI, Math.PI);
        _state[1] = Wrap(y[1], -Math.PI, Math.PI);
        _state[2] = Math.Min(Math.Max(y[2], -MaxVel1), MaxVel1);
        _state[3] = Math.Min(Math.Max(y[3], -MaxVel2), MaxVel2);
        bool terminated = -Math.Cos(_state[0]) - Math.Cos(_state[1] + _state[0]) > 1.0;
        return (terminated ? 0.0 : -1.0, terminated);
    }

    /// <summary>One classical Runge-Kutta step over [0, Dt] as Gymnasium's <c>rk4</c> does it (torque held constant).</summary>
    private static void Rk4(Span<double> y, double torque)
    {
        const double dt2 = Dt / 2.0;
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4];
        Span<double> tmp = stackalloc double[4];
        Derivatives(y, torque, k1);
        for (int i = 0; i < 4; i++) tmp[i] = y[i] + dt2 * k1[i];
        Derivatives(tmp, torque, k2);
        for (int i = 0; i < 4; i++) tmp[i] = y[i] + dt2 * k2[i];
        Derivatives(tmp, torque, k3);
        for (int i = 0; i < 4; i++) tmp[i] = y[i] + Dt * k3[i];
        Derivatives(tmp, torque, k4);
        for (int i = 0; i < 4; i++) y[i] = y[i] + Dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }

    /// <summary>Time derivative of the state under <paramref name="a"/> (N m), "book" variant.</summary>
    internal static void Derivatives(ReadOnlySpan<double> s, double a, Span<double> ds)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1, lc1 = LinkComPos1, lc2 = LinkComPos2, i1 = LinkMoi, i2 = LinkMoi;
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.Cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.Cos(theta2)) + i2;
        double phi2 = m2 * lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.Sin(theta2)
                      - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
                      + (m1 * lc1 + m2 * l1) * G * Math.Cos(theta1 - Math.PI / 2)
                      + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.Sin(theta2) - phi2)
                          / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
    }

    /// <summary>Gymnasium's <c>wrap</c>: shifts by the range until inside [m, M].</summary>
    internal static double Wrap(double x, double m, double big)
    {
        double diff = big - m;
        while (x > big) x -= diff;
        while (x < m) x += diff;
        return x;
    }

    protected override void WriteObservation()
    {
        Obs[0] = (float)Math.Cos(_state[0]);
        Obs[1] = (float)Math.Sin(_state[0]);
        Obs[2] = (float)Math.Cos(_state[1]);
        Obs[3] = (float)Math.Sin(_state[1]);
        Obs[4] = (float)_state[2];
        Obs[5] = (float)_state[3];
    }

    public override (int Height, int Width) RenderSize => (500, 500);

    /// <summary>Gymnasium's 500x500 picture: the goal line at 1 m and the two links.</summary>
    public override void Render(Span<byte> rgb)
    {
        const int size = 500;
        var c = new Canvas(rgb, size, size);
        c.Clear(255, 255, 255);
        double scale = size / (2.2 * 2), off = size / 2.0;
        c.Line(0, off - 1 * scale, size, off - 1 * scale, 1, 0, 0, 0);
        double x1 = LinkLength1 * Math.Sin(_state[0]), y1 = -LinkLength1 * Math.Cos(_state[0]);
        double x2 = x1 + LinkLength2 * Math.Sin(_state[0] + _state[1]), y2 = y1 - LinkLength2 * Math.Cos(_state[0] + _state[1]);
        c.Line(off, off, off + x1 * scale, off - y1 * scale, 10, 0, 204, 204);
        c.Line(off + x1 * scale, off - y1 * scale, off + x2 * scale, off - y2 * scale, 10, 0, 204, 204);
        c.FillCircle(off, off, 5, 204, 204, 0);
        c.FillCircle(off + x1 * scale, off - y1 * scale, 5, 204, 204, 0);
    }
}
