using DeepQ.Emulator.Machine;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>MT19937 must equal C++'s std::mt19937, whose outputs ALE's power-on RAM and RIOT timer come from.</summary>
public sealed class MersenneTwisterTests
{
    [Fact]
    public void Default_seed_gives_the_values_the_cpp_standard_requires()
    {
        var mt = new MersenneTwister(5489);
        Assert.Equal(3499211612u, mt.Next());           // first output of a default-constructed std::mt19937
        for (int i = 2; i < 10000; i++) mt.Next();
        Assert.Equal(4123659995u, mt.Next());           // [rand.predef]: the 10000th output
    }

    [Fact]
    public void Save_and_load_continue_the_same_sequence()
    {
        var a = new MersenneTwister(4753849);
        for (int i = 0; i < 700; i++) a.Next();
        var ms = new MemoryStream();
        a.SaveState(new BinaryWriter(ms));
        var expected = Enumerable.Range(0, 10).Select(_ => a.Next()).ToArray();
        ms.Position = 0;
        var b = new MersenneTwister(1);
        b.LoadState(new BinaryReader(ms));
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(_ => b.Next()).ToArray());
    }
}
