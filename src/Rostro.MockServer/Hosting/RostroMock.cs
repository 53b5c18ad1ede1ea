using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Pipeline;
using Rostro.MockServer.Responses;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;

namespace Rostro.MockServer;

/// <summary>A running mock server on a real loopback port, for tests (WireMock.Net's <c>Start()</c> / <c>server.Url</c> shape).</summary>
/// <example>
/// <code>
/// await using var mock = await Rostro.MockServer.RostroMock.StartAsync();
/// using var client = new HttpClient { BaseAddress = mock.BaseAddress };
/// </code>
/// </example>
public sealed class RostroMock : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RostroMock(WebApplication app, string url)
    {
        _app = app;
        Url = url;
        BaseAddress = new Uri(url + "/");
        Settings = app.Services.GetRequiredService<MockSettingsStore>();
        Worlds = app.Services.GetRequiredService<WorldStore>();
        Journal = app.Services.GetRequiredService<RequestJournal>();
        Audit = app.Services.GetRequiredService<ResponseAudit>();
        Health = app.Services.GetRequiredService<ServerHealth>();
        Options = app.Services.GetRequiredService<MockServerOptions>();
        Stubs = app.Services.GetRequiredService<Stubs.UserStubs>();
        McpSessions = app.Services.GetRequiredService<Mcp.McpSessions>();
    }

    /// <summary>The server's URL without a trailing slash, e.g. <c>http://127.0.0.1:53124</c>.</summary>
    public string Url { get; }

    /// <summary>The URL with a trailing slash, ready for <see cref="HttpClient.BaseAddress"/>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The live settings (<c>Settings.Replace(...)</c> is what <c>PUT /__admin/settings</c> does).</summary>
    internal MockSettingsStore Settings { get; }

    /// <summary>The worlds, one per credential.</summary>
    internal WorldStore Worlds { get; }

    /// <summary>The request journal.</summary>
    internal RequestJournal Journal { get; }

    /// <summary>Response-vs-spec mismatches (only with <see cref="MockServerOptions.AuditResponses"/>).</summary>
    internal ResponseAudit Audit { get; }

    /// <summary>Counts of requests that reached the exception handler (should stay 0).</summary>
    internal ServerHealth Health { get; }

    /// <summary>Your own WireMock stubs (added with <c>POST /__admin/mappings</c> or <see cref="MockServerOptions.StubMappingsDirectory"/>).</summary>
    internal Stubs.UserStubs Stubs { get; }

    /// <summary>The MCP sessions of <c>/mcp</c> (ended by a reset).</summary>
    internal Mcp.McpSessions McpSessions { get; }

    /// <summary>The completions' load model (capacity, queue, quotas, prefix cache).</summary>
    internal Mimic.Load.LoadModel Load => _app.Services.GetRequiredService<Mimic.Load.LoadModel>();

    /// <summary>The MCP endpoint's URL, e.g. <c>http://127.0.0.1:53124/mcp</c>.</summary>
    public Uri McpUrl => new(Url + Mcp.McpEndpoint.Path);

    /// <summary>The options it was started with.</summary>
    public MockServerOptions Options { get; }

    /// <summary>Starts a mock; with default options on a free loopback port.</summary>
    public static async Task<RostroMock> StartAsync(MockServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var app = await MockServerApp.BuildAsync(options ?? new MockServerOptions());
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var url = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new RostroMock(app, url.TrimEnd('/'));
    }

    /// <summary>Every world back to its fixtures, the journal and the audit cleared, MCP sessions ended (settings are kept).</summary>
    public Task ResetAsync()
    {
        Worlds.ResetAll();
        McpSessions.Clear();
        Journal.Clear();
        Audit.Clear();
        _app.Services.GetRequiredService<Mimic.Load.LoadModel>().Reset();
        return Task.CompletedTask;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
