using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.MockServer.Settings;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Mimic;

/// <summary>One mock server for the mimic tests: no latency unless a test asks for it by header, every JSON answer audited against the spec.</summary>
public sealed class MimicServerFixture : IAsyncLifetime
{
    public const string Token = "mimic-test-token";

    private RostroMock? _server;

    public RostroMock Server => _server ?? throw new InvalidOperationException("Not started.");

    public HttpClient Http { get; private set; } = null!;

    public RostroSpec Spec { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // A response disposed before its end closes the connection, as a browser tab does, instead of draining it for reuse.
        Spec = await RostroSpec.LoadEmbeddedAsync();
        _server = await RostroMock.StartAsync(new MockServerOptions
        {
            AuditResponses = true,
            Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0, JitterMs = 0 },
        });
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = _server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        // Warm-up (JIT, connection pool), so the first test's timing is not the runtime's.
        for (var i = 0; i < 3; i++)
        {
            using var warm = await PostAsync("/v1/chat/completions", ChatBody(extra: "\"stream\":true,\"n\":2"));
            await ReadEventsAsync(warm);
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>POSTs JSON with optional <c>X-Mock-*</c>/<c>Prefer</c> headers; the response is returned as soon as its headers arrive.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads a whole event stream with <see cref="SseParser"/>, stamping each event with its arrival time.</summary>
    public static async Task<List<TimedEvent>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<TimedEvent>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            events.Add(new TimedEvent(item.EventType, item.Data, Stopwatch.GetTimestamp()));
        }

        return events;
    }

    /// <summary>Every violation of the named component schema by this JSON text.</summary>
    public IReadOnlyList<SchemaViolation> Violations(string json, string component) => SchemaValidator.Validate(json, Spec.Schema(component));

    public static string ChatBody(string content = "Tell me about dragons.", string? extra = null, string model = "mythomax") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":{{System.Text.Json.JsonSerializer.Serialize(content)}}}]{{(extra is null ? string.Empty : "," + extra)}}}""";

    public static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}

/// <summary>One server-sent event and when the client received it (<see cref="Stopwatch"/> ticks).</summary>
public sealed record TimedEvent(string EventType, string Data, long ReceivedAt)
{
    public bool IsDone => Data == "[DONE]";

    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();
}

[CollectionDefinition(Name)]
public sealed class MimicCollection : ICollectionFixture<MimicServerFixture>
{
    public const string Name = "Mimic";
}
