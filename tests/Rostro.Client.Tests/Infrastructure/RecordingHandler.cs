using System.Net;
using System.Text;
using System.Text.Json;

namespace Rostro.Client.Tests.Infrastructure;

/// <summary>Records every request as it would go on the wire and answers with a canned response.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    public RecordedRequest Single => _requests.Should().ContainSingle().Subject;

    /// <summary>The answer to the next requests; a JSON <c>{}</c> 200 unless set.</summary>
    public Func<HttpResponseMessage> Respond { get; set; } = () => Json(HttpStatusCode.OK, "{}");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var parts = new List<RecordedPart>();
        if (request.Content is MultipartContent multipart)
        {
            foreach (var part in multipart)
            {
                parts.Add(new RecordedPart(
                    part.Headers.ContentDisposition?.Name?.Trim('"'),
                    part.Headers.ContentDisposition?.FileName?.Trim('"'),
                    part.Headers.ContentType?.ToString(),
                    await part.ReadAsByteArrayAsync(cancellationToken)));
            }
        }

        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        _requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body, parts));
        return Respond();
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage EventStream(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}

public sealed record RecordedRequest(
    string Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    IReadOnlyList<RecordedPart> Parts)
{
    public string Path => Uri.AbsolutePath;

    public string Query => Uri.Query;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body ?? throw new InvalidOperationException("The request had no body.")).RootElement;
}

public sealed record RecordedPart(string? Name, string? FileName, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
