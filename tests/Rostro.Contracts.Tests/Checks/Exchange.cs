using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Evidence;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>One request and its answer, as the checks read it and as evidence shows it.</summary>
public sealed class Exchange
{
    private readonly Lazy<JsonNode?> _json;

    internal Exchange(EvidenceWriter evidence, SpecOperation? operation, HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string body, TimeSpan elapsed)
    {
        Evidence = evidence;
        Operation = operation;
        Method = request.Method.Method;
        Url = request.RequestUri!;
        RequestHeaders = Flatten(request.Headers, request.Content?.Headers);
        RequestBody = requestBody;
        Status = (int)response.StatusCode;
        MediaType = response.Content.Headers.ContentType?.MediaType;
        ResponseHeaders = Flatten(response.Headers, response.Content.Headers);
        Body = body;
        Elapsed = elapsed;
        Created = request.Options.TryGetValue(Safety.CleanupHandler.Created, out var created) ? created : null;
        _json = new(() =>
        {
            try
            {
                return Body.Length == 0 ? null : JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        });
    }

    internal EvidenceWriter Evidence { get; }

    /// <summary>The spec operation the request addressed (null for an undeclared method or route).</summary>
    public SpecOperation? Operation { get; }

    public string Method { get; }

    public Uri Url { get; }

    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; }

    public string? RequestBody { get; }

    public int Status { get; }

    /// <summary>The answer's media type without parameters (<c>application/json</c>), or null.</summary>
    public string? MediaType { get; }

    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; }

    public string Body { get; }

    /// <summary>From the request leaving the rate limiter to the whole answer.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>What the request created, as the pipeline registered it for removal (null when it created nothing, or nothing removable).</summary>
    public Safety.TrackedResource? Created { get; }

    /// <summary>The body as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? Json => _json.Value;

    /// <summary>How the exchange is named in messages: <c>getGallery (GET /api/gallery)</c>.</summary>
    public string Name => Operation is null ? $"{Method} {Url.AbsolutePath}" : $"{Operation.OperationId} ({Operation.Method} {Operation.PathTemplate})";

    public string? Header(string name) =>
        ResponseHeaders.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    private static List<KeyValuePair<string, string>> Flatten(HttpHeaders headers, HttpHeaders? content) =>
        headers.Concat(content ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)))
            .ToList();
}
