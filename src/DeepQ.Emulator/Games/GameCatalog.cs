using System.Reflection;

namespace DeepQ.Emulator.Games;

/// <summary>
/// Finds the <see cref="GameRules"/> subclass for a ROM md5. Every concrete subclass in this
/// assembly with a parameterless constructor is registered, so adding a game is adding one file.
/// </summary>
public static class GameCatalog
{
    private static readonly Lazy<Dictionary<string, Func<GameRules>>> s_byMd5 = new(Build);

    /// <summary>md5s of every game with rules.</summary>
    public static IReadOnlyCollection<string> Md5s => s_byMd5.Value.Keys;

    /// <summary>A fresh rules object for the ROM with this md5, or null when its rules are not written.</summary>
    public static GameRules? Create(string md5) =>
        s_byMd5.Value.TryGetValue(md5, out var make) ? make() : null;

    private static Dictionary<string, Func<GameRules>> Build()
    {
        var map = new Dictionary<string, Func<GameRules>>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(GameRules).Assembly.GetTypes())
        {
            if (type.IsAbstract || !typeof(GameRules).IsAssignableFrom(type)) continue;
            var ctor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
            if (ctor is null) continue;
            var sample = (GameRules)ctor.Invoke(null);
            if (!map.TryAdd(sample.Md5, () => (GameRules)ctor.Invoke(null)))
                throw new InvalidOperationException($"Two game classes claim md5 {sample.Md5}: {type.Name} and another.");
        }
        return map;
    }
}
