using System.Text;
using DeepQ.Cli.Media;
using DeepQ.Cli.Metrics;

namespace DeepQ.Cli.Tests;

public class ChecksumTests
{
    [Fact]
    public void Crc32C_matches_the_standard_check_value_and_rfc3720_vectors()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Masked_crc32c_round_trips_and_differs_from_the_raw_crc()
    {
        foreach (uint crc in new[] { 0u, 1u, 0xE3069283u, 0xFFFFFFFFu, 0x12345678u })
        {
            Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
            Assert.NotEqual(crc, Crc32C.Mask(crc));
        }
        // TFRecord's mask: rotate right 15, add 0xa282ead8 (computed by hand for 0xE3069283).
        Assert.Equal(unchecked(((0xE3069283u >> 15) | (0xE3069283u << 17)) + 0xA282EAD8u), Crc32C.Mask(0xE3069283u));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0x414FA339u, Crc32.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
        uint split = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, "1234"u8), "56789"u8));
        Assert.Equal(0xCBF43926u, split);
    }
}
