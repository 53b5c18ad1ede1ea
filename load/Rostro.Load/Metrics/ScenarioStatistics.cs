namespace Rostro.Load;

/// <summary>Everything measured for one scenario: counts, HdrHistograms of every latency, and a per-second series. Thread-safe.</summary>
/// <remarks>
/// The one place that turns timelines into numbers, and the one place that merges them: a live run, a shard's report read
/// back and a merge of shards all go through <see cref="Record"/> or <see cref="Add"/>, so their figures agree by construction.
/// </remarks>
public sealed partial class ScenarioStatistics
{
    private readonly object _gate = new();
    private readonly Dictionary<int, long> _statusCodes = [];
    private readonly long[] _failures = new long[FailureKinds.All.Count];
    private readonly List<SecondStatistics?> _series = [];
    private readonly ServiceLevelObjective _objective;
    private readonly double _frequency;
    private long _measureStart;

    /// <summary>Empty statistics; <paramref name="measureStart"/> (clock ticks) is the end of the warm-up, second 0 of the series.</summary>
    public ScenarioStatistics(ServiceLevelObjective objective, long frequency, long measureStart)
    {
        _objective = objective ?? throw new ArgumentNullException(nameof(objective));
        _frequency = frequency;
        _measureStart = measureStart;
    }

    /// <summary>TTFT of successful streamed requests, µs.</summary>
    public LatencyHistogram Ttft { get; } = LatencyHistogram.Create();

    /// <summary>Gaps between consecutive content events of successful streamed requests, pooled, µs.</summary>
    public LatencyHistogram Itl { get; } = LatencyHistogram.Create();

    /// <summary>TPOT of successful streamed requests with two or more tokens, µs.</summary>
    public LatencyHistogram Tpot { get; } = LatencyHistogram.Create();

    /// <summary>E2E of successful requests, µs.</summary>
    public LatencyHistogram E2e { get; } = LatencyHistogram.Create();

    /// <summary>Scheduler lag of every sent request (warm-up excluded), µs.</summary>
    public LatencyHistogram SchedulerLag { get; } = LatencyHistogram.Create();

    /// <summary>Time queued behind the concurrency cap, µs (only requests that waited).</summary>
    public LatencyHistogram Queue { get; } = LatencyHistogram.Create();

    /// <summary>Requests the plan held (warm-up included); for a closed model, those sent.</summary>
    public long Planned { get; private set; }

    /// <summary>Measured requests that ended (ok + failed).</summary>
    public long Completed => Ok + Failed;

    /// <summary>Measured requests that succeeded.</summary>
    public long Ok { get; private set; }

    /// <summary>Measured requests that failed.</summary>
    public long Failed { get; private set; }

    /// <summary>Measured requests cancelled by the end of the run (Ctrl+C).</summary>
    public long Cancelled { get; private set; }

    /// <summary>Warm-up requests that ended (any outcome), not measured.</summary>
    public long WarmUp { get; private set; }

    /// <summary>Planned arrivals never sent: still queued behind the concurrency cap when the run ended.</summary>
    public long Dropped { get; private set; }

    /// <summary>Successful requests that met every objective.</summary>
    public long Good { get; private set; }

    /// <summary>Output tokens of successful requests.</summary>
    public long OutputTokens { get; private set; }

    /// <summary>Server-sent events received by measured requests (the unit of the runner's CPU cost).</summary>
    public long Events { get; private set; }

    /// <summary>Seconds from the end of the warm-up to the end of the last measured request.</summary>
    public double MeasuredSeconds { get; private set; }

    /// <summary>Failures by kind.</summary>
    public long FailuresOf(FailureKind kind)
    {
        lock (_gate)
        {
            return _failures[(int)kind];
        }
    }

    /// <summary>Responses by HTTP status (measured requests).</summary>
    public IReadOnlyDictionary<int, long> StatusCodes
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<int, long>(_statusCodes);
            }
        }
    }

    /// <summary>The per-second series, second 0 at the end of the warm-up; seconds with nothing recorded are empty.</summary>
    public IReadOnlyList<SecondStatistics> Series
    {
        get
        {
            lock (_gate)
            {
                return [.. _series.Select((s, i) => s ?? new SecondStatistics(i))];
            }
        }
    }

    /// <summary>Moves second 0 of the series (the real start is known only when the run starts).</summary>
    internal void SetMeasureStart(long measureStart)
    {
        lock (_gate)
        {
            _measureStart = measureStart;
        }
    }

    /// <summary>Counts planned arrivals.</summary>
    public void AddPlanned(long count)
    {
        lock (_gate)
        {
            Planned += count;
        }
    }

    /// <summary>Counts arrivals that were never sent.</summary>
    public void AddDropped(long count)
    {
        lock (_gate)
        {
            Dropped += count;
        }
    }

    /// <summary>Folds one ended request into the statistics.</summary>
    public void Record(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.WarmUp)
        {
            lock (_gate)
            {
                WarmUp++;
            }

            return;
        }

        // Everything derived outside the lock; the lock only adds.
        var ttft = TimelineMetrics.Ttft(timeline);
        var tpot = TimelineMetrics.Tpot(timeline);
        var e2e = TimelineMetrics.E2e(timeline);
        var lag = TimelineMetrics.SchedulerLag(timeline);
        var queue = TimelineMetrics.QueueTime(timeline);
        var good = timeline.Ok && _objective.IsMetBy(Ms(ttft), tpot is { } t ? t * 1000 / _frequency : null, Ms(e2e)!.Value);
        lock (_gate)
        {
            Events += timeline.EventCount;
            if (timeline.StatusCode is { } status)
            {
                _statusCodes[status] = _statusCodes.GetValueOrDefault(status) + 1;
            }

            if (timeline.Cancelled)
            {
                Cancelled++;
                return;
            }

            SchedulerLag.Record(Us(lag));
            if (queue is { } q)
            {
                Queue.Record(Us(q));
            }

            MeasuredSeconds = Math.Max(MeasuredSeconds, (timeline.End - _measureStart) / _frequency);
            var second = At(timeline.End);
            if (timeline.Failure is { } kind)
            {
                Failed++;
                _failures[(int)kind]++;
                second.Failed++;
                return;
            }

            Ok++;
            second.Ok++;
            E2e.Record(Us(e2e));
            OutputTokens += timeline.OutputTokens;
            if (good)
            {
                Good++;
                second.Good++;
            }

            if (ttft is { } first)
            {
                Ttft.Record(Us(first));
                At(timeline.ContentEvents[0]).Ttft.Record(Us(first));
            }

            if (tpot is { } perToken)
            {
                Tpot.Record(Us((long)Math.Round(perToken)));
            }

            var events = timeline.ContentEvents;
            if (timeline.Streaming)
            {
                // Tokens per second follow the events that carried them (the mimic sends one token per event).
                foreach (var at in events)
                {
                    At(at).OutputTokens++;
                }
            }
            else
            {
                At(timeline.End).OutputTokens += timeline.OutputTokens;
            }

            if (timeline.Streaming)
            {
                for (var i = 1; i < events.Length; i++)
                {
                    var gap = Us(events[i] - events[i - 1]);
                    Itl.Record(gap);
                    At(events[i]).Itl.Record(gap);
                }
            }
        }
    }

    /// <summary>Adds another run's statistics (a shard's): histograms merged bucket by bucket, counts summed, series aligned by second.</summary>
    public void Add(ScenarioStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var otherSeries = other.Series;
        var otherCodes = other.StatusCodes;
        var otherFailures = FailureKinds.All.Select(other.FailuresOf).ToArray();
        lock (_gate)
        {
            Ttft.Add(other.Ttft);
            Itl.Add(other.Itl);
            Tpot.Add(other.Tpot);
            E2e.Add(other.E2e);
            SchedulerLag.Add(other.SchedulerLag);
            Queue.Add(other.Queue);
            Planned += other.Planned;
            Ok += other.Ok;
            Failed += other.Failed;
            Cancelled += other.Cancelled;
            WarmUp += other.WarmUp;
            Dropped += other.Dropped;
            Good += other.Good;
            OutputTokens += other.OutputTokens;
            Events += other.Events;
            MeasuredSeconds = Math.Max(MeasuredSeconds, other.MeasuredSeconds);
            foreach (var (status, count) in otherCodes)
            {
                _statusCodes[status] = _statusCodes.GetValueOrDefault(status) + count;
            }

            for (var i = 0; i < otherFailures.Length; i++)
            {
                _failures[i] += otherFailures[i];
            }

            foreach (var second in otherSeries)
            {
                SecondAt(second.Second).Add(second);
            }
        }
    }

    /// <summary>Sets the counts read back from a report (the histograms are added to directly).</summary>
    internal void Restore(ScenarioCounts counts, double measuredSeconds, IEnumerable<SecondStatistics> series)
    {
        lock (_gate)
        {
            Planned = counts.Planned;
            Ok = counts.Ok;
            Failed = counts.Failed;
            Cancelled = counts.Cancelled;
            WarmUp = counts.WarmUp;
            Dropped = counts.Dropped;
            Good = counts.Good;
            OutputTokens = counts.OutputTokens;
            Events = counts.Events;
            MeasuredSeconds = measuredSeconds;
            foreach (var (status, count) in counts.StatusCodes)
            {
                _statusCodes[status] = count;
            }

            foreach (var kind in FailureKinds.All)
            {
                _failures[(int)kind] = counts.FailedByKind.GetValueOrDefault(FailureKinds.Name(kind));
            }

            foreach (var second in series)
            {
                SecondAt(second.Second).Add(second);
            }
        }
    }

    /// <summary>A consistent snapshot for live progress.</summary>
    public ProgressSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new ProgressSnapshot(Ok, Failed, Dropped, Ttft.ValueAtPercentile(50) / 1000.0, Ttft.ValueAtPercentile(95) / 1000.0);
        }
    }

    private SecondStatistics At(long timestamp) => SecondAt((int)Math.Max(0, (timestamp - _measureStart) / _frequency));

    private SecondStatistics SecondAt(int second)
    {
        while (_series.Count <= second)
        {
            _series.Add(null);
        }

        return _series[second] ??= new SecondStatistics(second);
    }

    private long Us(long ticks) => (long)Math.Round(ticks * 1_000_000 / _frequency);

    private double? Ms(long? ticks) => ticks is { } t ? t * 1000 / _frequency : null;
}

/// <summary>What ended, or arrived, in one second of the measured phase.</summary>
/// <param name="Second">Seconds since the end of the warm-up.</param>
public sealed class SecondStatistics(int Second)
{
    /// <summary>Seconds since the end of the warm-up.</summary>
    public int Second { get; } = Second;

    /// <summary>Requests that succeeded in this second.</summary>
    public long Ok { get; set; }

    /// <summary>Requests that failed in this second.</summary>
    public long Failed { get; set; }

    /// <summary>Successful requests that met every objective.</summary>
    public long Good { get; set; }

    /// <summary>Output tokens that arrived in this second.</summary>
    public long OutputTokens { get; set; }

    /// <summary>TTFT of the requests whose first token arrived in this second, µs.</summary>
    public LatencyHistogram Ttft { get; init; } = LatencyHistogram.CreateSeries();

    /// <summary>Inter-token gaps ending in this second, µs.</summary>
    public LatencyHistogram Itl { get; init; } = LatencyHistogram.CreateSeries();

    /// <summary>Adds another run's same second.</summary>
    public void Add(SecondStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Ok += other.Ok;
        Failed += other.Failed;
        Good += other.Good;
        OutputTokens += other.OutputTokens;
        Ttft.Add(other.Ttft);
        Itl.Add(other.Itl);
    }
}

/// <summary>Live figures of one scenario for the progress display.</summary>
/// <param name="Ok">Measured successes so far.</param>
/// <param name="Failed">Measured failures so far.</param>
/// <param name="Dropped">Arrivals dropped so far.</param>
/// <param name="TtftP50">TTFT median so far, ms.</param>
/// <param name="TtftP95">TTFT p95 so far, ms.</param>
public readonly record struct ProgressSnapshot(long Ok, long Failed, long Dropped, double TtftP50, double TtftP95);
