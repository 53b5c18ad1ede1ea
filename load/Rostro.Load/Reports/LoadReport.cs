namespace Rostro.Load;

/// <summary><c>report.json</c>: a run (or a merge of shards' runs), one entry per scenario, with the names DESIGN.md fixes.</summary>
public sealed record LoadReport
{
    /// <summary>The shape of a plain run's report.</summary>
    public const int RunFormatVersion = 1;

    /// <summary>The shape of a sweep's report (its <see cref="Sweep"/>, no <see cref="Scenarios"/>): a runner that knows only version 1 refuses it instead of merging nothing.</summary>
    public const int SweepFormatVersion = 2;

    /// <summary>Version of this file's shape: <see cref="RunFormatVersion"/> or <see cref="SweepFormatVersion"/>.</summary>
    public int FormatVersion { get; init; } = RunFormatVersion;

    /// <summary>What wrote it.</summary>
    public string Tool { get; init; } = "rostro-load";

    /// <summary>When the run started (the earliest shard's, for a merge).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The target's base URL (scheme, host, port and path only: never credentials or a query).</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary><c>i/n</c> for one shard's report; null for a whole run or a merge.</summary>
    public string? Shard { get; init; }

    /// <summary>How many shard reports this one combines (1 for a plain run).</summary>
    public int MergedReports { get; init; } = 1;

    /// <summary>Whether the run was stopped early (Ctrl+C); the figures cover what ran.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Whether every threshold of every scenario passed; for a sweep, whether it found a knee (its lowest level passed).</summary>
    public bool Passed { get; init; }

    /// <summary>The runner's own cost (null in a merge, whose shards ran on other machines).</summary>
    public ClientUsage? Client { get; init; }

    /// <summary>One entry per scenario (empty for a sweep, whose steps hold the scenario's reports).</summary>
    public IReadOnlyList<ScenarioReport> Scenarios { get; init; } = [];

    /// <summary>A sweep's steps, knee and outcome (<c>run --sweep</c>); null for a plain run.</summary>
    public SweepReport? Sweep { get; init; }
}

/// <summary>The load runner's own CPU cost after the warm-up, so a result can be told from the runner's limits.</summary>
/// <param name="CpuSeconds">CPU time the runner process used (user + system) from the end of the warm-up.</param>
/// <param name="Events">Server-sent events the measured requests received.</param>
/// <param name="Requests">Measured requests.</param>
/// <param name="CpuMicrosecondsPerEvent">CPU per streamed event (null when nothing streamed).</param>
/// <param name="CpuMicrosecondsPerRequest">CPU per request.</param>
public sealed record ClientUsage(double CpuSeconds, long Events, long Requests, double? CpuMicrosecondsPerEvent, double? CpuMicrosecondsPerRequest)
{
    /// <summary>The usage of <paramref name="cpuSeconds"/> spent on so many events and requests.</summary>
    public static ClientUsage Of(double cpuSeconds, long events, long requests) => new(
        Math.Round(cpuSeconds, 3),
        events,
        requests,
        events == 0 ? null : Math.Round(cpuSeconds * 1e6 / events, 2),
        requests == 0 ? null : Math.Round(cpuSeconds * 1e6 / requests, 2));

    /// <summary>The usage of several runs together (a sweep's steps); null when there is none.</summary>
    public static ClientUsage? Sum(IReadOnlyCollection<ClientUsage> usages)
    {
        ArgumentNullException.ThrowIfNull(usages);
        return usages.Count == 0 ? null : Of(usages.Sum(u => u.CpuSeconds), usages.Sum(u => u.Events), usages.Sum(u => u.Requests));
    }
}

/// <summary>One scenario's results.</summary>
public sealed partial record ScenarioReport
{
    /// <summary>The scenario's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The route, as the scenario names it (<c>/v1/chat/completions</c>; a C# step says <c>(C# step)</c>).</summary>
    public string Route { get; init; } = string.Empty;

    /// <summary>The model asked for.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the requests streamed.</summary>
    public bool Streaming { get; init; }

    /// <summary>The load model, in words (<c>constant 20/s</c>, <c>closed 50 concurrent</c>).</summary>
    public string Load { get; init; } = string.Empty;

    /// <summary>The concurrency cap of an open model, if any.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Warm-up length, seconds (not measured).</summary>
    public double WarmUpS { get; init; }

    /// <summary>Planned measured length, seconds.</summary>
    public double DurationS { get; init; }

    /// <summary>From the end of the warm-up to the end of the last measured request, seconds: the denominator of the throughputs.</summary>
    public double MeasuredS { get; init; }

    /// <summary>Request counts.</summary>
    public ScenarioCounts Requests { get; init; } = new();

    /// <summary>Failed / (ok + failed) of the measured requests.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Time to first token (sent → first content event), successful streamed requests.</summary>
    public LatencySummary TtftMs { get; init; } = Empty;

    /// <summary>Inter-token latency (gaps between consecutive content events), pooled.</summary>
    public LatencySummary ItlMs { get; init; } = Empty;

    /// <summary>Time per output token: (E2E − TTFT) / (tokens − 1), per request.</summary>
    public LatencySummary TpotMs { get; init; } = Empty;

    /// <summary>End to end: sent → <c>[DONE]</c> (or the end of the stream or body).</summary>
    public LatencySummary E2eMs { get; init; } = Empty;

    /// <summary>Intended start → sent, less time queued behind the concurrency cap: how late the runner itself was.</summary>
    public LatencySummary SchedulerLagMs { get; init; } = Empty;

    /// <summary>Time queued behind the concurrency cap (requests that waited).</summary>
    public LatencySummary QueueMs { get; init; } = Empty;

    /// <summary>Completed requests, output tokens and goodput per second.</summary>
    public ThroughputReport Throughput { get; init; } = new();

    /// <summary>The per-request objectives goodput counted against (from the thresholds).</summary>
    public IReadOnlyList<string> GoodputObjectives { get; init; } = [];

    /// <summary>Each threshold, with the value it was compared with.</summary>
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>Whether every threshold passed.</summary>
    public bool Passed { get; init; }

    /// <summary>Second by second from the end of the warm-up.</summary>
    public IReadOnlyList<SecondReport> Series { get; init; } = [];

    /// <summary>The distributions themselves, so that merging shards is exact.</summary>
    public HistogramSet Histograms { get; init; } = new();

    internal static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>Request counts of a scenario.</summary>
public sealed record ScenarioCounts
{
    /// <summary>Arrivals planned, warm-up included (closed model: requests sent).</summary>
    public long Planned { get; init; }

    /// <summary>Measured requests that succeeded.</summary>
    public long Ok { get; init; }

    /// <summary>Measured requests that failed.</summary>
    public long Failed { get; init; }

    /// <summary>Failures by kind: <c>http_status</c>, <c>stream_cut</c>, <c>timeout</c>, <c>malformed_event</c>, <c>connection</c>.</summary>
    public IReadOnlyDictionary<string, long> FailedByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>Responses by HTTP status.</summary>
    public IReadOnlyDictionary<int, long> StatusCodes { get; init; } = new Dictionary<int, long>();

    /// <summary>Measured requests cancelled when the run was stopped.</summary>
    public long Cancelled { get; init; }

    /// <summary>Warm-up requests (not measured).</summary>
    public long WarmUp { get; init; }

    /// <summary>Arrivals never sent: still queued behind the concurrency cap at the end.</summary>
    public long Dropped { get; init; }

    /// <summary>Successful requests that met every goodput objective.</summary>
    public long Good { get; init; }

    /// <summary>Output tokens of successful requests.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Server-sent events received.</summary>
    public long Events { get; init; }
}

/// <summary>Throughputs: the mean over the measured time and the peak second.</summary>
public sealed record ThroughputReport
{
    /// <summary>Successful requests per second.</summary>
    public RateSummary RequestsPerS { get; init; } = new(0, 0);

    /// <summary>Output tokens per second.</summary>
    public RateSummary OutputTokensPerS { get; init; } = new(0, 0);

    /// <summary>Requests per second that succeeded and met every objective.</summary>
    public RateSummary GoodputPerS { get; init; } = new(0, 0);
}

/// <summary>A rate: its mean and its busiest second.</summary>
/// <param name="Mean">Total / measured seconds.</param>
/// <param name="Peak">The largest count in one second.</param>
public sealed record RateSummary(double Mean, double Peak);

/// <summary>A threshold's outcome.</summary>
/// <param name="Expression">The threshold as written.</param>
/// <param name="Actual">The value compared (null when there was nothing to measure).</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Reason">Why it failed, in words.</param>
public sealed record ThresholdResult(string Expression, double? Actual, bool Passed, string? Reason);

/// <summary>One second of the series.</summary>
public sealed record SecondReport
{
    /// <summary>Seconds since the end of the warm-up.</summary>
    public int Second { get; init; }

    /// <summary>Requests that succeeded in this second.</summary>
    public long Ok { get; init; }

    /// <summary>Requests that failed in this second.</summary>
    public long Failed { get; init; }

    /// <summary>Successful requests that met every objective.</summary>
    public long Good { get; init; }

    /// <summary>Output tokens that arrived.</summary>
    public long OutputTokens { get; init; }

    /// <summary>TTFT of requests whose first token came in this second.</summary>
    public SeriesPercentiles TtftMs { get; init; } = new(0, 0, 0, 0);

    /// <summary>Inter-token gaps ending in this second.</summary>
    public SeriesPercentiles ItlMs { get; init; } = new(0, 0, 0, 0);

    /// <summary>This second's TTFT distribution (HdrHistogram V2, base64, µs; 2 significant digits).</summary>
    public string? TtftHistogram { get; init; }

    /// <summary>This second's ITL distribution.</summary>
    public string? ItlHistogram { get; init; }
}

/// <summary>Percentiles of one second, ms.</summary>
/// <param name="Count">Values.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
public sealed record SeriesPercentiles(long Count, double P50, double P95, double P99);

/// <summary>The encoded distributions of a scenario.</summary>
public sealed record HistogramSet
{
    /// <summary>How to read the values below.</summary>
    public string Encoding { get; init; } = "HdrHistogram V2 (uncompressed), base64; values in microseconds";

    /// <summary>TTFT.</summary>
    public string? TtftUs { get; init; }

    /// <summary>ITL.</summary>
    public string? ItlUs { get; init; }

    /// <summary>TPOT.</summary>
    public string? TpotUs { get; init; }

    /// <summary>E2E.</summary>
    public string? E2eUs { get; init; }

    /// <summary>Scheduler lag.</summary>
    public string? SchedulerLagUs { get; init; }

    /// <summary>Queue time.</summary>
    public string? QueueUs { get; init; }
}
