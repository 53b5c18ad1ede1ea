using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>An answer as the broken server passes it on.</summary>
/// <param name="Method">The request's method.</param>
/// <param name="Path">The request's path.</param>
/// <param name="Status">The answer's status (0 before it is answered).</param>
/// <param name="ContentType">The answer's content type.</param>
/// <param name="Body">The answer's body.</param>
/// <param name="Query">The request's query string (<c>?nsfw=false</c>), empty when it has none.</param>
public sealed record BrokenAnswer(string Method, string Path, int Status, string? ContentType, string Body, string Query = "");

/// <summary>A deliberately broken API: a reverse proxy on a real loopback port in front of a mock, corrupting requests or answers as a self-test asks.</summary>
/// <remarks>Answers are buffered whole (event streams included) so a corruption sees the complete body; with the mock's fast streaming that costs nothing.</remarks>
public sealed class BrokenApi : IAsyncDisposable
{
    private static readonly HashSet<string> s_hopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive", "Content-Length", "Content-Type", "Host" };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private BrokenApi(WebApplication app, HttpClient upstream, Uri baseAddress)
    {
        _app = app;
        _upstream = upstream;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Changes each answer (null: passed on as it is).</summary>
    public Func<BrokenAnswer, BrokenAnswer>? Answers { get; set; }

    /// <summary>Answers a request itself, without passing it on, when it returns an answer (a delete that deletes nothing).</summary>
    public Func<BrokenAnswer, BrokenAnswer?>? Instead { get; set; }

    /// <summary>When true, answers go on without the mock's <c>X-Rostro-Mock</c> header: the server no longer declares itself a mock.</summary>
    public bool HideMockIdentity { get; set; }

    /// <summary>Changes each request before it goes on (null: as it is).</summary>
    public Action<HttpRequestMessage>? Requests { get; set; }

    public static async Task<BrokenApi> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var http = new HttpClient { BaseAddress = upstream };
        BrokenApi? self = null;
        app.Run(context => self!.ForwardAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new BrokenApi(app, http, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        if (Instead?.Invoke(new BrokenAnswer(incoming.Method, incoming.Path.Value!, 0, null, string.Empty, incoming.QueryString.Value ?? string.Empty)) is { } own)
        {
            context.Response.StatusCode = own.Status;
            context.Response.ContentType = own.ContentType;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(own.Body), context.RequestAborted);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), incoming.Path.Value!.TrimStart('/') + incoming.QueryString.Value);
        if (incoming.ContentLength > 0 || incoming.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var buffer = new MemoryStream();
            await incoming.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Content = new ByteArrayContent(buffer.ToArray());
            if (incoming.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        foreach (var (name, values) in incoming.Headers.Where(h => !s_hopHeaders.Contains(h.Key)))
        {
            request.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        Requests?.Invoke(request);
        using var response = await _upstream.SendAsync(request, context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
        var answer = new BrokenAnswer(incoming.Method, incoming.Path.Value!, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, incoming.QueryString.Value ?? string.Empty);
        answer = Answers?.Invoke(answer) ?? answer;

        context.Response.StatusCode = answer.Status;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !s_hopHeaders.Contains(h.Key) && !(HideMockIdentity && h.Key == MockServer.MockIdentity.Header)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        if (answer.ContentType is not null)
        {
            context.Response.ContentType = answer.ContentType;
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.Body), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
