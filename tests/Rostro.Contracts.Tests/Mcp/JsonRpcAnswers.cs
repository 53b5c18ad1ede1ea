using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rostro.Contracts.Tests.Mcp;

/// <summary>Reads the JSON-RPC messages of a Streamable HTTP answer (one JSON object, or SSE events carrying them) and names their outcome.</summary>
public static class JsonRpcAnswers
{
    /// <summary>The key of <c>_meta</c> under which the Rostro MCP server gives the HTTP status a tool's operation answered.</summary>
    public const string StatusMeta = "dev.rostro/status";

    /// <summary>Every JSON-RPC message of the body; what is not JSON is left out.</summary>
    public static IReadOnlyList<JsonObject> Read(string? mediaType, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var texts = mediaType == "text/event-stream"
            ? SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(body))).Enumerate().Select(e => e.Data)
            : [body];
        var messages = new List<JsonObject>();
        foreach (var text in texts)
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject message)
                {
                    messages.Add(message);
                }
            }
            catch (JsonException)
            {
            }
        }

        return messages;
    }

    /// <summary>The answer to request <paramref name="id"/> among the messages, or null.</summary>
    public static JsonObject? Answer(IEnumerable<JsonObject> messages, JsonNode? id) =>
        messages.FirstOrDefault(m => (m.ContainsKey("result") || m.ContainsKey("error")) && JsonNode.DeepEquals(m["id"], id));

    /// <summary>What a request came to: <c>result</c>, <c>isError 404</c> (a tool's failure and its operation's status), <c>error -32602</c>, or <c>HTTP 401</c> when no JSON-RPC answer came.</summary>
    public static string Outcome(JsonObject? answer, int httpStatus) => answer switch
    {
        { } a when a["error"] is JsonObject error => $"error {error["code"]}",
        { } a when a["result"] is JsonObject result && result["isError"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True =>
            result["_meta"]?[StatusMeta] is { } status ? $"isError {status}" : "isError",
        { } => "result",
        null => $"HTTP {httpStatus}",
    };

    /// <summary>The call a JSON-RPC request makes: its method, and for <c>tools/call</c> the tool (<c>tools/call get_gallery</c>).</summary>
    public static string Call(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request["method"]?.GetValue<string>() ?? "(no method)";
        return method == "tools/call" && request["params"]?["name"] is JsonValue name ? $"{method} {name}" : method;
    }
}
