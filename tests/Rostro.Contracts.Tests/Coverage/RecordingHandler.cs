using Rostro.Contracts.Tests.Checks;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>The last handler before the socket: every answer the target gives the suite is counted for coverage, and every request is stamped with the moment it goes out.</summary>
/// <remarks>Latency, TTFT and "answered in" start from <see cref="SentAt"/>: after the rate limiter's wait and any retry's back-off, so a queue of the suite's own never reads as a slow API.</remarks>
public sealed class RecordingHandler(CoverageRecorder coverage, string basePath) : DelegatingHandler
{
    /// <summary>When the request (its last attempt) left for the socket: a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public static readonly HttpRequestOptionsKey<long> SentAt = new("rostro-contracts.sent-at");

    /// <summary>The time since a request went out, or since <paramref name="fallback"/> when it never did.</summary>
    public static TimeSpan Since(HttpRequestMessage request, long fallback)
    {
        ArgumentNullException.ThrowIfNull(request);
        return System.Diagnostics.Stopwatch.GetElapsedTime(request.Options.TryGetValue(SentAt, out var sent) ? sent : fallback);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(SentAt, System.Diagnostics.Stopwatch.GetTimestamp());
        var response = await base.SendAsync(request, cancellationToken);
        var path = Targets.SpecPaths.Of(request.RequestUri!, basePath);
        if (!path.StartsWith("/__admin", StringComparison.Ordinal))
        {
            var catalog = SpecCatalog.Instance;
            coverage.Observed(catalog.Match(request.Method.Method, path), request.Method.Method, catalog.MatchTemplate(path) ?? "(unknown route)", (int)response.StatusCode);
        }

        return response;
    }
}
