using Rostro.Contracts.Tests.Checks;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>The last handler before the socket: every answer the target gives the suite is counted for coverage.</summary>
public sealed class RecordingHandler(CoverageRecorder coverage, string basePath) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        path = basePath.Length > 1 && path.StartsWith(basePath, StringComparison.Ordinal) ? "/" + path[basePath.Length..] : path;
        if (!path.StartsWith("/__admin", StringComparison.Ordinal))
        {
            var catalog = SpecCatalog.Instance;
            coverage.Observed(catalog.Match(request.Method.Method, path), request.Method.Method, catalog.MatchTemplate(path) ?? "(unknown route)", (int)response.StatusCode);
        }

        return response;
    }
}
