using System.Net.Http.Headers;

namespace Rostro.WireMock.Tests.Infrastructure;

/// <summary>A running WireMock (WireMock.Net in-process, or Java WireMock in a child process) loaded with the generated stubs.</summary>
public interface IStubServer
{
    /// <summary>What it is, for failure messages.</summary>
    string Name { get; }

    /// <summary>A client whose base address is the server.</summary>
    HttpClient Http { get; }

    /// <summary>The title (name) of the stub that answered the request tagged <paramref name="tag"/>, from the server's own request journal; null when no stub matched.</summary>
    Task<string?> AnsweringStubAsync(string tag);
}

/// <summary>One answer, read whole, with the stub that gave it.</summary>
public sealed record StubAnswer(int Status, string? MediaType, HttpResponseHeaders Headers, string Body, string? Stub);

/// <summary>Sends requests tagged so that the server's journal can say which stub answered each.</summary>
public static class StubExchange
{
    /// <summary>The header that tags a request.</summary>
    public const string TagHeader = "X-Test-Request";

    public static async Task<StubAnswer> SendAsync(this IStubServer server, HttpRequestMessage request)
    {
        var tag = Guid.NewGuid().ToString("N");
        request.Headers.Add(TagHeader, tag);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var stub = await server.AnsweringStubAsync(tag);
        return new StubAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, body, stub);
    }
}
