using System.Globalization;

namespace DeepQ.Agents;

/// <summary>
/// Checks a large allocation (the replay buffer) against the memory the process can still use
/// before it is made, so a 1M-frame buffer on a small machine fails in a second with advice
/// instead of minutes later with an OutOfMemoryException or the OOM killer.
/// </summary>
public static class MemoryCheck
{
    /// <summary>
    /// Bytes this process can still allocate: the smaller of the GC's limit (container or
    /// GCHeapHardLimit) minus what is in use, and Linux's MemAvailable from /proc/meminfo.
    /// </summary>
    public static long AvailableBytes()
    {
        var info = GC.GetGCMemoryInfo();
        long gcLimit = info.TotalAvailableMemoryBytes - GC.GetTotalMemory(false);
        long available = gcLimit;
        if (ReadMemAvailable() is { } osAvailable) available = Math.Min(available, osAvailable);
        return Math.Max(0, available);
    }

    /// <summary>Throws <see cref="MemoryLimitException"/> when <paramref name="bytes"/> would not fit.</summary>
    /// <param name="what">What is being allocated, e.g. "replay buffer of 1,000,000 transitions".</param>
    /// <param name="fix">What the user can do, e.g. "lower --buffer-size".</param>
    public static void EnsureAvailable(long bytes, string what, string fix, long? availableOverride = null)
    {
        long available = availableOverride ?? AvailableBytes();
        // Leave 10% headroom for the network, the environment and the GC.
        if (bytes > available * 0.9)
            throw new MemoryLimitException(
                $"The {what} needs {FormatBytes(bytes)} but only {FormatBytes(available)} of memory is available; {fix}.");
    }

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static long? ReadMemAvailable()
    {
        try
        {
            if (!File.Exists("/proc/meminfo")) return null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
                    return kb * 1024;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
