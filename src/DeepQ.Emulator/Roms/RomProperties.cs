namespace DeepQ.Emulator.Roms;

/// <summary>
/// The Stella properties (ALE 0.12.1's built-in stella.pro table, looked up by the md5 of the
/// loaded file) that change what ALE shows for a ROM: the first line drawn (Display.YStart) and
/// the number of lines (Display.Height) of the screen, whether HMOVE blanks the first 8 pixels of
/// a line (Emulation.HmoveBlanks) and whether the two controller ports are swapped
/// (Console.SwapPorts: player A's joystick is then read through the right port). Every other
/// image gets Stella's defaults. Display.Format is AUTO-DETECT for every image listed by ALE
/// or shared here, so PAL is decided by the console's power-on frames, not by this table.
/// </summary>
public sealed record RomProperties(int YStart = 34, int Height = 210, bool HmoveBlanks = true, bool SwapPorts = false)
{
    /// <summary>Stella's defaults.</summary>
    public static RomProperties Default { get; } = new();

    // Only entries that differ from the defaults; the comment names the image.
    private static readonly Dictionary<string, RomProperties> s_byMd5 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["028024fb8e5e5f18ea586652f9799c96"] = new(YStart: 26, Height: 214), // Carnival (ALE's image)
        ["4799a40b6e889370b7ee55c17ba65141"] = new(YStart: 26, Height: 220), // Pooyan (ALE's image)
        ["484b0076816a104875e00467d431c2d2"] = new(YStart: 40),              // Q*bert
        ["7d3cdde63b16fa637c4484e716839c94"] = new(YStart: 20),              // Road Runner (CCE)
        ["a499d720e7ee35c62424de882a3351b6"] = new(YStart: 30),              // Up 'n Down
        ["718ae62c70af4e5fd8e932fee216948a"] = new(Height: 230),             // Journey Escape
        ["41f252a66c6301f1e8ab3612c19bc5d4"] = new(HmoveBlanks: false),      // Battle Zone (ALE's image)
        ["87e79cd41ce136fd4f72cc6e2c161bee"] = new(HmoveBlanks: false),      // Ms. Pac-Man (ALE's image)
        ["9469d18238345d87768e8965f9f4a6b2"] = new(HmoveBlanks: false),      // Ms. Pac-Man (CCE)
        ["ccbd36746ed4525821a8083b0d6d2c2c"] = new(HmoveBlanks: false),      // Asteroids
        ["106855474c69d08c8ffa308d47337269"] = new(HmoveBlanks: false),      // Dark Chambers
        ["663ef22eb399504d5204c543b8a86bcd"] = new(SwapPorts: true),         // Wizard of Wor (PAL)
        ["7e8aa18bc9502eb57daaf5e7c1e94da7"] = new(SwapPorts: true),         // Wizard of Wor (ALE's image)
        ["4d7517ae69f95cfbc053be01312b7dba"] = new(SwapPorts: true),         // Surround
    };

    /// <summary>The properties ALE uses for the image with this md5.</summary>
    public static RomProperties For(string md5) => s_byMd5.GetValueOrDefault(md5, Default);
}
