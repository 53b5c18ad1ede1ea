namespace Rostro.Load;

/// <summary>One scenario being run: its scheduler (open model: a thread that releases planned arrivals on time; closed: N loops), its in-flight count, its statistics.</summary>
/// <remarks>
/// The open-model scheduler never waits for a response: it sleeps until the next arrival's intended time and starts it,
/// however many are still in flight. Under a concurrency cap an arrival that finds every slot busy waits in a FIFO queue,
/// and its wait is reported as queue time, apart from the scheduler's own lag. Arrivals still queued when the duration
/// ends are dropped and counted.
/// </remarks>
internal sealed class ScenarioRun
{
    private readonly object _gate = new();
    private readonly Queue<(Arrival Arrival, long Intended)> _waiting = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RequestTimeline>? _onRequest;
    private readonly LoadMeter _meter;
    private long _inFlight;
    private long _sentRequests;
    private long _arrivalsStarted;
    private bool _schedulingDone;
    private int _stepErrors;
    private string? _firstStepError;

    public ScenarioRun(LoadScenario scenario, LoadClock clock, CompletionExchange exchange, Shard shard, LoadMeter meter, Action<RequestTimeline>? onRequest)
    {
        Scenario = scenario;
        Clock = clock;
        Exchange = exchange;
        Shard = shard;
        _meter = meter;
        _onRequest = onRequest;
        Statistics = new ScenarioStatistics(new ServiceLevelObjective(scenario.Thresholds), clock.Frequency, 0);
    }

    public LoadScenario Scenario { get; }

    /// <summary>This shard's share of the concurrency cap (at least 1), or null without a cap.</summary>
    public int? Cap => Scenario.MaxConcurrency is { } cap ? (int)Math.Max(1, Shard.Part(cap)) : null;

    public LoadClock Clock { get; }

    public CompletionExchange Exchange { get; }

    public Shard Shard { get; }

    public ScenarioStatistics Statistics { get; }

    public long Start { get; private set; }

    public long MeasureStart { get; private set; }

    public long End { get; private set; }

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long SentRequests => Interlocked.Read(ref _sentRequests);

    public long ArrivalsStarted => Interlocked.Read(ref _arrivalsStarted);

    public int StepErrors => Volatile.Read(ref _stepErrors);

    public string? FirstStepError => Volatile.Read(ref _firstStepError);

    /// <summary>Runs the scenario from <paramref name="start"/> (clock ticks) to its end and until every request it started has ended.</summary>
    public async Task RunAsync(long start, CancellationToken cancellationToken)
    {
        Start = start;
        MeasureStart = start + Clock.Ticks(Scenario.WarmUp);
        End = MeasureStart + Clock.Ticks(Scenario.EffectiveDuration);
        Statistics.SetMeasureStart(MeasureStart);

        if (Scenario.Load is OpenLoad open)
        {
            var scheduler = new Thread(() => Schedule(open, cancellationToken))
            {
                IsBackground = true,
                Name = $"rostro-load scheduler ({Scenario.Name})",
                Priority = ThreadPriority.AboveNormal,
            };
            scheduler.Start();
            await _drained.Task.ConfigureAwait(false);
            scheduler.Join();
        }
        else if (Scenario.Load is ClosedLoad closed)
        {
            var workers = (int)Shard.Part(closed.Concurrency);
            var quota = Scenario.MaxRequests is { } cap ? Shard.Part(cap) : long.MaxValue;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => LoopAsync(quota, cancellationToken), CancellationToken.None))).ConfigureAwait(false);
        }
        else
        {
            throw new NotSupportedException($"Unknown load model {Scenario.Load.GetType().Name}.");
        }
    }

    /// <summary>The report's description of this shard's part of the scenario.</summary>
    public ScenarioInfo Info() => Scenario.Info() with { MaxConcurrency = Scenario.Load is OpenLoad ? Cap : null };

    /// <summary>Folds a finished request into the statistics and the live meters.</summary>
    public void Complete(RequestTimeline timeline)
    {
        Interlocked.Increment(ref _sentRequests);
        Statistics.Record(timeline);
        _meter.Record(Scenario.Name, timeline, Clock);
        _onRequest?.Invoke(timeline);
    }

    private void Schedule(OpenLoad open, CancellationToken cancellationToken)
    {
        long planned = 0;
        try
        {
            foreach (var arrival in ArrivalPlan.For(open, Scenario.WarmUp, Scenario.EffectiveDuration, Scenario.MaxRequests, Shard))
            {
                var due = Start + Clock.Ticks(arrival.Offset);
                Clock.SleepUntil(due, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                // Without a cap the scheduler takes no lock: a lock held by a descheduled thread would stall every arrival behind it.
                planned++;
                if (Cap is not { } cap)
                {
                    Interlocked.Increment(ref _inFlight);
                    Launch(arrival, due, Clock.GetTimestamp(), queued: false, cancellationToken);
                    continue;
                }

                var launch = false;
                lock (_gate)
                {
                    if (Interlocked.Read(ref _inFlight) < cap)
                    {
                        Interlocked.Increment(ref _inFlight);
                        launch = true;
                    }
                    else
                    {
                        _waiting.Enqueue((arrival, due));
                    }
                }

                if (launch)
                {
                    Launch(arrival, due, Clock.GetTimestamp(), queued: false, cancellationToken);
                }
            }

            // Queued arrivals may still start until the duration ends; then whatever still waits is dropped.
            if (Cap is not null)
            {
                Clock.SleepUntil(End, cancellationToken);
            }
        }
        finally
        {
            Statistics.AddPlanned(planned);
            lock (_gate)
            {
                Statistics.AddDropped(_waiting.Count);
                _waiting.Clear();
                Volatile.Write(ref _schedulingDone, true);
            }

            if (Interlocked.Read(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    private async Task LoopAsync(long quota, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Clock.GetTimestamp();
            if (now >= End)
            {
                return;
            }

            long index;
            lock (_gate)
            {
                if (_arrivalsStarted >= quota)
                {
                    return;
                }

                index = (_arrivalsStarted * Shard.Count) + Shard.Index - 1;
                _arrivalsStarted++;
                Interlocked.Increment(ref _inFlight);
            }

            Statistics.AddPlanned(1);
            var arrival = new Arrival(index, Clock.Seconds(now - Start), WarmUp: now < MeasureStart);
            await RunArrivalAsync(arrival, now, now, queued: false, cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Launch(Arrival arrival, long intended, long dispatched, bool queued, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _arrivalsStarted);

        // Started on the scheduler's own thread up to its first await (the send): measured at 1,000 arrivals/s, a hop to the
        // thread pool first made the lag's p99 1.5-5× longer (0.35-1.1 ms against 0.21-0.25 ms).
        _ = RunAndReleaseAsync(arrival, intended, dispatched, queued, cancellationToken);
    }

    private async Task RunAndReleaseAsync(Arrival arrival, long intended, long dispatched, bool queued, CancellationToken cancellationToken)
    {
        await RunArrivalAsync(arrival, intended, dispatched, queued, cancellationToken).ConfigureAwait(false);
        if (Cap is not null)
        {
            (Arrival Arrival, long Intended) next = default;
            var hasNext = false;
            long left = 0;
            lock (_gate)
            {
                // Decided under the lock the scheduler queues under, so no arrival waits while a slot is free.
                if (_waiting.Count > 0 && !cancellationToken.IsCancellationRequested)
                {
                    next = _waiting.Dequeue();
                    hasNext = true;
                }
                else
                {
                    left = Interlocked.Decrement(ref _inFlight);
                }
            }

            if (hasNext)
            {
                // The slot passes straight to the oldest waiting arrival: in flight stays the same.
                Launch(next.Arrival, next.Intended, Clock.GetTimestamp(), queued: true, cancellationToken);
            }
            else if (left == 0 && Volatile.Read(ref _schedulingDone))
            {
                _drained.TrySetResult();
            }

            return;
        }

        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _schedulingDone))
        {
            _drained.TrySetResult();
        }
    }

    private async Task RunArrivalAsync(Arrival arrival, long intended, long dispatched, bool queued, CancellationToken cancellationToken)
    {
        try
        {
            await Scenario.Step(new LoadStepContext(this, arrival, intended, dispatched, queued, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the run.
        }
        catch (Exception e)
        {
            // A C# step's own bug: counted and reported once, never allowed to stop the scheduler.
            Interlocked.Increment(ref _stepErrors);
            Interlocked.CompareExchange(ref _firstStepError, $"{e.GetType().Name}: {e.Message}", null);
        }
    }
}
