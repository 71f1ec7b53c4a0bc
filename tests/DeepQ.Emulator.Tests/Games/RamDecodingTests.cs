using DeepQ.Emulator.Games;

namespace DeepQ.Emulator.Tests.Games;

/// <summary>
/// ALE's per-game quirks checked on hand-made RAM (128 bytes, $80-$FF), without the emulator:
/// score wraps, lives that only count at certain moments, rewards withheld on terminal frames.
/// </summary>
public class RamDecodingTests
{
    private static readonly byte[] s_ram = new byte[128];

    private static GameRules Rules(string md5) => GameCatalog.Create(md5) ?? throw new InvalidOperationException(md5);

    private static void Set(int address, int value) => s_ram[address & 0x7F] = (byte)value;

    private static GameRules Fresh(string md5)
    {
        Array.Clear(s_ram);
        var rules = Rules(md5);
        rules.Reset();
        return rules;
    }

    [Fact]
    public void DefenderReadsBlankDigitsAsZeroAndEndsWithTheLastLife()
    {
        var rules = Fresh("0f643c34e40e3f1daafd9c524d3ffe64");
        Set(0xC2, 3);
        for (int a = 0x9C; a <= 0xA1; a++) Set(a, 0xFA); // all blank: 0
        Set(0x9D, 0x05); Set(0x9E, 0xF2);                // tens 5, hundreds 2 (high nibble ignored)
        rules.Step(s_ram);
        Assert.Equal(250, rules.Reward);
        Assert.Equal(3, rules.Lives);
        Set(0xA1, 0x01);                                 // 100,000s digit
        rules.Step(s_ram);
        Assert.Equal(100000, rules.Reward);
        Set(0xC2, 0);
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
        Assert.Equal(0, rules.Lives);
        Assert.Null(GameCatalog.Create(DeepQ.Emulator.Roms.KnownRoms.UnplayableDefenderMd5));
    }

    [Fact]
    public void SpaceInvadersScoreWrapIsAPositiveReward()
    {
        var rules = Fresh("61dbe94f110f30ca4ec524ae5ce2d026");
        Set(0xC9, 3);
        Set(0xE6, 0x99); Set(0xE8, 0x90); // 9990
        rules.Step(s_ram);
        Assert.Equal(9990, rules.Reward);
        Set(0xE6, 0x00); Set(0xE8, 0x20); // wrapped to 0020
        rules.Step(s_ram);
        Assert.Equal(30, rules.Reward);
        Assert.False(rules.Terminal);
        Set(0x98, 0x80);
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
        Assert.Equal(0, rules.Lives);
    }

    [Fact]
    public void QbertCountsLivesOnEachDropAndWithholdsTheTerminalReward()
    {
        var rules = Fresh("484b0076816a104875e00467d431c2d2");
        Set(0x88, 2);
        Set(0xDB, 0x25);
        rules.Step(s_ram);
        Assert.Equal((25, 4, false), (rules.Reward, rules.Lives, rules.Terminal));
        Set(0x88, 1);
        rules.Step(s_ram);
        Set(0x88, 0);
        rules.Step(s_ram);
        Assert.Equal(2, rules.Lives);
        Set(0x88, 0xFF);
        rules.Step(s_ram);
        Assert.Equal(1, rules.Lives);
        Set(0x88, 0xFE);
        Set(0xDB, 0x00); // FIRE restarting clears the score: no reward for that
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
        Assert.Equal(0, rules.Reward);
    }

    [Fact]
    public void BeamRiderLosesALifeOnlyAfterTheDeathAnimation()
    {
        var rules = Fresh("79ab4123a83dc11d468fb2108ea09e2e");
        Set(0x85, 2);
        rules.Step(s_ram);
        Assert.Equal(3, rules.Lives);
        Set(0x85, 1); // counter blinks during the explosion
        rules.Step(s_ram);
        Assert.Equal(3, rules.Lives);
        Set(0x8C, 1);
        rules.Step(s_ram);
        Assert.Equal(2, rules.Lives);
        Set(0x85, 0xFF);
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
    }

    [Fact]
    public void RiverRaidEndsWhenTheLastLifeByteReturnsToItsStartValue()
    {
        var rules = Fresh("da5096000db5fdaa8d02db57d9367998");
        Set(0xC0, 0x58);
        rules.Step(s_ram);
        Assert.Equal(4, rules.Lives);
        Set(0xC0, 0x10);
        Set(0xD7, 8 * 5); Set(0xD5, 8 * 7); // 75
        rules.Step(s_ram);
        Assert.Equal((75, 3), (rules.Reward, rules.Lives));
        Set(0xC0, 0x59);
        rules.Step(s_ram);
        Assert.Equal(1, rules.Lives);
        Assert.False(rules.Terminal);
        Set(0xC0, 0x58);
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
    }

    [Fact]
    public void TennisRewardsGamesBeforePoints()
    {
        var rules = Fresh("a5c96b046d5f8b7c96daaa12f925bef8");
        Set(0xC5, 1); // player wins a point
        rules.Step(s_ram);
        Assert.Equal(1, rules.Reward);
        rules.Step(s_ram);
        Assert.Equal(0, rules.Reward);
        Set(0xC5, 0); Set(0xC8, 1); // computer takes the game; points reset
        rules.Step(s_ram);
        Assert.Equal(-1, rules.Reward);
        Set(0xC7, 6); Set(0xC8, 4);
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
    }

    [Fact]
    public void AtlantisGivesNoRewardOnTheTerminalFrame()
    {
        var rules = Fresh("0b33252b680b65001e91a411e56e72e9");
        Set(0xF1, 3);
        Set(0xA2, 0x12); // 12 hundreds
        rules.Step(s_ram);
        Assert.Equal(1200, rules.Reward);
        Set(0xF1, 0xFF);
        Set(0xA1, 0x77); // garbage written at game over
        rules.Step(s_ram);
        Assert.True(rules.Terminal);
        Assert.Equal(0, rules.Reward);
    }

    [Fact]
    public void AlienDigitsAreFontOffsets()
    {
        var rules = Fresh("f1a0a23e6464d954e3a9579c4ccd01c8");
        Set(0xC0, 3);
        Set(0x8B, 0x80); Set(0x89, 3 << 3); Set(0x87, 1 << 3); Set(0x85, 0x80); Set(0x83, 0x80);
        rules.Step(s_ram);
        Assert.Equal(1300, rules.Reward); // digits 130, in tens
    }

    [Fact]
    public void PitfallAndPrivateEyeStartingScoresAreNotRewards()
    {
        var pitfall = Fresh("f73d2d0eff548e8fc66996f27acf2b4b");
        Set(0x80, 0xA0); Set(0xD6, 0x20); // 2000
        pitfall.Step(s_ram);
        Assert.Equal((0, 3), (pitfall.Reward, pitfall.Lives));

        var privateEye = Fresh("ef3a4f64b6494ba770862768caf04b86");
        Set(0xC9, 0x10); // 1000
        privateEye.Step(s_ram);
        Assert.Equal(0, privateEye.Reward);
        Assert.Equal(0, privateEye.Lives);
        Set(0xC2, 0x05);
        privateEye.Step(s_ram);
        Assert.True(privateEye.Terminal);
    }

    [Fact]
    public void ExtraStateSurvivesSaveAndLoad()
    {
        var rules = Fresh("484b0076816a104875e00467d431c2d2");
        Set(0x88, 2); rules.Step(s_ram);
        Set(0x88, 1); rules.Step(s_ram);
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) rules.SaveState(w);
        var copy = Rules("484b0076816a104875e00467d431c2d2");
        ms.Position = 0;
        using (var r = new BinaryReader(ms)) copy.LoadState(r);
        // Only a rules object that kept the last lives byte (1) counts this drop to 0.
        Set(0x88, 0);
        copy.Step(s_ram);
        Assert.Equal(2, copy.Lives);
    }
}
