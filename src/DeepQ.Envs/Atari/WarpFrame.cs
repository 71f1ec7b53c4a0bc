using DeepQ.Envs.Imaging;

namespace DeepQ.Envs.Atari;

/// <summary>
/// SB3's <c>WarpFrame</c>: RGB screen <c>[210,160,3]</c> to OpenCV grayscale, then an
/// <c>INTER_AREA</c> shrink to <c>[84,84]</c>, byte-exact with OpenCV. A grayscale input
/// <c>[H,W]</c> skips the color conversion. SB3 keeps a trailing channel axis <c>[84,84,1]</c>;
/// here the frame is <c>[84,84]</c> and FrameStack adds the leading channel axis.
/// </summary>
public sealed class WarpFrame : ObservationWrapper<byte, byte>
{
    private readonly bool _rgbInput;
    private readonly byte[] _gray;
    private readonly byte[] _obs;
    private readonly AreaResize _resize;

    public WarpFrame(IEnv<byte> inner, int width = 84, int height = 84) : base(inner)
    {
        var shape = inner.ObservationSpace.Shape;
        _rgbInput = shape.Count == 3 && shape[2] == 3;
        if (!_rgbInput && shape.Count != 2)
            throw new EnvException($"{inner.Id}: WarpFrame needs screen observations [H,W,3] or [H,W], got [{string.Join(",", shape)}]; use obs_type rgb or grayscale.");
        int h = shape[0], w = shape[1];
        _gray = new byte[h * w];
        _obs = new byte[height * width];
        try { _resize = new AreaResize(h, w, height, width); }
        catch (ArgumentException e) { throw new EnvException($"{inner.Id}: screen size {height}x{width} is not supported: {e.Message}"); }
        ObservationSpace = BoxSpace.Uniform(0, 255, [height, width], DType.UInt8);
    }

    public override Space ObservationSpace { get; }
    public override ReadOnlySpan<byte> Observation => _obs;

    protected override void Transform(ReadOnlySpan<byte> inner)
    {
        if (_rgbInput)
        {
            GrayConversion.RgbToGray(inner, _gray);
            _resize.Resize(_gray, _obs);
        }
        else
        {
            _resize.Resize(inner, _obs);
        }
    }
}
