using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Mcp;

/// <summary>A JSON-RPC session with the MCP endpoint, message by message, for the checks that need the exact answer (the SDK client hides versions, cursors and error data).</summary>
/// <remarks>Every message goes through the suite's pipeline (safety, rate limit, coverage, the test's evidence: <see cref="Coverage.RecordingHandler"/>).</remarks>
public sealed class McpSession(ContractTarget target, Caller caller) : IAsyncDisposable
{
    /// <summary>The protocol version the suite asks for first.</summary>
    public const string Version = "2025-06-18";

    private int _id;

    /// <summary>The session the server gave at initialize (<c>Mcp-Session-Id</c>), or null (a stateless server).</summary>
    public string? SessionId { get; private set; }

    /// <summary>The protocol version the server answered.</summary>
    public string? ProtocolVersion { get; private set; }

    /// <summary>Initializes (and, when the server answers, says <c>notifications/initialized</c>); the reply is the initialize answer.</summary>
    public async Task<McpReply> InitializeAsync(string version = Version, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = version,
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "rostro-contracts", ["version"] = "1.0" },
        }, cancellationToken);
        if (reply.Result is { } result)
        {
            ProtocolVersion = Pointer.Text(result, "/protocolVersion");
            SessionId = reply.SessionId;
            await SendAsync("notifications/initialized", null, cancellationToken, notification: true);
        }

        return reply;
    }

    /// <summary><c>tools/call</c>.</summary>
    public Task<McpReply> CallAsync(string tool, JsonObject arguments, CancellationToken cancellationToken) =>
        SendAsync("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }, cancellationToken);

    /// <summary>One request (or, with <paramref name="notification"/>, a notification: no id, no answer expected).</summary>
    public async Task<McpReply> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken, bool notification = false)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0" };
        if (!notification)
        {
            message["id"] = Interlocked.Increment(ref _id);
        }

        message["method"] = method;
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        var text = message.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.McpUrl) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (SessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", SessionId);
        }

        if (ProtocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", ProtocolVersion);
        }

        caller.Apply(request);
        using var response = await target.Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var answer = notification ? null : JsonRpcAnswers.Answer(JsonRpcAnswers.Read(response.Content.Headers.ContentType?.MediaType, body), message["id"]);
        var session = response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.FirstOrDefault() : null;
        return new McpReply($"{method} (POST {target.McpUrl})", (int)response.StatusCode, answer, target.Redactor.Redact(body), session);
    }

    /// <summary>Ends the session (DELETE), when the server gave one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (SessionId is null)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, target.McpUrl);
        request.Headers.Add("Mcp-Session-Id", SessionId);
        caller.Apply(request);
        try
        {
            using var _ = await target.Http.SendAsync(request, target.Lifetime);
        }
        catch (HttpRequestException)
        {
            // A server that cannot end sessions lets them expire.
        }
    }
}

/// <summary>The answer to one JSON-RPC request.</summary>
/// <param name="Where">The call and the endpoint, for messages.</param>
/// <param name="HttpStatus">The HTTP status.</param>
/// <param name="Answer">The JSON-RPC answer to the request, or null.</param>
/// <param name="Body">The HTTP body, redacted.</param>
/// <param name="SessionId">The <c>Mcp-Session-Id</c> the answer carried.</param>
public sealed record McpReply(string Where, int HttpStatus, JsonObject? Answer, string Body, string? SessionId)
{
    public JsonObject? Result => Answer?["result"] as JsonObject;

    public JsonObject? Error => Answer?["error"] as JsonObject;

    /// <summary>A tool result with <c>isError: true</c>.</summary>
    public bool IsToolError => Result?["isError"] is JsonValue flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>The API's error envelope a failed tool carries as its text, or null.</summary>
    public JsonObject? Envelope
    {
        get
        {
            try
            {
                return Result?["content"]?[0]?["text"] is JsonValue text ? JsonNode.Parse(text.GetValue<string>()) as JsonObject : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>The HTTP status a failed tool's envelope names (<c>errorCode</c>), or null.</summary>
    public int? EnvelopeStatus => Envelope?["errorCode"] is JsonValue code && code.TryGetValue<int>(out var status) ? status : null;

    public override string ToString() => $"{Where}: HTTP {HttpStatus}, {Body}";
}
