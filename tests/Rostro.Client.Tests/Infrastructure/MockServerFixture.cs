using Rostro.MockServer;

namespace Rostro.Client.Tests.Infrastructure;

/// <summary>The real mock server, in-process on a free loopback port, shared by the tests that talk to it.</summary>
public sealed class MockServerFixture : IAsyncLifetime
{
    private MockServer.RostroMock? _mock;

    public MockServer.RostroMock Mock => _mock ?? throw new InvalidOperationException("The mock has not started.");

    public async Task InitializeAsync() =>
        _mock = await MockServer.RostroMock.StartAsync(new MockServerOptions { AuditResponses = true });

    public async Task DisposeAsync()
    {
        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }

    /// <summary>A generated client over a real socket to the mock, sending <paramref name="headers"/> on every request (the mock's per-request settings).</summary>
    public T Client<T>(params (string Name, string Value)[] headers)
        where T : class
    {
        var options = new RostroClientOptions { BaseUrl = Mock.BaseAddress, CredentialKind = RostroCredentialKind.Bearer, Credential = "client-tests" };
        var http = options.CreateHttpClient();
        foreach (var (name, value) in headers)
        {
            http.DefaultRequestHeaders.Add(name, value);
        }

        return (T)Activator.CreateInstance(typeof(T), http)!;
    }
}

[CollectionDefinition(Name)]
public sealed class MockServerCollection : ICollectionFixture<MockServerFixture>
{
    public const string Name = "mock server";
}
