using System.Text.Json.Nodes;

namespace Rostro.Load;

/// <summary>One arrival as its step sees it: which arrival, its prompt, and the way to send measured requests.</summary>
public sealed class LoadStepContext
{
    private readonly ScenarioRun _run;
    private readonly long _intendedStart;
    private readonly long _dispatched;
    private readonly bool _queued;
    private int _sent;

    internal LoadStepContext(ScenarioRun run, Arrival arrival, long intendedStart, long dispatched, bool queued, CancellationToken cancellationToken)
    {
        _run = run;
        Arrival = arrival;
        _intendedStart = intendedStart;
        _dispatched = dispatched;
        _queued = queued;
        CancellationToken = cancellationToken;
    }

    /// <summary>The arrival: its index in the whole plan, its due time, whether it is warm-up.</summary>
    public Arrival Arrival { get; }

    /// <summary>When the plan wanted this arrival to start (clock ticks).</summary>
    public long IntendedStart => _intendedStart;

    /// <summary>When the scheduler let it go (clock ticks): later than <see cref="IntendedStart"/> by the scheduler's lag and any queue time.</summary>
    public long Dispatched => _dispatched;

    /// <summary>Whether it waited behind the concurrency cap.</summary>
    public bool Queued => _queued;

    /// <summary>This arrival's prompt from the scenario's feed.</summary>
    public string Prompt => _run.Scenario.Prompts.Next(Arrival.Index);

    /// <summary>Cancelled when the run is stopped (Ctrl+C).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Sends a request and records its timeline. The first request of an arrival is timed from the arrival's intended start;
    /// later ones (they depend on earlier answers) from their own send.
    /// </summary>
    public async Task<CompletionResult> SendAsync(CompletionRequest request, bool captureText = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var first = _sent++ == 0;
        var now = _run.Clock.GetTimestamp();
        var timeline = new RequestTimeline
        {
            IntendedStart = first ? _intendedStart : now,
            Dispatched = first ? _dispatched : now,
            Queued = first && _queued,
            WarmUp = Arrival.WarmUp,
        };

        var result = await _run.Exchange.SendAsync(request, timeline, captureText, CancellationToken).ConfigureAwait(false);
        _run.Complete(timeline);
        return result;
    }

    /// <summary>A streamed chat completion on <c>/v1/chat/completions</c>, its answer's text captured (for the next turn).</summary>
    public Task<CompletionResult> ChatAsync(string model, IEnumerable<(string Role, string Content)> messages, int? maxTokens = null, string path = "v1/chat/completions")
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
        };
        if (maxTokens is { } max)
        {
            body["max_tokens"] = max;
        }

        return SendAsync(CompletionRequest.Post(path, body), captureText: true);
    }
}
