namespace DeepQ.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>CartPole-v1</c>: a pole hinged on a cart, pushed left (action 0) or right (1)
/// with 10 N. State <c>[x (m), x_dot (m/s), theta (rad), theta_dot (rad/s)]</c> evolves in float64
/// with explicit Euler steps of 0.02 s and is returned as float32 <c>[4]</c>. Terminates when
/// |x| > 2.4 or |theta| > 12 degrees; the 500-step limit is TimeLimit's (see <see cref="Gym"/>).
/// </summary>
public sealed class CartPole : ClassicEnv<float>
{
    public const double Gravity = 9.8;
    public const double MassCart = 1.0;
    public const double MassPole = 0.1;
    public const double TotalMass = MassPole + MassCart;
    /// <summary>Half the pole's length (m), as Gymnasium's <c>length</c>.</summary>
    public const double Length = 0.5;
    public const double PoleMassLength = MassPole * Length;
    public const double ForceMag = 10.0;
    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;
    public static readonly double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;
    public const double XThreshold = 2.4;

    private readonly double[] _state = new double[4];
    private int _stepsBeyondTerminated = -1; // -1: Gymnasium's None

    /// <param name="suttonBartoReward">Gymnasium's <c>sutton_barto_reward</c> (default false): 0 per step and -1 on failure instead of +1 per step.</param>
    public CartPole(bool suttonBartoReward = false, string id = "CartPole-v1") : base(id, 4)
    {
        SuttonBartoReward = suttonBartoReward;
        // Gymnasium's bounds: twice the failure thresholds, unbounded velocities.
        double[] high = [XThreshold * 2, double.PositiveInfinity, ThetaThresholdRadians * 2, double.PositiveInfinity];
        ObservationSpace = new BoxSpace(high.Select(h => -h).ToArray(), high, [4], DType.Float32);
    }

    public bool SuttonBartoReward { get; }
    public override Space ObservationSpace { get; }
    public override DiscreteSpace ActionSpace { get; } = new(2);

    /// <summary>The float64 state (x, x_dot, theta, theta_dot); settable so tests can start anywhere.</summary>
    public Span<double> State => _state;

    protected override void ResetState()
    {
        for (int i = 0; i < 4; i++) _state[i] = Rng.Uniform(-0.05, 0.05);
        _stepsBeyondTerminated = -1;
    }

    protected override (double Reward, bool Terminated) Advance(int action)
    {
        double x = _state[0], xDot = _state[1], theta = _state[2], thetaDot = _state[3];
        double force = action == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(theta), sinTheta = Math.Sin(theta);

        // Florian 2007's cart-pole equations with Gymnasium's operation order.
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp)
                          / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;

        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        _state[0] = x; _state[1] = xDot; _state[2] = theta; _state[3] = thetaDot;

        bool terminated = x < -XThreshold || x > XThreshold
                          || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;
        double reward;
        if (!terminated) reward = SuttonBartoReward ? 0.0 : 1.0;
        else if (_stepsBeyondTerminated < 0)
        {
            _stepsBeyondTerminated = 0;
            reward = SuttonBartoReward ? -1.0 : 1.0;
        }
        else
        {
            // Stepping past termination is undefined in Gymnasium; it pays 0 (or -1).
            _stepsBeyondTerminated++;
            reward = SuttonBartoReward ? -1.0 : 0.0;
        }
        return (reward, terminated);
    }

    protected override void WriteObservation()
    {
        for (int i = 0; i < 4; i++) Obs[i] = (float)_state[i];
    }

    /// <summary>Gymnasium's 600x400 picture: track, black cart, brown pole, blue axle.</summary>
    public override void Render(Span<byte> rgb)
    {
        const int w = 600, h = 400;
        var c = new Canvas(rgb, h, w);
        c.Clear(255, 255, 255);
        double worldWidth = XThreshold * 2;
        double scale = w / worldWidth;
        double poleLen = scale * (2 * Length);
        const double cartW = 50, cartH = 30, poleW = 10;
        double cartX = _state[0] * scale + w / 2.0;
        const double cartY = 100; // from the bottom, as Gymnasium draws before flipping
        double Y(double up) => h - up;
        c.FillRect(0, (int)Y(cartY), w, 1, 0, 0, 0);
        c.FillRect((int)(cartX - cartW / 2), (int)Y(cartY + cartH / 2 + 10), (int)cartW, (int)cartH, 0, 0, 0);
        // The pole: a rotated rectangle from the axle, angle measured from vertical, clockwise positive.
        double axleUp = cartY + cartH / 2 + 10 - cartH / 4;
        double s = Math.Sin(_state[2]), co = Math.Cos(_state[2]);
        Span<double> px = stackalloc double[4];
        Span<double> py = stackalloc double[4];
        double[,] corners = { { -poleW / 2, 0 }, { -poleW / 2, poleLen - poleW / 2 }, { poleW / 2, poleLen - poleW / 2 }, { poleW / 2, 0 } };
        for (int i = 0; i < 4; i++)
        {
            double lx = corners[i, 0], ly = corners[i, 1];
            px[i] = cartX + lx * co + ly * s;
            py[i] = Y(axleUp + ly * co - lx * s);
        }
        c.FillConvex(px, py, 202, 152, 101);
        c.FillCircle(cartX, Y(axleUp), poleW / 2, 129, 132, 203);
    }
}
