using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rostro.MockServer.Mimic;

/// <summary>Sub-millisecond sleeps for the token clock: <c>nanosleep(2)</c> on Linux and macOS, where .NET's own sleeps and waits round to whole milliseconds.</summary>
/// <remarks>
/// Measured here, a 100 µs <c>nanosleep</c> oversleeps by about 100 µs with the kernel's default timer slack and by about
/// 50 µs with the slack set to 1 ns (<c>prctl(PR_SET_TIMERSLACK)</c>, Linux only, per thread), so the clock asks for
/// 50 µs less than it needs. Elsewhere (Windows) <see cref="TrySleep"/> returns false and the clock yields the core
/// instead.
/// </remarks>
internal static partial class PreciseSleep
{
    private const int PrSetTimerSlack = 29;

    private static bool s_available = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Asks the kernel to wake this thread's timed sleeps as precisely as it can (Linux); harmless elsewhere.</summary>
    public static void TightenTimerSlack()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc to call: sleeps keep the default slack.
        }
    }

    /// <summary>Sleeps about <paramref name="ticks"/> (<see cref="Stopwatch"/> ticks); false when this platform has no such sleep.</summary>
    public static bool TrySleep(long ticks)
    {
        if (!s_available)
        {
            return false;
        }

        var nanoseconds = ticks * (1_000_000_000.0 / Stopwatch.Frequency);
        var request = new Timespec { Seconds = (nint)(nanoseconds / 1_000_000_000), Nanoseconds = (nint)(nanoseconds % 1_000_000_000) };
        try
        {
            _ = NanoSleep(ref request, IntPtr.Zero);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_available = false;
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref Timespec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
