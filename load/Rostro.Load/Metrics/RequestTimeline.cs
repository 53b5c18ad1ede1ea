namespace Rostro.Load;

/// <summary>What happened to one request, as clock timestamps: intended start, dispatch, send, response headers, every content event, end.</summary>
/// <remarks>Written by the one task that runs the request; read once it has ended.</remarks>
public sealed class RequestTimeline
{
    private long[] _contentEvents = new long[16];

    /// <summary>When the plan wanted it sent (open model), or when its slot freed (closed model, later turns of a C# step).</summary>
    public long IntendedStart { get; set; }

    /// <summary>When the scheduler let it go: after <see cref="IntendedStart"/> by the scheduler's lag plus any time queued behind the concurrency cap.</summary>
    public long Dispatched { get; set; }

    /// <summary>Whether it waited for a slot under the concurrency cap.</summary>
    public bool Queued { get; set; }

    /// <summary>Right before the request was handed to the HTTP stack: the origin of TTFT and E2E.</summary>
    public long Sent { get; set; }

    /// <summary>When the response headers arrived (0 if they never did).</summary>
    public long ResponseHeaders { get; set; }

    /// <summary>When the last byte arrived, the stream closed or the request failed.</summary>
    public long End { get; set; }

    /// <summary>The arrival of each event that carried non-empty content (for a non-streamed answer: the body), in order.</summary>
    public ReadOnlySpan<long> ContentEvents => _contentEvents.AsSpan(0, ContentEventCount);

    /// <summary>How many content events arrived.</summary>
    public int ContentEventCount { get; private set; }

    /// <summary>Every server-sent event received, content or not (role chunks, finish reasons, usage, <c>[DONE]</c>).</summary>
    public int EventCount { get; set; }

    /// <summary>The output tokens the server counted (<c>usage.completion_tokens</c>), when it said.</summary>
    public int? UsageOutputTokens { get; set; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why it failed; null when it succeeded.</summary>
    public FailureKind? Failure { get; set; }

    /// <summary>Cancelled by the end of the run (Ctrl+C): neither a success nor a failure.</summary>
    public bool Cancelled { get; set; }

    /// <summary>Whether it was a streamed request.</summary>
    public bool Streaming { get; set; }

    /// <summary>Whether it belongs to the warm-up (not measured).</summary>
    public bool WarmUp { get; set; }

    /// <summary>Whether it succeeded.</summary>
    public bool Ok => Failure is null && !Cancelled;

    /// <summary>Output tokens: the server's count when it gave one, else one per content event (the mimic sends one token per event).</summary>
    public int OutputTokens => UsageOutputTokens ?? ContentEventCount;

    /// <summary>Records a content event's arrival.</summary>
    public void AddContentEvent(long timestamp)
    {
        if (ContentEventCount == _contentEvents.Length)
        {
            Array.Resize(ref _contentEvents, _contentEvents.Length * 2);
        }

        _contentEvents[ContentEventCount++] = timestamp;
    }

    /// <summary>Marks the request failed (the first reason wins).</summary>
    public void Fail(FailureKind kind, long at)
    {
        Failure ??= kind;
        End = at;
    }
}
