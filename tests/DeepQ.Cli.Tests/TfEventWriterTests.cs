using System.Buffers.Binary;
using System.Text;
using DeepQ.Cli.Metrics;

namespace DeepQ.Cli.Tests;

public class TfEventWriterTests
{
    /// <summary>Splits a TFRecord stream, failing on any bad length or data CRC.</summary>
    internal static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8));
            Assert.Equal(Crc32C.Compute(file.AsSpan(pos, 8)), Crc32C.Unmask(lengthCrc));
            var data = file.AsSpan(pos + 12, (int)length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 12 + (int)length));
            Assert.Equal(Crc32C.Compute(data), Crc32C.Unmask(dataCrc));
            records.Add(data);
            pos += 12 + (int)length + 4;
        }
        Assert.Equal(file.Length, pos);
        return records;
    }

    /// <summary>A minimal protobuf reader: field number -> raw values (ulong for varint/fixed, byte[] for length-delimited).</summary>
    internal static List<(int Field, object Value)> Decode(byte[] message)
    {
        var fields = new List<(int, object)>();
        int pos = 0;
        ulong Varint()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = message[pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
        }
        while (pos < message.Length)
        {
            ulong tag = Varint();
            int field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0: fields.Add((field, Varint())); break;
                case 1: fields.Add((field, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(pos)))); pos += 8; break;
                case 2:
                    int n = (int)Varint();
                    fields.Add((field, message.AsSpan(pos, n).ToArray()));
                    pos += n;
                    break;
                case 5: fields.Add((field, (ulong)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(pos)))); pos += 4; break;
                default: Assert.Fail($"unexpected wire type in tag {tag}"); break;
            }
        }
        return fields;
    }

    [Fact]
    public void Writes_a_version_record_then_one_event_per_scalar_with_valid_crcs()
    {
        var stream = new MemoryStream();
        double clock = 1700000000.25;
        using (var writer = new TfEventWriter(stream, () => clock))
        {
            clock += 1;
            writer.Add(MetricNames.EpisodicReturn, -20.5, 12345);
            clock += 1;
            writer.Add(MetricNames.TdLoss, 0.125, 300_000_000_000);
        }

        var records = ReadRecords(stream.ToArray());
        Assert.Equal(3, records.Count);

        var first = Decode(records[0]);
        Assert.Equal(1700000000.25, BitConverter.UInt64BitsToDouble((ulong)first.Single(f => f.Field == 1).Value));
        Assert.Equal("brain.Event:2", Encoding.UTF8.GetString((byte[])first.Single(f => f.Field == 3).Value));

        AssertScalar(records[1], 1700000001.25, 12345, "charts/episodic_return", -20.5f);
        AssertScalar(records[2], 1700000002.25, 300_000_000_000, "losses/td_loss", 0.125f);
    }

    private static void AssertScalar(byte[] record, double wallTime, long step, string tag, float value)
    {
        var ev = Decode(record);
        Assert.Equal(wallTime, BitConverter.UInt64BitsToDouble((ulong)ev.Single(f => f.Field == 1).Value));
        Assert.Equal(step, (long)(ulong)ev.Single(f => f.Field == 2).Value);
        var summary = Decode((byte[])ev.Single(f => f.Field == 5).Value);
        var value1 = Decode((byte[])summary.Single(f => f.Field == 1).Value);
        Assert.Equal(tag, Encoding.UTF8.GetString((byte[])value1.Single(f => f.Field == 1).Value));
        Assert.Equal(value, BitConverter.UInt32BitsToSingle((uint)(ulong)value1.Single(f => f.Field == 2).Value));
    }

    [Fact]
    public void Known_first_record_bytes_match_a_hand_encoded_event()
    {
        var stream = new MemoryStream();
        new TfEventWriter(stream, () => 0.0).Dispose();
        byte[] file = stream.ToArray();
        // Event{wall_time=0.0 (09 + 8 zero bytes), step=0 (10 00), file_version="brain.Event:2" (1a 0d ...)}
        byte[] expected = [0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x00, 0x1A, 0x0D, .. "brain.Event:2"u8];
        Assert.Equal((ulong)expected.Length, BinaryPrimitives.ReadUInt64LittleEndian(file));
        Assert.Equal(expected, file.AsSpan(12, expected.Length).ToArray());
    }

    [Fact]
    public void OpenIn_names_the_file_so_tensorboard_finds_it_and_flushes_every_record()
    {
        using var dir = new TempDir();
        using (var w = TfEventWriter.OpenIn(dir.Path, 0))
        {
            w.Add("charts/SPS", 100, 1);
            var open = Assert.Single(Directory.GetFiles(dir.Path));
            using var reader = new FileStream(open, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new MemoryStream();
            reader.CopyTo(bytes);
            Assert.Equal(2, ReadRecords(bytes.ToArray()).Count);
        }
        var file = Assert.Single(Directory.GetFiles(dir.Path));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file));
        Assert.Equal(2, ReadRecords(File.ReadAllBytes(file)).Count);
    }

    [Fact]
    public void Resuming_rewrites_all_event_files_into_one_holding_the_records_up_to_the_checkpoint()
    {
        using var dir = new TempDir();
        // Two files as earlier processes left them: the second killed mid-record, one with no records at all.
        byte[] first, second;
        {
            var s = new MemoryStream();
            using (var w = new TfEventWriter(s, () => 1.0)) { w.Add("a", 1, 5); w.Add("a", 2, 10); w.Add("a", 3, 15); }
            first = s.ToArray();
            s = new MemoryStream();
            using (var w = new TfEventWriter(s, () => 2.0)) { w.Add("a", 4, 20); w.Add("b", 5, 25); }
            second = s.ToArray()[..^7];
        }
        File.WriteAllBytes(Path.Combine(dir.Path, "events.out.tfevents.100.host"), first);
        File.WriteAllBytes(Path.Combine(dir.Path, "events.out.tfevents.200.host"), second);
        File.WriteAllBytes(Path.Combine(dir.Path, "events.out.tfevents.300.host"), []);

        using (var w = TfEventWriter.OpenIn(dir.Path, 20)) w.Add("a", 6, 21);

        var file = Assert.Single(Directory.GetFiles(dir.Path));
        Assert.Equal("events.out.tfevents.100.host", Path.GetFileName(file));
        var records = ReadRecords(File.ReadAllBytes(file));
        // The run's first version record (wall time 1.0), then steps 5, 10, 15, 20 and the new 21; 25 was torn.
        Assert.Equal(1.0, BitConverter.UInt64BitsToDouble((ulong)Decode(records[0]).Single(f => f.Field == 1).Value));
        Assert.Equal([5L, 10, 15, 20, 21], records.Skip(1).Select(r => (long)(ulong)Decode(r).Single(f => f.Field == 2).Value));

        // Cutting back further keeps only what the earlier checkpoint covered.
        using (TfEventWriter.OpenIn(dir.Path, 10)) { }
        file = Assert.Single(Directory.GetFiles(dir.Path));
        Assert.Equal([5L, 10], ReadRecords(File.ReadAllBytes(file)).Skip(1).Select(r => (long)(ulong)Decode(r).Single(f => f.Field == 2).Value));
    }

    [Fact]
    public void A_later_file_supersedes_earlier_records_from_its_first_step_as_tensorboard_does()
    {
        using var dir = new TempDir();
        // An older deepq started a new file on each resume: here from the checkpoint at step 10.
        var a = new MemoryStream();
        using (var w = new TfEventWriter(a)) { w.Add("a", 1, 5); w.Add("a", 2, 10); w.Add("a", 3, 15); w.Add("a", 4, 20); }
        var b = new MemoryStream();
        using (var w = new TfEventWriter(b)) { w.Add("a", 30, 15); w.Add("a", 40, 20); w.Add("a", 50, 25); }
        File.WriteAllBytes(Path.Combine(dir.Path, "events.out.tfevents.1.h"), a.ToArray());
        File.WriteAllBytes(Path.Combine(dir.Path, "events.out.tfevents.2.h"), b.ToArray());

        using (TfEventWriter.OpenIn(dir.Path, 100)) { }

        var records = ReadRecords(File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir.Path)))).Skip(1).ToList();
        Assert.Equal([5L, 10, 15, 20, 25], records.Select(r => (long)(ulong)Decode(r).Single(f => f.Field == 2).Value));
        float Value(byte[] r) => BitConverter.UInt32BitsToSingle((uint)(ulong)Decode((byte[])Decode((byte[])Decode(r).Single(f => f.Field == 5).Value).Single().Value).Single(f => f.Field == 2).Value);
        Assert.Equal([1f, 2, 30, 40, 50], records.Select(Value));
    }
}
