using System.Buffers.Binary;

namespace DeepQ.Cli.Metrics;

/// <summary>
/// Reads back what <see cref="TfEventWriter"/> writes: the TFRecord framing (length, masked CRC-32C of
/// the length, data, masked CRC-32C of the data) and, of each <c>tensorflow.Event</c>, only whether it
/// carries a summary and at which step. Used when a resumed run rewrites its event file.
/// </summary>
internal static class EventFileReader
{
    /// <summary>The records of one event file, up to (not including) the first torn or damaged one.</summary>
    public static List<byte[]> Records(ReadOnlySpan<byte> file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (file.Length - pos >= 12)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file[pos..]);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 8)..]);
            if (Crc32C.ComputeMasked(file.Slice(pos, 8)) != lengthCrc || length > (ulong)(file.Length - pos - 16)) break;
            var data = file.Slice(pos + 12, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 12 + (int)length)..]);
            if (Crc32C.ComputeMasked(data) != dataCrc) break;
            records.Add(data.ToArray());
            pos += 12 + (int)length + 4;
        }
        return records;
    }

    /// <summary>
    /// The step (Event field 2) of an event carrying a summary (field 5); null for any other event
    /// (the file-version record) or one this reader cannot decode.
    /// </summary>
    public static long? SummaryStep(ReadOnlySpan<byte> message)
    {
        long step = 0;
        bool summary = false;
        int pos = 0;
        while (pos < message.Length)
        {
            if (!TryVarint(message, ref pos, out ulong tag)) return null;
            int field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryVarint(message, ref pos, out ulong v)) return null;
                    if (field == 2) step = (long)v;
                    break;
                case 1: pos += 8; break;
                case 5: pos += 4; break;
                case 2:
                    if (!TryVarint(message, ref pos, out ulong n) || n > (ulong)(message.Length - pos)) return null;
                    if (field == 5) summary = true;
                    pos += (int)n;
                    break;
                default: return null;
            }
        }
        return summary && pos == message.Length ? step : null;
    }

    private static bool TryVarint(ReadOnlySpan<byte> bytes, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && pos < bytes.Length; shift += 7)
        {
            byte b = bytes[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }
}
