using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Rostro.MockServer.Tests.Infrastructure;

/// <summary>One real mock server on a loopback port for every test of the <see cref="MockServerCollection"/>, with response auditing on.</summary>
/// <remarks>
/// Every request sent through <see cref="SendAsync"/> is followed by two checks, so every test also proves that its
/// answers match the spec and that nothing reached the exception handler. Tests isolate themselves by credential:
/// <see cref="NewToken"/> is a fresh world.
/// </remarks>
public sealed class MockServerFixture : IAsyncLifetime
{
    private int _tokens;

    /// <summary>What a new credential's world holds before any request: what a test adds comes on top of it.</summary>
    internal static Rostro.MockServer.State.World FreshWorld => new("probe", 42, new Rostro.MockServer.State.WorldLimits());

    public RostroMock Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // No simulated streaming latency: these tests are about shapes and state (the mimic's timing has its own tests).
        Server = await RostroMock.StartAsync(new MockServerOptions
        {
            AuditResponses = true,
            Settings = new Rostro.MockServer.Settings.MockSettings { TtftMs = 0, InterTokenMs = 0 },
        });
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A credential no other test uses: its own world, with fresh fixtures.</summary>
    public string NewToken() => $"test-token-{Interlocked.Increment(ref _tokens)}-{Guid.NewGuid():N}";

    /// <summary>Sends a request (JSON body when given) and checks the audit afterwards.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        var response = await Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        AssertHealthy();
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, path, token, null, configure);

    public Task<HttpResponseMessage> PostAsync(string path, string? token = null, string? json = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, path, token, json, configure);

    public Task<HttpResponseMessage> PutAsync(string path, string? token = null, string? json = null) => SendAsync(HttpMethod.Put, path, token, json);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? token = null) => SendAsync(HttpMethod.Delete, path, token);

    /// <summary>No response so far broke the spec, and no request reached the exception handler.</summary>
    public void AssertHealthy()
    {
        Server.Audit.Violations.Should().BeEmpty("every answer of the mock must match the spec");
        Server.Health.UnhandledExceptions.Should().Be(0, "no request may reach the exception handler");
    }
}

[CollectionDefinition(Name)]
public sealed class MockServerCollection : ICollectionFixture<MockServerFixture>
{
    public const string Name = "Mock server";
}

/// <summary>Reading answers.</summary>
public static class ResponseReading
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The body is JSON null.");
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonNode> ShouldBeAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, "the body was {0}", text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The <c>loc</c> of each 422 detail as "a/b/0" strings, and their types.</summary>
    public static IReadOnlyList<(string Loc, string Type)> Details(this JsonNode body) =>
        body["detail"]!.AsArray().Select(d => (string.Join('/', d!["loc"]!.AsArray().Select(s => s!.ToString())), d["type"]!.GetValue<string>())).ToList();
}
