namespace Rostro.Load.Tests.Infrastructure;

/// <summary>A clock tests drive. Ticks are microseconds. Auto-advancing: every sleep jumps time to its deadline (virtual time, no waiting).
/// Manual: sleeps block until the test moves time past their deadline with <see cref="AdvanceTo"/>.</summary>
public sealed class FakeLoadClock(bool autoAdvance) : LoadClock
{
    private readonly object _gate = new();
    private long _now;
    private long? _sleepingUntil;

    public override long Frequency => 1_000_000;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override void SleepUntil(long timestamp, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (autoAdvance)
            {
                _now = Math.Max(_now, timestamp);
                return;
            }

            _sleepingUntil = timestamp;
            Monitor.PulseAll(_gate);
            while (_now < timestamp && !cancellationToken.IsCancellationRequested)
            {
                Monitor.Wait(_gate, 50);
            }

            _sleepingUntil = null;
        }
    }

    public static long Ms(double milliseconds) => (long)(milliseconds * 1000);

    /// <summary>Moves time to <paramref name="timestamp"/>, then waits until the scheduler has done everything due and sleeps again (or <paramref name="settle"/> passes: it may have finished).</summary>
    public void AdvanceTo(long timestamp, TimeSpan? settle = null)
    {
        lock (_gate)
        {
            _now = Math.Max(_now, timestamp);
            Monitor.PulseAll(_gate);
        }

        WaitForSleep(settle ?? TimeSpan.FromSeconds(5));
    }

    /// <summary>Waits until a sleeper waits on a deadline still in the future.</summary>
    public bool WaitForSleep(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!(_sleepingUntil is { } until && until > _now))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_gate, left);
            }

            return true;
        }
    }
}
