using WireMock.Server;

namespace Rostro.WireMock.Tests.Infrastructure;

/// <summary>A WireMock.Net server in this process.</summary>
public sealed class WireMockNetStubServer(string name, WireMockServer server) : IStubServer, IDisposable
{
    public string Name { get; } = name;

    public WireMockServer Server { get; } = server;

    public HttpClient Http { get; } = new() { BaseAddress = new Uri(server.Url! + "/") };

    public async Task<string?> AnsweringStubAsync(string tag)
    {
        // WireMock.Net journals a request after its answer is written: give it a moment.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var entry = Server.LogEntries.LastOrDefault(e =>
                e.RequestMessage?.Headers?.TryGetValue(StubExchange.TagHeader, out var values) == true && values.Contains(tag));
            if (entry is not null)
            {
                // Keeps the journal short: the sweeps send thousands of requests and each lookup scans it.
                Server.DeleteLogEntry(entry.Guid);
                return entry.MappingTitle;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{Name} journaled no request tagged {tag}.");
    }

    public void Dispose()
    {
        Http.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
