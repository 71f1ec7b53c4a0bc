using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Roms;

public sealed class RomLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepq-roms").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedFact]
    public void GameNameIsFoundByMd5UnderAnyFileName()
    {
        File.Copy(SharedData.Rom("pong"), Path.Combine(_dir, "Video Olympics (1977).a26"));
        var rom = new RomLibrary(_dir).Resolve("pong");
        Assert.Equal("60e0ea3cbe0913d39803477945e9e5ec", rom.Md5);
        Assert.Equal("pong", rom.GameName);
    }

    [SharedFact]
    public void ImportCopiesRecognisedRomsAndSkipsOthers()
    {
        var source = Path.Combine(_dir, "src");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.Copy(SharedData.Rom("pong"), Path.Combine(source, "a.bin"));
        File.Copy(SharedData.Rom("breakout"), Path.Combine(source, "sub", "b.rom"));
        File.WriteAllBytes(Path.Combine(source, "junk.bin"), new byte[2048]);
        var target = Path.Combine(_dir, "lib");
        var imported = new RomLibrary(target).Import(source);
        Assert.Equal(new[] { "breakout", "pong" }, imported.Select(i => i.Game));
        Assert.True(File.Exists(Path.Combine(target, "pong.bin")));
        Assert.Equal(2, Directory.GetFiles(target).Length);
        Assert.Equal("f34f08e5eb96e500e851a80be3277a56", new RomLibrary(target).Resolve("breakout").Md5);
    }

    [Fact]
    public void ProblemsAreOneLineRomErrorsThatSayWhatToDo()
    {
        var lib = new RomLibrary(_dir);
        Assert.Contains("RomLibrary.Import(DIR)", Assert.Throws<RomException>(() => lib.Resolve("pong")).Message);
        Assert.Contains("Unknown game", Assert.Throws<RomException>(() => lib.Resolve("pongg")).Message);
        Assert.Contains("does not exist", Assert.Throws<RomException>(() => lib.Resolve(Path.Combine(_dir, "nothere.bin"))).Message);
        Assert.Contains("does not exist", Assert.Throws<RomException>(() => new RomLibrary(Path.Combine(_dir, "missing")).Resolve("pong")).Message);
        File.WriteAllBytes(Path.Combine(_dir, "empty.bin"), []);
        Assert.Contains("empty", Assert.Throws<RomException>(() => lib.Resolve(Path.Combine(_dir, "empty.bin"))).Message);
        Assert.Contains("does not exist", Assert.Throws<RomException>(() => lib.Import(Path.Combine(_dir, "nope"))).Message);
    }

    [Fact]
    public void FolderComesFromArgumentThenEnvironmentThenUserFolder()
    {
        Assert.Equal(Path.GetFullPath(_dir), new RomLibrary(_dir).Folder);
        var old = Environment.GetEnvironmentVariable(RomLibrary.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(RomLibrary.EnvironmentVariable, _dir);
            Assert.Equal((Path.GetFullPath(_dir), "DEEPQ_ROMS"), (new RomLibrary().Folder, new RomLibrary().Source));
            Environment.SetEnvironmentVariable(RomLibrary.EnvironmentVariable, null);
            Assert.Equal(RomLibrary.UserFolder, new RomLibrary().Folder);
            Assert.EndsWith(Path.Combine("deepq", "roms"), RomLibrary.UserFolder);
        }
        finally { Environment.SetEnvironmentVariable(RomLibrary.EnvironmentVariable, old); }
    }

    [Fact]
    public void KnownRomsHas63UniqueGames()
    {
        Assert.Equal(63, KnownRoms.Games.Count);
        Assert.Equal(KnownRoms.All.Count, KnownRoms.All.Select(r => r.Md5).Distinct().Count());
        Assert.Equal(63, KnownRoms.All.Count(r => r.Kind == RomImageKind.AleSupported));
        Assert.Equal("pong", KnownRoms.ByMd5("60e0ea3cbe0913d39803477945e9e5ec")?.Name);
        // ALE 0.12.1's own Kaboom! and the CCE copy are both Kaboom!, ALE's image first.
        Assert.Equal("kaboom", KnownRoms.ByMd5("5428cdfada281c569c74c7308c7f2c26")?.Name);
        Assert.Equal("kaboom", KnownRoms.ByMd5("dbdaf82f4f0c415a94d1030271a9ef44")?.Name);
        Assert.Equal("5428cdfada281c569c74c7308c7f2c26", KnownRoms.ByName("kaboom")!.Md5);
        Assert.Equal(RomImageKind.OtherDump, KnownRoms.ByMd5("dbdaf82f4f0c415a94d1030271a9ef44")!.Kind);
    }
}
