namespace DeepQ.Emulator.Roms;

/// <summary>One ROM copied by <see cref="RomLibrary.Import"/>: the game, where it came from, where it went.</summary>
public sealed record ImportedRom(string Game, string Source, string Destination, KnownRom Image);

/// <summary>
/// Where ROMs are found. A ROM is named either by a path to a file, or by a game name
/// (<c>pong</c>, as ALE names it) looked up in the ROM folder. The folder is, in order:
/// the explicit one (<c>--roms DIR</c>), else the environment variable <c>DEEPQ_ROMS</c>,
/// else the per-user folder <c>LocalApplicationData/deepq/roms</c>
/// (<c>~/.local/share/deepq/roms</c> on Linux). Inside the folder a game is found by md5
/// first (any file name), then as <c>NAME.bin</c>. No ROM ever ships with the project.
/// </summary>
public sealed class RomLibrary
{
    /// <summary>The environment variable naming the ROM folder when no folder is given.</summary>
    public const string EnvironmentVariable = "DEEPQ_ROMS";

    /// <summary>Uses <paramref name="folder"/> when given, else <c>DEEPQ_ROMS</c>, else the per-user folder.</summary>
    public RomLibrary(string? folder = null)
    {
        if (!string.IsNullOrWhiteSpace(folder)) { Folder = Path.GetFullPath(folder); Source = GivenFolder; }
        else if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) { Folder = Path.GetFullPath(env); Source = EnvironmentVariable; }
        else { Folder = UserFolder; Source = "the user folder"; }
    }

    /// <summary>The per-user ROM folder that <see cref="Import"/> fills when no folder is given.</summary>
    public static string UserFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "deepq", "roms");

    /// <summary>The ROM folder in use (absolute).</summary>
    public string Folder { get; }

    /// <summary>How <see cref="Source"/> names a folder given to the constructor.</summary>
    public const string GivenFolder = "the given ROM folder";

    /// <summary>Which rule chose <see cref="Folder"/>: <see cref="GivenFolder"/>, "DEEPQ_ROMS" or "the user folder".</summary>
    public string Source { get; }

    /// <summary>
    /// Resolves a path or a game name to a loaded ROM. A string that names an existing file, or
    /// contains a directory separator, or ends in <c>.bin</c>/<c>.a26</c>, is a path; anything else is
    /// a game name. Problems are <see cref="RomException"/>s that say what to do.
    /// </summary>
    public RomImage Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (nameOrPath.Length == 0)
            throw new RomException("No ROM given; name a game (e.g. 'pong') or the path of a .bin file.");
        if (LooksLikePath(nameOrPath)) return RomImage.Load(nameOrPath);

        var known = KnownRoms.ByName(nameOrPath);
        if (known is null)
            throw new RomException($"Unknown game '{nameOrPath}'; use an ALE game name such as 'pong' or 'breakout' (see KnownRoms), or give the path of a .bin file.");
        if (!Directory.Exists(Folder))
            throw new RomException($"ROM folder '{Folder}' (from {Source}) does not exist; import your ROMs with RomLibrary.Import(DIR), or use another ROM folder.");
        var found = Find(known);
        if (found is null)
            throw new RomException($"No ROM for '{known.Name}' (ALE's image: md5 {known.Md5}) in '{Folder}' (from {Source}); import it with RomLibrary.Import(DIR) from a folder that holds it, or use another ROM folder.");
        return found;
    }

    /// <summary>
    /// Resolves a ROM file name as ALE records it (<c>pong.bin</c>): that file in <see cref="Folder"/>
    /// when present, else the game of that name found by md5 in the folder.
    /// </summary>
    public RomImage ResolveFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var inFolder = Path.Combine(Folder, Path.GetFileName(fileName));
        if (File.Exists(inFolder)) return RomImage.Load(inFolder);
        return Resolve(Path.GetFileNameWithoutExtension(fileName));
    }

    /// <summary>
    /// A ROM of the game inside <see cref="Folder"/>: NAME.bin if it is a known image of the game, else
    /// any file that is (ALE's image preferred); null if none.
    /// </summary>
    public RomImage? Find(KnownRom game)
    {
        var direct = Path.Combine(Folder, game.Name + ".bin");
        if (File.Exists(direct) && TryLoad(direct) is { Known: { } k } rom && k.Name == game.Name) return rom;
        RomImage? other = null;
        foreach (var file in SafeFiles(Folder))
        {
            if (TryLoad(file) is not { Known: { } known } r || known.Name != game.Name) continue;
            if (known.Kind == RomImageKind.AleSupported) return r;
            other ??= r;
        }
        return other;
    }

    /// <summary>
    /// Copies every file in <paramref name="sourceDir"/> (recursively) whose md5 is a known image of a
    /// game into <see cref="Folder"/> as <c>NAME.bin</c>, like <c>ale-import-roms</c> (ALE's image wins
    /// over another dump of the same game). Returns what was imported, sorted by game, each with the
    /// image it is; files it does not recognise are skipped.
    /// </summary>
    public IReadOnlyList<ImportedRom> Import(string sourceDir)
    {
        if (!Directory.Exists(sourceDir))
            throw new RomException($"Folder '{sourceDir}' does not exist; give the folder that holds your .bin ROM files.");
        var imported = new SortedDictionary<string, ImportedRom>(StringComparer.Ordinal);
        foreach (var file in SafeFiles(sourceDir, recursive: true))
        {
            long length;
            try { length = new FileInfo(file).Length; } catch (IOException) { continue; }
            if (length > RomImage.MaxSize) continue;
            if (TryLoad(file) is not { Known: { } known }) continue;
            if (imported.TryGetValue(known.Name, out var have) && (have.Image.Kind == RomImageKind.AleSupported || known.Kind != RomImageKind.AleSupported)) continue;
            try
            {
                Directory.CreateDirectory(Folder);
                var destination = Path.Combine(Folder, known.Name + ".bin");
                if (!string.Equals(Path.GetFullPath(file), destination, StringComparison.Ordinal))
                    File.Copy(file, destination, overwrite: true);
                imported[known.Name] = new ImportedRom(known.Name, file, destination, known);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RomException($"Cannot write to ROM folder '{Folder}': {e.Message}; choose a writable ROM folder.", e);
            }
        }
        return imported.Values.ToList();
    }

    private static bool LooksLikePath(string s) =>
        File.Exists(s) || s.Contains(Path.DirectorySeparatorChar) || s.Contains(Path.AltDirectorySeparatorChar)
        || s.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) || s.EndsWith(".a26", StringComparison.OrdinalIgnoreCase);

    private static RomImage? TryLoad(string path)
    {
        try { return RomImage.Load(path); } catch (RomException) { return null; }
    }

    private static IEnumerable<string> SafeFiles(string dir, bool recursive = false)
    {
        try
        {
            return Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true }).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RomException($"Cannot list folder '{dir}': {e.Message}", e);
        }
    }
}
