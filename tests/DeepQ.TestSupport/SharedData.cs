namespace DeepQ.TestSupport;

/// <summary>
/// Locates the shared test data (ROMs, ALE traces, CPU test images) that lives beside the
/// repository as <c>../shared</c>, never inside it. <c>DEEPQ_SHARED</c> overrides the location.
/// </summary>
public static class SharedData
{
    /// <summary>Set by CI: a test that needs shared data fails instead of skipping when it is missing.</summary>
    public const string RequireVariable = "DEEPQ_REQUIRE_SHARED";

    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Root => s_root.Value;

    public static bool Required =>
        Environment.GetEnvironmentVariable(RequireVariable) is { Length: > 0 } v && v != "0";

    public static string RomsDir => Path.Combine(RootOrThrow, "roms");
    public static string TracesDir => Path.Combine(RootOrThrow, "ale-traces");
    public static string CpuTestsDir => Path.Combine(RootOrThrow, "cpu-tests");

    public static string Rom(string name) => Path.Combine(RomsDir, name.EndsWith(".bin", StringComparison.Ordinal) ? name : name + ".bin");

    public static string RootOrThrow => Root ?? throw new InvalidOperationException(
        $"Shared test data not found: expected a 'shared' folder beside the repository (or set DEEPQ_SHARED). {RequireVariable} is set, so this is a failure, not a skip.");

    /// <summary>The reason to skip, or null when the data is there or CI requires it (then the test fails on its own).</summary>
    public static string? SkipReason =>
        Root is null && !Required
            ? "Needs ../shared (ROMs, ALE traces, CPU tests) beside the repository; not present in this clone. Set DEEPQ_SHARED to its path to run this test."
            : null;

    /// <summary>The repository root: the nearest ancestor of the test binary holding DeepQ.sln.</summary>
    public static string? RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "DeepQ.sln"))) return dir.FullName;
            return null;
        }
    }

    private static string? FindRoot()
    {
        if (Environment.GetEnvironmentVariable("DEEPQ_SHARED") is { Length: > 0 } env)
            return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        if (RepoRoot is not { } repo) return null;
        var shared = Path.GetFullPath(Path.Combine(repo, "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }
}

/// <summary>A fact that needs ../shared: skipped with a clear reason when absent, unless CI requires it.</summary>
public sealed class SharedFactAttribute : Xunit.FactAttribute
{
    public SharedFactAttribute() { Skip = SharedData.SkipReason; }
}

/// <summary>A theory that needs ../shared: skipped with a clear reason when absent, unless CI requires it.</summary>
public sealed class SharedTheoryAttribute : Xunit.TheoryAttribute
{
    public SharedTheoryAttribute() { Skip = SharedData.SkipReason; }
}
