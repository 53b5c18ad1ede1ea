using Rostro.Contracts.Tests.Checks;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>The last handler before the socket: every answer the target gives the suite is counted for coverage, and every request is stamped with the moment it goes out.</summary>
/// <remarks>Latency, TTFT and "answered in" start from <see cref="SentAt"/>: after the rate limiter's wait and any retry's back-off, so a queue of the suite's own never reads as a slow API.</remarks>
/// <remarks>A JSON-RPC request to the MCP endpoint is counted as a call and its outcome (<see cref="CoverageRecorder.McpCall"/>), its answer read in full
/// first, and handed to <paramref name="mcpExchange"/> (the test's evidence), whichever client sent it: the SDK's or the suite's own.</remarks>
public sealed class RecordingHandler(CoverageRecorder coverage, string basePath, Uri? mcpUrl = null, Action<HttpRequestMessage, string, HttpResponseMessage, string>? mcpExchange = null) : DelegatingHandler
{
    /// <summary>When the request (its last attempt) left for the socket: a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public static readonly HttpRequestOptionsKey<long> SentAt = new("rostro-contracts.sent-at");

    /// <summary>The time since a request went out, or since <paramref name="fallback"/> when it never did.</summary>
    public static TimeSpan Since(HttpRequestMessage request, long fallback)
    {
        ArgumentNullException.ThrowIfNull(request);
        return System.Diagnostics.Stopwatch.GetElapsedTime(request.Options.TryGetValue(SentAt, out var sent) ? sent : fallback);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(SentAt, System.Diagnostics.Stopwatch.GetTimestamp());
        var response = await base.SendAsync(request, cancellationToken);
        if (mcpUrl is not null && request.RequestUri!.GetLeftPart(UriPartial.Path) == mcpUrl.GetLeftPart(UriPartial.Path))
        {
            await RecordMcpAsync(request, response, cancellationToken);
            return response;
        }

        var path = Targets.SpecPaths.Of(request.RequestUri!, basePath);
        if (!path.StartsWith("/__admin", StringComparison.Ordinal))
        {
            var catalog = SpecCatalog.Instance;
            coverage.Observed(catalog.Match(request.Method.Method, path), request.Method.Method, catalog.MatchTemplate(path) ?? "(unknown route)", (int)response.StatusCode);
        }

        return response;
    }

    private async Task RecordMcpAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is null)
        {
            return;
        }

        var sent = await request.Content.ReadAsStringAsync(cancellationToken);
        System.Text.Json.Nodes.JsonObject? message;
        try
        {
            message = System.Text.Json.Nodes.JsonNode.Parse(sent) as System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        if (message is null || !message.ContainsKey("id"))
        {
            return;
        }

        // The answer to a request ends its stream: reading it whole here leaves the same bytes for the caller.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var answer = Mcp.JsonRpcAnswers.Answer(Mcp.JsonRpcAnswers.Read(response.Content.Headers.ContentType?.MediaType, body), message["id"]);
        coverage.McpCall(Mcp.JsonRpcAnswers.Call(message), Mcp.JsonRpcAnswers.Outcome(answer, (int)response.StatusCode));
        mcpExchange?.Invoke(request, sent, response, body);
    }
}
