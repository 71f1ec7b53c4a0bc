namespace DeepQ.Cli.Tests;

/// <summary>Library messages name settings and API calls; the CLI shows flags and commands.</summary>
public class LibraryTermsTests
{
    [Theory]
    [InlineData("lower `buffer-size` (for example `buffer-size` = 150000, the largest)", "lower --buffer-size (for example --buffer-size 150000, the largest)")]
    [InlineData("`learnig-rate` (override): unknown setting 'learnig-rate'; did you mean 'learning-rate'?", "flag --learnig-rate: unknown setting 'learnig-rate'; did you mean 'learning-rate'?")]
    [InlineData("continue with: DqnTrainer.Resume(/tmp/run 1)", "continue with: deepq train --resume /tmp/run 1")]
    [InlineData("evaluate its model with Evaluator.EvaluateModel(/r/best.safetensors), or", "evaluate its model with deepq eval /r/best.safetensors, or")]
    [InlineData("import it with RomLibrary.Import(DIR) from a folder that holds it, or use another ROM folder.", "import it with 'deepq import-roms DIR' from a folder that holds it, or pass --roms DIR.")]
    [InlineData("ROM folder '/x' (from the given ROM folder) does not exist", "ROM folder '/x' (from --roms) does not exist")]
    [InlineData("written by DqnTrainer.Train (for example", "written by 'deepq train' (for example")]
    [InlineData("Gym.List() lists every id.", "'deepq envs' lists every id.")]
    [InlineData("; ConfigSchema.Settings lists them all.", "; 'deepq train --help' lists them all.")]
    [InlineData("pick a new run folder, or delete it", "pick a new folder with --run-dir, or delete it")]
    // Backquoted words that are not settings stay as they are.
    [InlineData("see `not-a-setting` here", "see `not-a-setting` here")]
    public void Library_terms_become_flags_and_commands(string library, string cli) =>
        Assert.Equal(cli, LibraryTerms.ToCli(library));

    [Fact]
    public void No_library_error_spells_a_flag_or_a_command()
    {
        // The library sources speak in settings and API calls (issue 10): a flag or a deepq command in a
        // string literal of Emulator, Envs, Nn or Agents would be the CLI's term leaking down.
        string root = TestSupport.SharedData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var flag = new System.Text.RegularExpressions.Regex(@"""[^""\n]*(\s--[a-z][a-z-]+|'deepq [a-z]|deepq (train|eval|envs|import-roms|record|plot|bench)\b)[^""\n]*""");
        var leaks = new List<string>();
        foreach (string project in new[] { "DeepQ.Emulator", "DeepQ.Envs", "DeepQ.Nn", "DeepQ.Agents" })
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "src", project), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                var lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    string line = lines[i].TrimStart();
                    if (line.StartsWith("//", StringComparison.Ordinal)) continue;
                    if (flag.IsMatch(line)) leaks.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {line}");
                }
            }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
