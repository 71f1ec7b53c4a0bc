namespace DeepQ.Agents.Tests;

/// <summary>What a run folder allows: a fresh start, a resume, and one training process at a time.</summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepq-runfolder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_folder_with_models_but_no_checkpoint_is_not_sent_to_resume()
    {
        var folder = new RunFolder(_dir);
        folder.EnsureFresh();
        File.WriteAllText(folder.ModelFile, "x");
        var noCheckpoint = Assert.Throws<CheckpointException>(folder.EnsureFresh);
        Assert.Contains("nothing to resume", noCheckpoint.Message);
        Assert.DoesNotContain("DqnTrainer.Resume", noCheckpoint.Message);
        File.WriteAllText(folder.CheckpointFile, "x");
        Assert.Contains($"DqnTrainer.Resume({folder.Path})", Assert.Throws<CheckpointException>(folder.EnsureFresh).Message);
    }

    [Fact]
    public void Only_one_holder_of_the_lock_at_a_time_and_released_on_dispose()
    {
        var folder = new RunFolder(Path.Combine(_dir, "run"));
        using (folder.Lock())
        {
            var e = Assert.Throws<CheckpointException>(() => new RunFolder(folder.Path).Lock());
            Assert.Contains("in use by another deepq training process", e.Message);
            Assert.Contains(folder.Path, e.Message);
        }
        using (folder.Lock()) { }   // free again
        Assert.False(File.Exists(folder.LockFile));
    }
}
