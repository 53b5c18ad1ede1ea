using System.Text;
using Rostro.Spec;

namespace Rostro.MockServer.Docs;

/// <summary>Serves <c>/openapi.yaml</c>: the spec exactly as written, with the mock's own URL added as the first server so "Try it out" calls the mock.</summary>
internal sealed class SpecDocument(RostroSpec spec)
{
    private const string ServersLine = "\nservers:\n";

    public async Task InvokeAsync(HttpContext http)
    {
        var self = $"{http.Request.Scheme}://{http.Request.Host.Value}";
        var bytes = Encoding.UTF8.GetBytes(WithServer(spec.Yaml, self));
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/yaml; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    /// <summary>The YAML with <paramref name="url"/> inserted as the first entry of the top-level <c>servers</c> list.</summary>
    internal static string WithServer(string yaml, string url)
    {
        var at = yaml.IndexOf(ServersLine, StringComparison.Ordinal);
        if (at < 0)
        {
            return yaml;
        }

        var insertAt = at + ServersLine.Length;
        // The URL is quoted so a host header cannot break out of the YAML scalar.
        var entry = $"  - url: '{url.Replace("'", "''", StringComparison.Ordinal)}'\n    description: This mock server (Rostro.MockServer).\n";
        return yaml.Insert(insertAt, entry);
    }
}
