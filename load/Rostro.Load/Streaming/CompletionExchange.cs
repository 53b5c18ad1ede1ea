using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;

namespace Rostro.Load;

/// <summary>Sends one request and records its timeline: headers, every server-sent event (parsed by <see cref="SseParser"/>), the end, and what went wrong.</summary>
internal sealed class CompletionExchange(HttpClient http, LoadClock clock, TimeSpan timeout)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    public async Task<CompletionResult> SendAsync(CompletionRequest request, RequestTimeline timeline, bool captureText, CancellationToken runToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path.TrimStart('/'));
        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = s_json;
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Stream)
        {
            message.Headers.Accept.ParseAdd("text/event-stream");
        }

        timeline.Streaming = request.Stream;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        deadline.CancelAfter(timeout);
        var token = deadline.Token;
        StringBuilder? text = null;

        timeline.Sent = clock.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Stop(timeline, runToken, FailureKind.Timeout);
        }
        catch (HttpRequestException)
        {
            return Fail(timeline, FailureKind.Connection);
        }

        using (response)
        {
            timeline.ResponseHeaders = clock.GetTimestamp();
            timeline.StatusCode = (int)response.StatusCode;
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    // Read the error body so the connection can be reused; its content is not needed.
                    await response.Content.CopyToAsync(Stream.Null, token).ConfigureAwait(false);
                    return Fail(timeline, FailureKind.HttpStatus);
                }

                if (!request.Stream)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                    var end = clock.GetTimestamp();
                    if (request.IsCompletion)
                    {
                        var chunk = CompletionChunk.ParseBody(bytes, captureText);
                        if (chunk.IsMalformed)
                        {
                            return Fail(timeline, FailureKind.MalformedEvent, end);
                        }

                        timeline.UsageOutputTokens = chunk.CompletionTokens;
                        if (chunk.HasContent)
                        {
                            timeline.AddContentEvent(end);
                        }

                        text = chunk.Text is null ? null : new StringBuilder(chunk.Text);
                    }

                    timeline.End = end;
                    return Succeed(timeline, text);
                }

                if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
                {
                    return Fail(timeline, FailureKind.MalformedEvent);
                }

                var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var parser = SseParser.Create(stream, (_, data) => CompletionChunk.Parse(data, captureText));
                    await foreach (var item in parser.EnumerateAsync(token).ConfigureAwait(false))
                    {
                        var at = clock.GetTimestamp();
                        timeline.EventCount++;
                        var chunk = item.Data;
                        if (chunk.IsDone)
                        {
                            timeline.End = at;
                            return Succeed(timeline, text);
                        }

                        if (chunk.IsMalformed)
                        {
                            return Fail(timeline, FailureKind.MalformedEvent, at);
                        }

                        if (chunk.HasContent)
                        {
                            timeline.AddContentEvent(at);
                            if (chunk.Text is { } piece)
                            {
                                (text ??= new StringBuilder()).Append(piece);
                            }
                        }

                        if (chunk.CompletionTokens is { } tokens)
                        {
                            timeline.UsageOutputTokens = tokens;
                        }
                    }
                }

                // The server closed the stream cleanly but never said [DONE].
                return Fail(timeline, FailureKind.StreamCut);
            }
            catch (OperationCanceledException)
            {
                return Stop(timeline, runToken, FailureKind.Timeout);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return Fail(timeline, FailureKind.StreamCut);
            }
        }
    }

    private CompletionResult Succeed(RequestTimeline timeline, StringBuilder? text) =>
        new(true, null, timeline.StatusCode, text?.ToString(), timeline.OutputTokens);

    private CompletionResult Fail(RequestTimeline timeline, FailureKind kind, long? at = null)
    {
        timeline.Fail(kind, at ?? clock.GetTimestamp());
        return new CompletionResult(false, kind, timeline.StatusCode, null, timeline.OutputTokens);
    }

    // Cancelled by the run (Ctrl+C) is no failure of the target; cancelled by the request's own deadline is a timeout.
    private CompletionResult Stop(RequestTimeline timeline, CancellationToken runToken, FailureKind otherwise)
    {
        if (!runToken.IsCancellationRequested)
        {
            return Fail(timeline, otherwise);
        }

        timeline.Cancelled = true;
        timeline.End = clock.GetTimestamp();
        return new CompletionResult(false, null, timeline.StatusCode, null, timeline.OutputTokens);
    }
}
