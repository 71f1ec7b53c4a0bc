namespace DeepQ.Emulator.Ale;

/// <summary>
/// ALE's settings that change emulation, with ALE 0.12's defaults. Frame counts are emulator
/// frames (60 per second), not agent steps.
/// </summary>
public sealed record AleSettings
{
    /// <summary>Emulator frames per <see cref="AleInterface.Act"/>, the action repeated and rewards summed (ALE <c>frame_skip</c>, default 1; values below 1 act as 1, as in ALE).</summary>
    public int FrameSkip { get; init; } = 1;

    /// <summary>Chance, per emulated frame, of repeating the previous frame's action instead of the new one (ALE <c>repeat_action_probability</c>, "sticky actions", default 0.25).</summary>
    public double RepeatActionProbability { get; init; } = 0.25;

    /// <summary>Episode length cap in emulator frames; the game counts as over once reached; 0 means no cap (ALE <c>max_num_frames_per_episode</c>, default 0).</summary>
    public int MaxNumFramesPerEpisode { get; init; }

    /// <summary>Seed of the sticky-action generator and of the console's power-on RAM/timer values (ALE <c>random_seed</c>, default 0).</summary>
    public int RandomSeed { get; init; }

    /// <summary>
    /// Game mode; null uses the game's default mode (the game's first). Like ALE's users calling <c>setMode</c> after
    /// <c>loadROM</c>: the load resets with the default mode, then one more <c>reset_game</c> selects this one.
    /// </summary>
    public int? Mode { get; init; }

    /// <summary>
    /// Difficulty switches: bit 0 puts the left switch on A, bit 1 the right one; null is 0, both on B. Like ALE's
    /// <c>setDifficulty</c> after <c>loadROM</c> (the load runs with 0), followed by one more <c>reset_game</c>.
    /// </summary>
    public int? Difficulty { get; init; }

    /// <summary>
    /// Not an ALE setting: how often the emulated CPU must reach an address in ROM before it compiles the instructions
    /// from there into machine code (<see cref="Machine.AtariConsole.DefaultBlockThreshold"/>); 0 interprets every
    /// instruction. Only speed depends on it, never a frame, reward or RAM byte.
    /// </summary>
    public int BlockThreshold { get; init; } = Machine.AtariConsole.DefaultBlockThreshold;
}
