using System.Diagnostics.Metrics;

namespace Rostro.Load;

/// <summary>Live metrics of a run as .NET instruments (meter <c>Rostro.Load</c>), for OTLP export or any <see cref="MeterListener"/>.</summary>
/// <remarks>Nothing is computed unless something listens; the reports never depend on these (they use the HdrHistograms).</remarks>
public sealed class LoadMeter : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Rostro.Load";

    private readonly Meter _meter;
    private readonly Histogram<double> _ttft;
    private readonly Histogram<double> _itl;
    private readonly Histogram<double> _e2e;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _tokens;

    /// <summary>Creates the instruments; <paramref name="inFlight"/> is read when a listener collects.</summary>
    public LoadMeter(Func<IEnumerable<Measurement<long>>>? inFlight = null)
    {
        _meter = new Meter(Name, typeof(LoadMeter).Assembly.GetName().Version?.ToString());
        _ttft = _meter.CreateHistogram<double>("rostro.load.ttft", "ms", "Time to first token: request sent to first content event.");
        _itl = _meter.CreateHistogram<double>("rostro.load.itl", "ms", "Gap between consecutive content events.");
        _e2e = _meter.CreateHistogram<double>("rostro.load.e2e", "ms", "Request sent to [DONE] or end of body.");
        _lag = _meter.CreateHistogram<double>("rostro.load.scheduler_lag", "ms", "Intended start to send, less queue time.");
        _requests = _meter.CreateCounter<long>("rostro.load.requests", "{request}", "Measured requests that ended, by outcome.");
        _tokens = _meter.CreateCounter<long>("rostro.load.output_tokens", "{token}", "Output tokens of successful requests.");
        if (inFlight is not null)
        {
            _meter.CreateObservableGauge("rostro.load.in_flight", inFlight, "{request}", "Arrivals in flight.");
        }
    }

    /// <summary>Records one ended request (measured ones only).</summary>
    public void Record(string scenario, RequestTimeline timeline, LoadClock clock)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(clock);
        if (timeline.WarmUp || !(_requests.Enabled || _ttft.Enabled || _itl.Enabled || _e2e.Enabled || _lag.Enabled || _tokens.Enabled))
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>("scenario", scenario);
        double Ms(long ticks) => ticks * 1000.0 / clock.Frequency;
        var outcome = timeline.Cancelled ? "cancelled" : timeline.Failure is { } kind ? FailureKinds.Name(kind) : "ok";
        _requests.Add(1, tag, new KeyValuePair<string, object?>("outcome", outcome));
        _lag.Record(Ms(TimelineMetrics.SchedulerLag(timeline)), tag);
        if (!timeline.Ok)
        {
            return;
        }

        _e2e.Record(Ms(TimelineMetrics.E2e(timeline)), tag);
        _tokens.Add(timeline.OutputTokens, tag);
        if (TimelineMetrics.Ttft(timeline) is { } ttft)
        {
            _ttft.Record(Ms(ttft), tag);
        }

        if (_itl.Enabled)
        {
            foreach (var gap in TimelineMetrics.Itl(timeline))
            {
                _itl.Record(Ms(gap), tag);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
