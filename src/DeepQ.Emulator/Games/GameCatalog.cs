using System.Reflection;
using DeepQ.Emulator.Roms;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Finds the <see cref="GameRules"/> subclass for a ROM. Every concrete subclass in this assembly
/// with a parameterless constructor is registered under its game name, so adding a game is adding
/// one file. A ROM finds its rules through its md5: any known image of the game (ALE's supported
/// image or another dump, see <see cref="KnownRoms"/>) gets that game's rules, as in ALE.
/// </summary>
public static class GameCatalog
{
    private static readonly Lazy<Dictionary<string, Func<GameRules>>> s_byName = new(Build);

    /// <summary>md5s of the images the rules were checked on (each class's <see cref="GameRules.Md5"/>), one per game with rules.</summary>
    public static IReadOnlyCollection<string> Md5s => s_md5s.Value;

    private static readonly Lazy<string[]> s_md5s = new(() => s_byName.Value.Values.Select(make => make().Md5).ToArray());

    /// <summary>Names of the games with rules.</summary>
    public static IReadOnlyCollection<string> Names => s_byName.Value.Keys;

    /// <summary>A fresh rules object for the ROM with this md5, or null when it is not a known, playable image of a game with rules.</summary>
    public static GameRules? Create(string md5)
    {
        if (string.Equals(md5, KnownRoms.UnplayableDefenderMd5, StringComparison.OrdinalIgnoreCase)) return null;
        var name = KnownRoms.ByMd5(md5)?.Name ?? s_byMd5.Value.GetValueOrDefault(md5);
        return name is null ? null : ForName(name);
    }

    /// <summary>A fresh rules object for the game with this ALE name, or null when its rules are not written.</summary>
    public static GameRules? ForName(string name) =>
        s_byName.Value.TryGetValue(name, out var make) ? make() : null;

    private static readonly Lazy<Dictionary<string, string>> s_byMd5 = new(() =>
        s_byName.Value.ToDictionary(kv => kv.Value().Md5, kv => kv.Key, StringComparer.OrdinalIgnoreCase));

    private static Dictionary<string, Func<GameRules>> Build()
    {
        var map = new Dictionary<string, Func<GameRules>>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(GameRules).Assembly.GetTypes())
        {
            if (type.IsAbstract || !typeof(GameRules).IsAssignableFrom(type)) continue;
            var ctor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
            if (ctor is null) continue;
            var sample = (GameRules)ctor.Invoke(null);
            if (!map.TryAdd(sample.Name, () => (GameRules)ctor.Invoke(null)))
                throw new InvalidOperationException($"Two game classes claim game {sample.Name}: {type.Name} and another.");
        }
        return map;
    }
}
