using DeepQ.Emulator.Ale;

namespace DeepQ.Emulator.Games;

/// <summary>
/// The rules ALE reads from a game's RAM after every emulated frame (its <c>RomSettings</c>):
/// reward of that frame, whether the game is over, lives left, plus the game's minimal action
/// set, modes, difficulties and the actions needed to start a game. One subclass per ROM,
/// keyed by md5; <see cref="GameCatalog"/> finds them all, so adding a game is adding one file.
/// </summary>
/// <remarks>
/// RAM passed to <see cref="Step"/> is the 128 bytes <c>$80-$FF</c>; ALE's <c>readRam(i)</c>
/// reads <c>$80 + (i &amp; 0x7F)</c>, which is <c>ram[i &amp; 0x7F]</c> here (see <see cref="Ram"/>).
/// The state kept between frames uses the fields of this base class so save/restore is generic;
/// a game with more state overrides <see cref="SaveExtra"/>/<see cref="LoadExtra"/>.
/// </remarks>
public abstract class GameRules
{
    /// <summary>ALE's game name (<c>pong</c>).</summary>
    public abstract string Name { get; }

    /// <summary>md5 of the one ROM image these rules are for.</summary>
    public abstract string Md5 { get; }

    /// <summary>ALE's minimal action set, in ALE's id order.</summary>
    public abstract IReadOnlyList<AleAction> MinimalActions { get; }

    /// <summary>Actions ALE applies (one frame each) at the end of every reset, e.g. FIRE to launch.</summary>
    public virtual IReadOnlyList<AleAction> StartingActions => [];

    /// <summary>
    /// True for games played with paddles (Stella's Controller.Left property is PADDLES): ALE then
    /// turns LEFT/RIGHT into turning the paddle by a fixed step per frame and FIRE into its button.
    /// </summary>
    public virtual bool UsesPaddles => false;

    /// <summary>
    /// True when Stella's properties swap the two paddles of a port (Controller.SwapPaddles): the
    /// player's paddle is then read through INPT1 instead of INPT0.
    /// </summary>
    public virtual bool SwapPaddles => false;

    /// <summary>
    /// ALE's <c>isLegal</c>: an action the game forbids is played as NOOP (all 18 are legal unless
    /// a game says otherwise, e.g. Skiing forbids the fire button).
    /// </summary>
    public virtual bool IsLegal(AleAction action) => true;

    /// <summary>Game modes ALE allows; the first is the default.</summary>
    public virtual IReadOnlyList<int> Modes => [0];

    /// <summary>Difficulty switch settings ALE allows (bit 0 left switch A, bit 1 right switch A).</summary>
    public virtual IReadOnlyList<int> Difficulties => [0];

    /// <summary>The mode used unless one is asked for.</summary>
    public int DefaultMode => Modes[0];

    /// <summary>RAM address ($80-$FF) that holds the current mode, for games whose modes are chosen with SELECT; null otherwise.</summary>
    protected virtual int? ModeAddress => null;

    /// <summary>Frames SELECT is held per press while choosing a mode (ALE's <c>pressSelect</c> argument).</summary>
    protected virtual int SelectFrames => 1;

    /// <summary>Reward of the last frame.</summary>
    public int Reward { get; protected set; }

    /// <summary>True once the game is over.</summary>
    public bool Terminal { get; protected set; }

    /// <summary>Lives left as ALE reports them: 0 once the game is over, and for games without lives.</summary>
    public virtual int Lives => Terminal ? 0 : LivesLeft;

    /// <summary>Running score the reward is the difference of.</summary>
    protected int Score;

    /// <summary>Lives as last read (games with lives).</summary>
    protected int LivesLeft;

    /// <summary>Set once a game notices play has started (e.g. lives reached their start value).</summary>
    protected bool Started;

    /// <summary>Reads the frame's RAM and updates <see cref="Reward"/>, <see cref="Terminal"/>, lives.</summary>
    public abstract void Step(ReadOnlySpan<byte> ram);

    /// <summary>Forgets the running score: ALE calls it after the power-on no-op frames of a reset.</summary>
    public virtual void Reset()
    {
        Reward = 0;
        Score = 0;
        Terminal = false;
        LivesLeft = 0;
        Started = false;
    }

    /// <summary>
    /// Puts the game in <paramref name="mode"/>: for games with a <see cref="ModeAddress"/>, presses
    /// SELECT until that byte equals the mode, then soft-resets (ALE's <c>setMode</c>). Returns
    /// false when the mode is not one of <see cref="Modes"/>.
    /// </summary>
    public virtual bool SetMode(int mode, IGameConsole console)
    {
        if (!Modes.Contains(mode)) return false;
        if (ModeAddress is not { } address) return true;
        PressSelectUntil(console, ram => Ram(ram, address) == mode, SelectFrames);
        console.SoftReset();
        return true;
    }

    /// <summary>Presses SELECT (<paramref name="frames"/> frames per press) until <paramref name="done"/> holds for the RAM; gives up after 256 presses.</summary>
    protected void PressSelectUntil(IGameConsole console, RamPredicate done, int frames)
    {
        for (int presses = 0; !done(console.Ram); presses++)
        {
            if (presses > 255) throw new RomException($"Game '{Name}' did not reach the asked mode after 256 presses of SELECT; the ROM may not be the one these rules are for.");
            console.PressSelect(frames);
        }
    }

    /// <summary>A test on RAM $80-$FF.</summary>
    protected delegate bool RamPredicate(ReadOnlySpan<byte> ram);

    /// <summary>Writes the per-episode state (reward, score, terminal, lives, started, extras).</summary>
    public void SaveState(BinaryWriter w)
    {
        w.Write(Reward); w.Write(Score); w.Write(Terminal); w.Write(LivesLeft); w.Write(Started);
        SaveExtra(w);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader r)
    {
        Reward = r.ReadInt32(); Score = r.ReadInt32(); Terminal = r.ReadBoolean(); LivesLeft = r.ReadInt32(); Started = r.ReadBoolean();
        LoadExtra(r);
    }

    protected virtual void SaveExtra(BinaryWriter w) { }

    protected virtual void LoadExtra(BinaryReader r) { }

    /// <summary>ALE's <c>readRam(i)</c>: the byte at <c>$80 + (i &amp; 0x7F)</c>.</summary>
    protected static int Ram(ReadOnlySpan<byte> ram, int address) => ram[address & 0x7F];

    /// <summary>ALE's <c>getDecimalScore</c>: BCD bytes, lowest two digits first; -1 skips a byte.</summary>
    protected static int DecimalScore(ReadOnlySpan<byte> ram, int lower, int middle = -1, int higher = -1)
    {
        int score = Bcd(Ram(ram, lower));
        if (middle < 0) return score;
        score += 100 * Bcd(Ram(ram, middle));
        if (higher < 0) return score;
        return score + 10000 * Bcd(Ram(ram, higher));
    }

    private static int Bcd(int b) => 10 * (b >> 4) + (b & 0x0F);

    /// <summary>Sets <see cref="Reward"/> from a new score and remembers it.</summary>
    protected void ScoreIs(int score)
    {
        Reward = score - Score;
        Score = score;
    }
}

/// <summary>What <see cref="GameRules.SetMode"/> needs from the ALE layer.</summary>
public interface IGameConsole
{
    /// <summary>RAM $80-$FF as of the last emulated frame.</summary>
    ReadOnlySpan<byte> Ram { get; }

    /// <summary>ALE's <c>pressSelect(n)</c>: hold SELECT for n frames, then one no-op frame.</summary>
    void PressSelect(int frames);

    /// <summary>ALE's <c>softReset</c>: hold RESET for 4 frames.</summary>
    void SoftReset();

    /// <summary>ALE's environment <c>act</c>: frame-skip frames with sticky draws, counted in both frame numbers; returns the reward.</summary>
    int Act(Ale.AleAction action);

    /// <summary>The next 32-bit output of ALE's environment generator (the one sticky actions draw from).</summary>
    uint NextRandom();
}
