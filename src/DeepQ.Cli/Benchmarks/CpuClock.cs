using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DeepQ.Cli.Benchmarks;

/// <summary>
/// CPU time consumed by the whole process (all threads), in milliseconds. On a shared,
/// overloaded machine wall-clock medians mostly measure the other processes; CPU time per
/// update still says how much work one update costs. Linux: clock_gettime(CLOCK_PROCESS_CPUTIME_ID)
/// (nanosecond resolution); elsewhere Process.TotalProcessorTime.
/// </summary>
internal static unsafe partial class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, long* timespec);

    private static bool s_useLibc = OperatingSystem.IsLinux();

    public static double Milliseconds()
    {
        if (s_useLibc)
        {
            try
            {
                long* ts = stackalloc long[2];
                if (ClockGetTime(ClockProcessCpuTimeId, ts) == 0) return ts[0] * 1e3 + ts[1] / 1e6;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
            s_useLibc = false;
        }
        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }
}
