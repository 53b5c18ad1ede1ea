using Rostro.MockServer;
using Rostro.MockServer.Settings;

namespace Rostro.Load.Tests.Infrastructure;

/// <summary>One in-process mock for the end-to-end tests, told TTFT 100 ms, 10 ms between tokens and exactly 20 tokens; scenarios that want other timing or faults say so per request with <c>X-Mock-*</c> headers.</summary>
public sealed class LoadMockFixture : IAsyncLifetime
{
    public const int TtftMs = 100;
    public const int InterTokenMs = 10;
    public const int OutputTokens = 20;

    private Rostro.MockServer.RostroMock? _mock;

    public Rostro.MockServer.RostroMock Mock => _mock ?? throw new InvalidOperationException("Not started.");

    public Uri Target => Mock.BaseAddress;

    public async Task InitializeAsync() =>
        _mock = await Rostro.MockServer.RostroMock.StartAsync(new MockServerOptions
        {
            Settings = new MockSettings { TtftMs = TtftMs, InterTokenMs = InterTokenMs, OutputTokens = OutputTokens },
        });

    public async Task DisposeAsync()
    {
        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }

    /// <summary>A scenario file's text: streamed chat at <paramref name="rate"/>/s for <paramref name="duration"/>, with extra fields.</summary>
    public static string Scenario(string name, double rate = 10, string duration = "1s", string headers = "{}", string extra = "", string thresholds = "[]") => $$"""
        {
          "name": "{{name}}",
          "route": "/v1/chat/completions",
          "model": "mythomax",
          "max_tokens": 64,
          "headers": {{headers}},
          "load": { "type": "constant", "rate": {{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },
          "duration": "{{duration}}",
          {{extra}}
          "thresholds": {{thresholds}}
        }
        """;

    /// <summary>Fast streams (no waiting in the mock), for tests about counts rather than timing.</summary>
    public const string Fast = """{ "X-Mock-Ttft-Ms": "0", "X-Mock-Inter-Token-Ms": "0", "X-Mock-Output-Tokens": "5" }""";
}

[CollectionDefinition(Name)]
public sealed class LoadMockCollection : ICollectionFixture<LoadMockFixture>
{
    public const string Name = "Load runs against the mock";
}
