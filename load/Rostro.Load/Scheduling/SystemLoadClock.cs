using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rostro.Load;

/// <summary>The real clock: <see cref="Stopwatch"/> timestamps, and scheduler waits precise to tens of microseconds.</summary>
/// <remarks>
/// .NET's own sleeps round to whole milliseconds, which at 1,000 arrivals a second is the whole gap between two of them.
/// On Linux the scheduler thread sleeps with <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> — the clock
/// <see cref="Stopwatch"/> reads there, so a deadline is one absolute value and wake-up delays never add up — with the
/// thread's timer slack cut to 1 ns. Elsewhere it sleeps whole milliseconds and yields the core for the last one.
/// </remarks>
public sealed partial class SystemLoadClock : LoadClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsTime = 1;
    private const int PrSetTimerSlack = 29;
    private const int Interrupted = 4;

    // Cancellation is checked between sleeps of at most this long, so Ctrl+C never waits for a far deadline.
    private static readonly long s_maxSlice = Stopwatch.Frequency / 20;

    private static readonly bool s_absoluteSleep = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    [ThreadStatic]
    private static bool s_slackTightened;

    /// <summary>The one instance; it holds no state.</summary>
    public static SystemLoadClock Instance { get; } = new();

    /// <inheritdoc />
    public override long Frequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public override long GetTimestamp() => Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override void SleepUntil(long timestamp, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= timestamp)
            {
                return;
            }

            var until = Math.Min(timestamp, now + s_maxSlice);
            if (!s_absoluteSleep || !TrySleepAbsolute(until))
            {
                SleepCoarse(until);
            }
        }
    }

    private static bool TrySleepAbsolute(long until)
    {
        try
        {
            if (!s_slackTightened)
            {
                s_slackTightened = true;
                _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
            }

            var deadline = new Timespec { Seconds = (nint)(until / 1_000_000_000), Nanoseconds = (nint)(until % 1_000_000_000) };
            var result = ClockNanosleep(ClockMonotonic, TimerAbsTime, ref deadline, IntPtr.Zero);
            return result is 0 or Interrupted;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static void SleepCoarse(long until)
    {
        var remaining = until - Stopwatch.GetTimestamp();
        var wholeMilliseconds = (int)(remaining * 1000 / Stopwatch.Frequency) - 1;
        if (wholeMilliseconds > 0)
        {
            Thread.Sleep(wholeMilliseconds);
            return;
        }

        Thread.Yield();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remain);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
