using System.Text.Json.Nodes;

namespace Rostro.Load;

/// <summary>One request a step sends: method, path under the target, an optional JSON body, extra headers.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path relative to the target (no leading slash needed), e.g. <c>v1/chat/completions</c>.</param>
/// <param name="Body">The JSON body, UTF-8; null for none.</param>
/// <param name="Stream">Whether the answer is a server-sent event stream (the body asked for <c>stream: true</c>).</param>
/// <param name="IsCompletion">Whether the answer is a completion whose content and usage are read (false: the body is only drained).</param>
public sealed record CompletionRequest(HttpMethod Method, string Path, ReadOnlyMemory<byte>? Body, bool Stream, bool IsCompletion = true)
{
    /// <summary>Extra request headers (the scenario's; credentials never travel here).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A POST of a JSON body; <see cref="Stream"/> is read from the body's <c>stream</c>.</summary>
    public static CompletionRequest Post(string path, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var stream = body["stream"] is JsonValue value && value.TryGetValue<bool>(out var s) && s;
        return new CompletionRequest(HttpMethod.Post, path, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), stream);
    }
}

/// <summary>What a step gets back from a request.</summary>
/// <param name="Ok">Whether it succeeded.</param>
/// <param name="Failure">Why not, when it did not.</param>
/// <param name="StatusCode">The HTTP status, when a response came.</param>
/// <param name="Text">The answer's content, when the step asked to capture it.</param>
/// <param name="OutputTokens">Output tokens (the server's count, else one per content event).</param>
public sealed record CompletionResult(bool Ok, FailureKind? Failure, int? StatusCode, string? Text, int OutputTokens);
