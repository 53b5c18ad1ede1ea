namespace Rostro.Load;

/// <summary>DESIGN.md's per-request metrics, computed from a timeline; in clock ticks. Null where a metric does not apply.</summary>
public static class TimelineMetrics
{
    /// <summary>TTFT: request sent → first event carrying non-empty content (streamed requests only).</summary>
    public static long? Ttft(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Streaming && timeline.ContentEventCount > 0 ? timeline.ContentEvents[0] - timeline.Sent : null;
    }

    /// <summary>E2E: request sent → <c>[DONE]</c> or the end of the stream (or of the body).</summary>
    public static long E2e(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.End - timeline.Sent;
    }

    /// <summary>TPOT: (E2E − TTFT) / (output tokens − 1); needs at least two tokens.</summary>
    public static double? Tpot(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var tokens = timeline.OutputTokens;
        return Ttft(timeline) is { } ttft && tokens > 1 ? (double)(E2e(timeline) - ttft) / (tokens - 1) : null;
    }

    /// <summary>ITL: the gaps between consecutive content events (the report pools them over all requests).</summary>
    public static IEnumerable<long> Itl(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (!timeline.Streaming)
        {
            return [];
        }

        var events = timeline.ContentEvents;
        var gaps = new long[Math.Max(events.Length - 1, 0)];
        for (var i = 1; i < events.Length; i++)
        {
            gaps[i - 1] = events[i] - events[i - 1];
        }

        return gaps;
    }

    /// <summary>Scheduler lag: intended start → sent, less any time queued behind the concurrency cap.</summary>
    public static long SchedulerLag(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Queued ? timeline.Sent - timeline.Dispatched : timeline.Sent - timeline.IntendedStart;
    }

    /// <summary>Client-side queue time: intended start → dispatch, for a request that waited behind the concurrency cap.</summary>
    public static long? QueueTime(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Queued ? timeline.Dispatched - timeline.IntendedStart : null;
    }
}
