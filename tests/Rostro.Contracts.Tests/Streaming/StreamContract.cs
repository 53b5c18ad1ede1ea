using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Streaming;

/// <summary>What a streamed completion must be, event by event (OpenAI's protocol as CURATION 21 writes it down).</summary>
public static class StreamContract
{
    public const string Cut = "stream-cut";
    public const string Stalled = "stream-stalled";
    public const string ChunkSchema = "stream-chunk-schema";
    public const string DoneLast = "stream-done-last";
    public const string RoleFirst = "stream-role-first";
    public const string FinishReason = "stream-finish-reason";
    public const string Usage = "stream-usage";
    public const string Choices = "stream-choices";

    /// <summary>Reads a whole event stream with <see cref="SseParser"/> and checks every event; a cut, a stall or a broken event becomes a failure, not an exception.</summary>
    /// <param name="response">An answer whose headers were read (HttpCompletionOption.ResponseHeadersRead).</param>
    /// <param name="operation">The completions operation (its 200 <c>text/event-stream</c> schema is the chunk schema).</param>
    /// <param name="expected">What the request asked for.</param>
    /// <param name="readTimeout">Longest wait for the next event.</param>
    /// <param name="sent">When the request was sent (Stopwatch timestamp), for TTFT.</param>
    /// <param name="cancellationToken">The caller's cancellation; unlike a stall, it is thrown.</param>
    public static async Task<StreamReport> ReadAsync(HttpResponseMessage response, SpecOperation operation, StreamExpectation expected, TimeSpan readTimeout, long sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(expected);
        var report = new StreamReport(operation, expected);
        var schema = ContractRules.JsonSchemaOf(operation, 200, "text/event-stream");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var events = SseParser.Create(stream).EnumerateAsync(wait.Token).GetAsyncEnumerator(wait.Token);
        while (true)
        {
            wait.CancelAfter(readTimeout);
            bool more;
            try
            {
                more = await events.MoveNextAsync();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                report.Fail(Stalled, $"no event within {readTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after {report.Events.Count} events (ROSTRO_TIMEOUT_SECONDS).");
                return report;
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                report.Fail(Cut, $"the connection failed after {report.Events.Count} events, before data: [DONE] ({e.Message}).");
                return report;
            }

            if (!more)
            {
                break;
            }

            report.Add(events.Current.Data, Stopwatch.GetElapsedTime(sent), schema);
        }

        if (!report.Done)
        {
            report.Fail(Cut, $"the stream ended after {report.Events.Count} events without data: [DONE].");
        }

        report.Finish();
        return report;
    }
}

/// <summary>What a streamed request asked for.</summary>
/// <param name="Chat">Chat chunks (<c>delta</c>, role first) rather than text completion chunks (<c>text</c>).</param>
/// <param name="Choices">The <c>n</c> of the request.</param>
/// <param name="IncludeUsage">Whether <c>stream_options.include_usage</c> was true.</param>
public sealed record StreamExpectation(bool Chat, int Choices = 1, bool IncludeUsage = false);

/// <summary>One event as it arrived.</summary>
public sealed record StreamEvent(int Index, string Data, TimeSpan At, JsonNode? Json);

/// <summary>The events of one stream, what they add up to, the timing, and every rule they broke.</summary>
public sealed class StreamReport(SpecOperation operation, StreamExpectation expected)
{
    private readonly List<StreamEvent> _events = [];
    private readonly List<ContractFailure> _failures = [];
    private readonly Dictionary<int, StringBuilder> _content = [];
    private readonly Dictionary<int, int> _deltas = [];
    private readonly Dictionary<int, string> _finish = [];
    private readonly List<TimeSpan> _contentTimes = [];
    private string? _id;

    public SpecOperation Operation { get; } = operation;

    public IReadOnlyList<StreamEvent> Events => _events;

    public IReadOnlyList<ContractFailure> Failures => _failures;

    public bool Done { get; private set; }

    /// <summary>The final usage chunk's <c>usage</c>, if any.</summary>
    public JsonObject? UsageReported { get; private set; }

    /// <summary>Request sent → first event carrying content (DESIGN's TTFT).</summary>
    public TimeSpan? TimeToFirstToken => _contentTimes.Count > 0 ? _contentTimes[0] : null;

    /// <summary>Gaps between consecutive content events, in milliseconds.</summary>
    public IReadOnlyList<double> InterTokenGapsMs => _contentTimes.Zip(_contentTimes.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();

    public string Content(int choice = 0) => _content.GetValueOrDefault(choice)?.ToString() ?? string.Empty;

    public int ContentDeltas(int choice = 0) => _deltas.GetValueOrDefault(choice);

    public string? FinishReasonOf(int choice = 0) => _finish.GetValueOrDefault(choice);

    /// <summary>The events as text (for evidence files).</summary>
    public string Transcript => string.Join("\n\n", _events.Select(e => "data: " + e.Data));

    internal void Fail(string rule, string message, string? pointer = null, string? schemaRule = null) => _failures.Add(new(rule, message, pointer, schemaRule));

    internal void Add(string data, TimeSpan at, Rostro.Spec.Schemas.SpecSchema? schema)
    {
        var index = _events.Count;
        if (Done)
        {
            Fail(StreamContract.DoneLast, $"event {index} came after data: [DONE]: {Snippet(data)}");
        }

        if (data == "[DONE]")
        {
            _events.Add(new(index, data, at, null));
            Done = true;
            return;
        }

        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(data);
        }
        catch (JsonException e)
        {
            Fail(StreamContract.ChunkSchema, $"event {index} is not JSON ({e.Message.Split(" Path:", 2)[0]}): {Snippet(data)}");
        }

        _events.Add(new(index, data, at, json));
        if (json is null)
        {
            return;
        }

        if (schema is not null)
        {
            foreach (var failure in ContractRules.Body(json, schema))
            {
                _failures.Add(failure with { Rule = StreamContract.ChunkSchema, Message = $"event {index}: {failure.Message}" });
            }
        }

        Check(index, json, at);
    }

    private void Check(int index, JsonNode chunk, TimeSpan at)
    {
        var id = Pointer.Text(chunk, "/id");
        _id ??= id;
        if (id is not null && id != _id)
        {
            Fail(StreamContract.Choices, $"event {index} has id {id}; the stream began as {_id}.", "/id");
        }

        if (UsageReported is not null)
        {
            Fail(StreamContract.Usage, $"event {index} came after the usage chunk, which must be the last before [DONE].");
        }

        if (chunk["usage"] is JsonObject usage)
        {
            if (!expected.IncludeUsage)
            {
                Fail(StreamContract.Usage, $"event {index} carries usage, which was not asked for (stream_options.include_usage).", "/usage");
            }

            if (chunk["choices"] is JsonArray { Count: > 0 })
            {
                Fail(StreamContract.Usage, $"the usage chunk (event {index}) must have empty choices.", "/choices");
            }

            UsageReported = usage;
        }

        var contentSeen = false;
        foreach (var choice in chunk["choices"] as JsonArray ?? [])
        {
            var i = Pointer.Integer(choice, "/index") ?? -1;
            if (i < 0 || i >= expected.Choices)
            {
                Fail(StreamContract.Choices, $"event {index} has choice index {i}; n was {expected.Choices}.", "/choices");
                continue;
            }

            var first = !_deltas.ContainsKey(i) && !_finish.ContainsKey(i) && !_content.ContainsKey(i);
            if (_finish.ContainsKey(i))
            {
                Fail(StreamContract.FinishReason, $"event {index} continues choice {i} after its finish_reason {_finish[i]}.", "/choices");
            }

            string? text;
            if (expected.Chat)
            {
                var delta = choice!["delta"];
                if (first && Pointer.Text(delta, "/role") != "assistant")
                {
                    Fail(StreamContract.RoleFirst, $"the first chunk of choice {i} (event {index}) has no delta.role \"assistant\".", "/choices/delta/role");
                }

                text = Pointer.Text(delta, "/content");
            }
            else
            {
                text = Pointer.Text(choice, "/text");
            }

            _content.TryAdd(i, new StringBuilder());
            if (!string.IsNullOrEmpty(text))
            {
                _content[i].Append(text);
                _deltas[i] = _deltas.GetValueOrDefault(i) + 1;
                contentSeen = true;
            }

            if (Pointer.Text(choice, "/finish_reason") is { } reason)
            {
                _finish[i] = reason;
            }
        }

        if (contentSeen)
        {
            _contentTimes.Add(at);
        }
    }

    internal void Finish()
    {
        for (var i = 0; i < expected.Choices; i++)
        {
            if (!_finish.ContainsKey(i))
            {
                Fail(StreamContract.FinishReason, $"choice {i} never got a finish_reason.");
            }
        }

        if (expected.IncludeUsage && UsageReported is null)
        {
            Fail(StreamContract.Usage, "stream_options.include_usage was true, but no chunk carried usage before [DONE].");
        }

        if (UsageReported is { } usage && Pointer.Integer(usage, "/prompt_tokens") is { } prompt && Pointer.Integer(usage, "/completion_tokens") is { } completion && Pointer.Integer(usage, "/total_tokens") is { } total)
        {
            if (total != prompt + completion)
            {
                Fail(StreamContract.Usage, $"usage.total_tokens {total} is not prompt_tokens {prompt} + completion_tokens {completion}.", "/usage/total_tokens");
            }

            var deltas = _deltas.Values.Sum();
            if (deltas > 0 && completion == 0)
            {
                Fail(StreamContract.Usage, $"usage.completion_tokens is 0, but {deltas} content events arrived.", "/usage/completion_tokens");
            }
        }
    }

    private static string Snippet(string data) => data.Length <= 200 ? data : data[..200] + "…";
}
