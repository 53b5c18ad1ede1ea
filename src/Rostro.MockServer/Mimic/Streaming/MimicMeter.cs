using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rostro.MockServer.Mimic;

/// <summary>The mock's own account of its streaming timing (meter <c>Rostro.MockServer</c>), for load tools to compare their measurements with.</summary>
/// <remarks>Recorded when each token event is handed to the response, so the figures are what the mock did, not what it was told. Costs nothing unless a listener is attached.</remarks>
public static class MimicMeter
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Rostro.MockServer";

    private static readonly Meter s_meter = new(Name);

    /// <summary>Request arrival → the first token event, in milliseconds.</summary>
    public static Histogram<double> Ttft { get; } = s_meter.CreateHistogram<double>("rostro.mock.ttft", "ms", "Request arrival to the first token event sent.");

    /// <summary>Between consecutive token events of one stream, in milliseconds.</summary>
    public static Histogram<double> InterToken { get; } = s_meter.CreateHistogram<double>("rostro.mock.inter_token", "ms", "Gap between consecutive token events sent on one stream.");

    /// <summary>Load model: completion sequences generating now (admitted, not yet ended).</summary>
    public static UpDownCounter<int> RunningSequences { get; } = s_meter.CreateUpDownCounter<int>("rostro.mock.running_sequences", "{sequence}", "Completions generating now (load model).");

    /// <summary>Load model: completion requests waiting for a sequence now.</summary>
    public static UpDownCounter<int> QueuedRequests { get; } = s_meter.CreateUpDownCounter<int>("rostro.mock.queued_requests", "{request}", "Completion requests waiting for a sequence (load model).");

    /// <summary>Load model: how long an admitted completion waited for a sequence, in milliseconds.</summary>
    public static Histogram<double> QueueWait { get; } = s_meter.CreateHistogram<double>("rostro.mock.queue_wait", "ms", "Time a completion request waited for a sequence (load model).");

    // Returns this token's timestamp (0 while nothing listens), the next call's previous; a gap needs both ends seen.
    internal static long RecordToken(long start, long previous, bool first)
    {
        if (!Ttft.Enabled && !InterToken.Enabled)
        {
            return 0;
        }

        var now = Stopwatch.GetTimestamp();
        if (first)
        {
            Ttft.Record(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
        }
        else if (previous != 0)
        {
            InterToken.Record(Stopwatch.GetElapsedTime(previous, now).TotalMilliseconds);
        }

        return now;
    }
}
