using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>Sends requests as one caller through the target's pipeline (safety, rate, retries, timeout, coverage) and returns exchanges.</summary>
public sealed class ContractClient(ContractTarget target, Caller caller)
{
    public Caller Caller { get; } = caller;

    public ContractTarget Target { get; } = target;

    /// <summary>A path of the spec (<c>/api/gallery</c>) as the target's path and query (the base URL may have a path of its own).</summary>
    public string PathAndQuery(string path) => new Uri(Target.BaseAddress, path.TrimStart('/')).PathAndQuery;

    public Task<Exchange> GetAsync(string path, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, configure, cancellationToken);

    public Task<Exchange> PostAsync(string path, JsonNode? body = null, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, body?.ToJsonString(), configure, cancellationToken);

    public Task<Exchange> PutAsync(string path, JsonNode? body = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, path, body?.ToJsonString(), null, cancellationToken);

    public Task<Exchange> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, path, null, null, cancellationToken);

    /// <summary>Sends a request with an optional JSON body text.</summary>
    public Task<Exchange> SendAsync(HttpMethod method, string path, string? jsonBody = null, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var request = NewRequest(method, path);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return SendAsync(request, cancellationToken);
    }

    /// <summary>A request to a spec path, with this caller's credential.</summary>
    public HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Target.BaseAddress, path.TrimStart('/')));
        Caller.Apply(request);
        return request;
    }

    /// <summary>Sends and reads the whole answer.</summary>
    public async Task<Exchange> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using (request)
        {
            var token = Token(cancellationToken);
            var requestBody = await RequestTextAsync(request, token);
            var started = Stopwatch.GetTimestamp();
            using var response = await Target.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            var elapsed = RecordingHandler.Since(request, started);
            var body = await response.Content.ReadAsStringAsync(token);
            var exchange = new Exchange(Target.Evidence, Target.OperationOf(request), request, requestBody, response, body, elapsed);
            Target.Remember(exchange);
            return exchange;
        }
    }

    /// <summary>Sends and returns as soon as the headers arrive (streams); the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await Target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token(cancellationToken));
    }

    /// <summary>An exchange for an answer whose body the caller already read (a stream).</summary>
    public Exchange Describe(HttpRequestMessage request, HttpResponseMessage response, string body, TimeSpan elapsed)
    {
        var exchange = new Exchange(Target.Evidence, Target.OperationOf(request), request, null, response, body, elapsed);
        Target.Remember(exchange);
        return exchange;
    }

    private static CancellationToken Token(CancellationToken given) => given.CanBeCanceled ? given : TestContext.Current.CancellationToken;

    private static async Task<string?> RequestTextAsync(HttpRequestMessage request, CancellationToken token)
    {
        if (request.Content is null)
        {
            return null;
        }

        // Buffered so it can be shown as evidence and sent (and retried) from the same bytes.
        await request.Content.LoadIntoBufferAsync(token);
        return await RequestBodies.DescribeAsync(request.Content, token);
    }
}
