namespace DeepQ.Emulator.Ale;

/// <summary>
/// The 18 joystick actions of player A with ALE's ids: a direction (or none) combined with the
/// fire button or not. The id is what traces, Gymnasium and checkpoints store.
/// </summary>
public enum AleAction
{
    Noop = 0,
    Fire = 1,
    Up = 2,
    Right = 3,
    Left = 4,
    Down = 5,
    UpRight = 6,
    UpLeft = 7,
    DownRight = 8,
    DownLeft = 9,
    UpFire = 10,
    RightFire = 11,
    LeftFire = 12,
    DownFire = 13,
    UpRightFire = 14,
    UpLeftFire = 15,
    DownRightFire = 16,
    DownLeftFire = 17,
}

/// <summary>What an <see cref="AleAction"/> does to the joystick, and the full action set.</summary>
public static class AleActions
{
    /// <summary>Number of joystick actions (ALE's legal action set).</summary>
    public const int Count = 18;

    /// <summary>All 18 actions in id order: ALE's <c>getLegalActionSet</c>.</summary>
    public static IReadOnlyList<AleAction> All { get; } = Enumerable.Range(0, Count).Select(i => (AleAction)i).ToArray();

    /// <summary>Gymnasium's upper-case names (<c>NOOP</c>, <c>UPRIGHTFIRE</c>) for display.</summary>
    public static string Name(AleAction a) => a.ToString().ToUpperInvariant();

    public static bool IsFire(AleAction a) => a is AleAction.Fire or >= AleAction.UpFire;
    public static bool IsUp(AleAction a) => a is AleAction.Up or AleAction.UpRight or AleAction.UpLeft or AleAction.UpFire or AleAction.UpRightFire or AleAction.UpLeftFire;
    public static bool IsDown(AleAction a) => a is AleAction.Down or AleAction.DownRight or AleAction.DownLeft or AleAction.DownFire or AleAction.DownRightFire or AleAction.DownLeftFire;
    public static bool IsLeft(AleAction a) => a is AleAction.Left or AleAction.UpLeft or AleAction.DownLeft or AleAction.LeftFire or AleAction.UpLeftFire or AleAction.DownLeftFire;
    public static bool IsRight(AleAction a) => a is AleAction.Right or AleAction.UpRight or AleAction.DownRight or AleAction.RightFire or AleAction.UpRightFire or AleAction.DownRightFire;
}
