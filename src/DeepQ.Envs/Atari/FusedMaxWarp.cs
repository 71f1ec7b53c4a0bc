using DeepQ.Envs.Imaging;

namespace DeepQ.Envs.Atari;

/// <summary>
/// SB3's MaxAndSkip followed by WarpFrame, computed from palette-index screens: gray(max(RGB a,
/// RGB b)) depends only on the two palette indices, so one 256x256 table replaces building two RGB
/// screens, pooling them and converting to gray. Byte for byte the same observations, rewards
/// and flags as the two wrappers (stale-buffer semantics included); <see cref="AtariStack"/> uses
/// it when the wrappers below pass observations through and the emulator offers palette screens.
/// </summary>
public sealed class FusedMaxWarp : Wrapper<byte>
{
    private readonly AtariEnv _atari;
    private readonly byte[] _second, _last, _gray, _obs;
    private readonly byte[] _table; // [a*256 + b] = OpenCV gray of the channel-wise max of colours a and b
    private readonly AreaResize _resize;

    public FusedMaxWarp(IEnv<byte> inner, int skip = 4, int size = 84) : base(inner)
    {
        _atari = AtariEnv.BelowObservationPassThrough(inner)
                 ?? throw new EnvException($"{inner.Id}: FusedMaxWarp needs an Atari env under pass-through wrappers; use MaxAndSkip and WarpFrame.");
        if (!CanFuse(inner)) throw new EnvException($"{inner.Id}: the emulator offers no palette screen; use MaxAndSkip and WarpFrame.");
        if (skip < 2) throw new EnvException($"FusedMaxWarp needs a frame skip of at least 2, got {skip}.");
        Skip = skip;
        var emu = _atari.Emulator;
        int px = emu.ScreenHeight * emu.ScreenWidth;
        _second = new byte[px];
        _last = new byte[px];
        _gray = new byte[px];
        _obs = new byte[size * size];
        _resize = new AreaResize(emu.ScreenHeight, emu.ScreenWidth, size, size);
        _table = BuildTable(emu);
        ObservationSpace = BoxSpace.Uniform(0, 255, [size, size], DType.UInt8);
    }

    public int Skip { get; }
    public override Space ObservationSpace { get; }
    public override ReadOnlySpan<byte> Observation => _obs;

    /// <summary>Whether <paramref name="env"/> can be fused: RGB Atari under pass-through wrappers with palette screens.</summary>
    public static bool CanFuse(IEnv<byte> env) =>
        AtariEnv.BelowObservationPassThrough(env) is { } a && a.Config.ObsType == AtariObsType.Rgb
        && a.Emulator.PaletteScreen.Length == a.Emulator.ScreenHeight * a.Emulator.ScreenWidth;

    private static byte[] BuildTable(IAtariEmulator emu)
    {
        var table = new byte[256 * 256];
        Span<byte> rgb = stackalloc byte[3];
        Span<byte> g = stackalloc byte[1];
        for (int a = 0; a < 256; a++)
        {
            int ca = emu.PaletteColor((byte)a);
            for (int b = 0; b < 256; b++)
            {
                int cb = emu.PaletteColor((byte)b);
                rgb[0] = (byte)Math.Max((ca >> 16) & 0xFF, (cb >> 16) & 0xFF);
                rgb[1] = (byte)Math.Max((ca >> 8) & 0xFF, (cb >> 8) & 0xFF);
                rgb[2] = (byte)Math.Max(ca & 0xFF, cb & 0xFF);
                GrayConversion.RgbToGray(rgb, g);
                table[a * 256 + b] = g[0];
            }
        }
        return table;
    }

    public override ResetResult<byte> Reset(int? seed = null)
    {
        var r = Inner.Reset(seed);
        // MaxAndSkip passes the reset frame through unpooled; WarpFrame grays and shrinks it.
        Gray(_atari.Emulator.PaletteScreen, _atari.Emulator.PaletteScreen);
        _resize.Resize(_gray, _obs);
        return new ResetResult<byte>(_obs, r.Info);
    }

    public override StepResult<byte> Step(int action)
    {
        double total = 0;
        bool terminated = false, truncated = false;
        for (int i = 0; i < Skip; i++)
        {
            _atari.SkipNextObservation = true; // the RGB screen is never needed here
            var r = Inner.Step(action);
            if (i == Skip - 2) _atari.Emulator.PaletteScreen.CopyTo(_second);
            if (i == Skip - 1) _atari.Emulator.PaletteScreen.CopyTo(_last);
            total += r.Reward;
            terminated = r.Terminated;
            truncated = r.Truncated;
            if (terminated || truncated) break;
        }
        Gray(_second, _last);
        _resize.Resize(_gray, _obs);
        return new StepResult<byte>(_obs, total, terminated, truncated, Inner.Info);
    }

    private void Gray(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        byte[] t = _table;
        for (int i = 0; i < _gray.Length; i++) _gray[i] = t[(a[i] << 8) | b[i]];
    }
}
