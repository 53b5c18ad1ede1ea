using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace Rostro.MockServer.Mimic;

/// <summary>Wakes streams at absolute deadlines: one thread and one priority queue for every open stream of the server.</summary>
/// <remarks>
/// Why not <see cref="Task.Delay(int)"/> per token: on Linux it rounds up to the timer queue's tick (measured here: a 1 ms
/// delay takes 4.3 ms at the median) and each late wake would push every later token back. Instead each stream computes
/// its deadlines from its start (<see cref="Stopwatch"/> ticks), and this clock sleeps on a monitor until about a
/// quarter of a millisecond before the earliest deadline (<see cref="Monitor.Wait(object, int)"/> oversleeps by about
/// 0.1 ms here), sleeps with <see cref="PreciseSleep"/> for the rest, then completes every due wait. It wakes at most
/// every quarter millisecond, completing together the waits due by then. (A monitor wait cannot sleep less than 1 ms;
/// yielding the core in a loop for the last fraction of a millisecond kept a core spinning: with 500 streams at 20 ms
/// a deadline fell due every 40 µs, and <c>sched_yield</c> took 39 % of the mock's CPU samples.)
/// A deadline scheduled during a sub-millisecond sleep, earlier than the one slept for, is seen when the sleep ends: at
/// most about 1 ms late. A stream's token step (one event formatted and sent) runs on the clock thread itself while the
/// batch has taken less than half a millisecond, the rest of the batch on the thread pool; every other continuation (a
/// whole body written, the end of a request) runs on the pool, so a slow writer holds up other streams' wake-ups by at
/// most one short step. 5,000 streams at 20 ms cost one queue insertion and one completion per token, and no timer
/// objects.
/// </remarks>
internal sealed class TokenClock : IDisposable
{
    // Deadlines closer than this are fired together: far below what a client on loopback can observe.
    private static readonly long s_fireWindow = Stopwatch.Frequency / 20_000;

    // Sleep on the monitor only when the deadline is further than this; sleep precisely for the rest.
    private static readonly long s_sleepMargin = Stopwatch.Frequency / 4_000;

    // A precise sleep oversleeps by about 50 µs (timer slack 1 ns): ask for this much less.
    private static readonly long s_preciseMargin = Stopwatch.Frequency / 20_000;

    // How long a batch of due streams may run on the clock thread itself before the rest go to the thread pool.
    private static readonly long s_inlineBudget = Stopwatch.Frequency / 2_000;

    // Wake at most once per this interval: with hundreds of streams a deadline falls due every few tens of microseconds,
    // and a wake for each (or a core yielded in a loop until the next) cost more CPU than the streams' writes. Deadlines
    // are never fired earlier than the fire window, at most this late.
    private static readonly long s_minWakeInterval = Stopwatch.Frequency / 4_000;

    private readonly PriorityQueue<TokenTimer, long> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private long _sleepingUntil = long.MaxValue;
    private bool _disposed;

    /// <summary>Starts the clock thread.</summary>
    public TokenClock()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "Rostro mimic token clock", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>How many waits are queued (a cancelled wait leaves the queue at once).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>A timer for one stream: one reusable wait at a time.</summary>
    /// <param name="cancellation">Ends a wait at once.</param>
    /// <param name="inline">Whether the wait's continuation may run on the clock's thread (within a batch's budget): only
    /// for a step known to be short, such as one token event sent; anything else (a whole body written, the end of a
    /// request) runs on the thread pool.</param>
    public TokenTimer CreateTimer(CancellationToken cancellation, bool inline = false) => new(this, cancellation, inline);

    /// <summary>Stops the clock thread; waits still queued never complete.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    internal void Schedule(TokenTimer timer, long deadline)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(timer, deadline);
            if (deadline < _sleepingUntil)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    // A cancelled wait leaves the queue at once: 500 dropped streams must not hold 500 entries (and their streams' state) until their deadlines.
    internal void Unschedule(TokenTimer timer)
    {
        lock (_gate)
        {
            _queue.Remove(timer, out _, out _);
        }
    }

    private void Run()
    {
        PreciseSleep.TightenTimerSlack();
        var due = new List<TokenTimer>(1024);
        var remaining = 0L;
        var lastWake = 0L;
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (!_queue.TryPeek(out _, out var earliest))
                    {
                        _sleepingUntil = long.MaxValue;
                        Monitor.Wait(_gate);
                        continue;
                    }

                    var now = Stopwatch.GetTimestamp();
                    remaining = Math.Max(earliest, lastWake + s_minWakeInterval) - now;
                    if (remaining <= s_fireWindow)
                    {
                        lastWake = now;
                        while (_queue.TryPeek(out var timer, out var deadline) && deadline <= now + s_fireWindow)
                        {
                            _queue.Dequeue();
                            due.Add(timer);
                        }

                        break;
                    }

                    var sleepMs = (remaining - s_sleepMargin) * 1000 / Stopwatch.Frequency;
                    if (sleepMs < 1)
                    {
                        break;
                    }

                    _sleepingUntil = earliest;
                    Monitor.Wait(_gate, (int)Math.Min(sleepMs, int.MaxValue));
                    _sleepingUntil = long.MaxValue;
                }
            }

            if (due.Count == 0)
            {
                // Less than a monitor wait's precision to go: sleep precisely until about then (where there is no precise
                // sleep, give the core to others) and look again.
                if (!PreciseSleep.TrySleep(Math.Max(remaining - s_preciseMargin, s_preciseMargin)))
                {
                    Thread.Yield();
                }

                continue;
            }

            // Each stream's next step (its event formatted and sent) runs here, on the clock thread, while the batch has
            // taken less than the inline budget: no hand-off to the thread pool and back per token. Past the budget (a
            // large batch, a slow step) the rest go to the pool, so one thread never holds up the streams due after it.
            var batchStart = Stopwatch.GetTimestamp();
            foreach (var timer in due)
            {
                timer.Fire(inline: timer.Inline && Stopwatch.GetTimestamp() - batchStart < s_inlineBudget);
            }

            due.Clear();
        }
    }
}

/// <summary>One stream's wait for its next deadline; allocation-free after creation (a reusable <see cref="IValueTaskSource"/>).</summary>
internal sealed class TokenTimer : IValueTaskSource, IDisposable
{
    private readonly TokenClock _clock;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _registration;
    private ManualResetValueTaskSourceCore<bool> _core; // where its continuation runs is set as each wait completes
    private int _completed = 1;

    /// <summary>Whether the continuation may run on the clock's thread.</summary>
    internal bool Inline { get; }

    internal TokenTimer(TokenClock clock, CancellationToken cancellation, bool inline)
    {
        _clock = clock;
        Inline = inline;
        _cancellation = cancellation;
        _registration = cancellation.UnsafeRegister(static state => ((TokenTimer)state!).Complete(canceled: true), this);
    }

    /// <summary>Completes at <paramref name="deadline"/> (<see cref="Stopwatch.GetTimestamp"/> ticks), or at once when it has passed; throws <see cref="OperationCanceledException"/> as soon as the stream's token is cancelled.</summary>
    public ValueTask WaitUntilAsync(long deadline)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (deadline <= Stopwatch.GetTimestamp())
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        Volatile.Write(ref _completed, 0);
        _clock.Schedule(this, deadline);
        if (_cancellation.IsCancellationRequested)
        {
            Complete(canceled: true);
        }

        return new ValueTask(this, _core.Version);
    }

    /// <summary>Stops listening to the cancellation token.</summary>
    public void Dispose() => _registration.Dispose();

    /// <summary>Completes the wait at its deadline: its continuation runs on this (the clock's) thread when <paramref name="inline"/>, else on the thread pool.</summary>
    internal void Fire(bool inline) => Complete(canceled: false, inline);

    private void Complete(bool canceled, bool inline = false)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        // A cancellation completes on the canceller's thread: its continuation always goes to the pool.
        _core.RunContinuationsAsynchronously = !inline;
        if (canceled)
        {
            _clock.Unschedule(this);
            _core.SetException(new OperationCanceledException(_cancellation));
        }
        else
        {
            _core.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
