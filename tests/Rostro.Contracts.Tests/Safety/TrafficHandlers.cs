using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rostro.Contracts.Tests.Checks;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>Bounds the request rate: requests start at least 1/rate seconds apart (a token bucket of one).</summary>
public sealed class RateLimitHandler(double? requestsPerSecond) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _interval = requestsPerSecond is { } rate ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.Zero;
    private long _next = Stopwatch.GetTimestamp();

    public double? RequestsPerSecond { get; } = requestsPerSecond;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_interval > TimeSpan.Zero)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                _next = Stopwatch.GetTimestamp() + (long)(_interval.TotalSeconds * Stopwatch.Frequency);
            }
            finally
            {
                _gate.Release();
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Retries what the target never acted on, and nothing else: a network failure of an idempotent request (or one refused before it was sent), and a 429 with <c>Retry-After</c>.</summary>
/// <remarks>A status the test asked for (<c>Prefer</c>, <c>X-Mock-*</c>) is the answer, never retried; nor is a 5xx: retrying must not turn a failure into a pass.</remarks>
public sealed class RetryHandler(int attempts = 3, TimeSpan? longestWait = null) : DelegatingHandler
{
    private static readonly HashSet<string> s_idempotent = new(StringComparer.OrdinalIgnoreCase) { "GET", "HEAD", "OPTIONS", "PUT", "DELETE" };
    private readonly TimeSpan _longestWait = longestWait ?? TimeSpan.FromSeconds(30);

    /// <summary>Retries made so far (the self-tests read it).</summary>
    public int Retries => Volatile.Read(ref _retries);

    private int _retries;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var asked = request.Headers.Contains("Prefer") || request.Headers.Any(h => h.Key.StartsWith("X-Mock-", StringComparison.OrdinalIgnoreCase));
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (attempt < attempts && !cancellationToken.IsCancellationRequested && (s_idempotent.Contains(request.Method.Method) || NeverSent(e)))
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
                continue;
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests || asked || attempt >= attempts || RetryAfter(response) is not { } wait || wait > _longestWait)
            {
                return response;
            }

            response.Dispose();
            Interlocked.Increment(ref _retries);
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static bool NeverSent(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable };

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };
}

/// <summary>A timeout on every call: the answer's headers must arrive within the configured time (stream reads have their own, the same length).</summary>
public sealed class TimeoutHandler(TimeSpan timeout, string basePath) : DelegatingHandler
{
    public TimeSpan Timeout { get; } = timeout;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            return await base.SendAsync(request, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var operation = SpecCatalog.Instance.Match(request.Method.Method, Targets.SpecPaths.Of(request.RequestUri!, basePath));
            throw new TimeoutException($"{request.Method} {request.RequestUri!.PathAndQuery}{(operation is null ? string.Empty : $" ({operation.OperationId})")} got no answer within {Timeout.TotalSeconds:0.###} s (ROSTRO_TIMEOUT_SECONDS).");
        }
    }
}
