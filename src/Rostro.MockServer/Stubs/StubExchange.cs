using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Rostro.MockServer.Stubs;

/// <summary>One request handed to WireMock.Net's middleware in-process: a copy of the caller's request, and a response that reaches the caller only when a stub matched.</summary>
/// <remarks>
/// WireMock.Net's middleware answers every request it is given, with its own 404 when no stub matches; it logs the match
/// (<see cref="Matched"/>) before it writes anything. So the response it writes goes through a gate: status and headers
/// are held until the first body write (or the end), then copied to the caller's response if a stub matched, and
/// dropped, with the body, if none did; the caller's response is then untouched and the spec-driven pipeline answers.
/// </remarks>
internal sealed class StubExchange
{
    // Those the caller's server sets itself (and hop-by-hop ones, RFC 9110 §7.6.1): not copied from WireMock.Net's answer.
    private static readonly HashSet<string> s_notCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.Trailer, HeaderNames.Upgrade,
        HeaderNames.Server, HeaderNames.Date,
    };

    private readonly HttpContext _caller;
    private readonly HttpResponseFeature _response = new();
    private bool _logged;
    private bool _started;

    public StubExchange(HttpContext caller) => _caller = caller;

    /// <summary>The stub that matched, once WireMock.Net logged it; null before, or when none did.</summary>
    public StubMatch? Match { get; private set; }

    /// <summary>Called (through <see cref="StubLogger"/>) with what WireMock.Net matched, before it writes its answer.</summary>
    public void Matched(StubMatch? match)
    {
        if (!_logged)
        {
            _logged = true;
            Match = match;
        }
    }

    /// <summary>The request as WireMock.Net's middleware reads it: the caller's method, path, query, headers and body.</summary>
    /// <param name="body">The body, already read by the pipeline, or null.</param>
    /// <param name="services">WireMock.Net's application services (its middleware resolves from them).</param>
    public HttpContext Context(byte[]? body, IServiceProvider services)
    {
        var request = _caller.Request;
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = request.Protocol,
            Scheme = Uri.UriSchemeHttp,
            Method = request.Method,
            PathBase = string.Empty,
            Path = (request.PathBase + request.Path).Value ?? "/",
            QueryString = request.QueryString.Value ?? string.Empty,
            RawTarget = (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent(),
            Headers = request.Headers,
            Body = body is null ? Stream.Null : new MemoryStream(body, writable: false),
        });
        features.Set<IHttpResponseFeature>(_response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new GateStream(this)));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            RemoteIpAddress = _caller.Connection.RemoteIpAddress,
            RemotePort = _caller.Connection.RemotePort,
            LocalIpAddress = _caller.Connection.LocalIpAddress,
            LocalPort = _caller.Connection.LocalPort,
        });
        features.Set<IHttpRequestLifetimeFeature>(new Lifetime(this));
        features.Set<IHttpResponseTrailersFeature>(new CallerTrailers(this));
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = services });
        features.Set<IItemsFeature>(new ItemsFeature());
        return new DefaultHttpContext(features);
    }

    /// <summary>After WireMock.Net's middleware returned: a matched answer without a body still gets its status and headers.</summary>
    public Task CompleteAsync() => StartAsync();

    private async Task StartAsync()
    {
        if (_started || Match is null)
        {
            return;
        }

        _started = true;
        var response = _caller.Response;
        response.StatusCode = _response.StatusCode;
        foreach (var (name, values) in _response.Headers)
        {
            if (!s_notCopied.Contains(name))
            {
                response.Headers[name] = values;
            }
        }

        await response.StartAsync(_caller.RequestAborted);
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (Match is null)
        {
            return;
        }

        await StartAsync();
        await _caller.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    // Breaking the connection off (WireMock.Net 2.21.0's faults do not; a future one might): only the caller's, and only for a stub's answer.
    private void Abort()
    {
        if (Match is not null)
        {
            _caller.Abort();
        }
    }

    // A stub's trailing headers (WireMock.Net writes them after the body, when the match is known): the caller's, where it has them.
    private sealed class CallerTrailers(StubExchange exchange) : IHttpResponseTrailersFeature
    {
        private readonly HeaderDictionary _dropped = [];

        public IHeaderDictionary Trailers
        {
            get => exchange.Match is not null && exchange._caller.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers ? trailers : _dropped;
            set { }
        }
    }

    private sealed class Lifetime(StubExchange exchange) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted
        {
            get => exchange._caller.RequestAborted;
            set { }
        }

        public void Abort() => exchange.Abort();
    }

    // The body WireMock.Net writes: to the caller when a stub matched, nowhere when none did.
    private sealed class GateStream(StubExchange exchange) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            exchange.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            exchange.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            exchange.Match is null ? Task.CompletedTask : FlushCallerAsync(cancellationToken);

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private async Task FlushCallerAsync(CancellationToken cancellationToken)
        {
            await exchange.StartAsync();
            await exchange._caller.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
