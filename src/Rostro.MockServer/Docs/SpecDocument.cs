using System.Text;
using System.Text.RegularExpressions;
using Rostro.Spec;

namespace Rostro.MockServer.Docs;

/// <summary>Serves <c>/openapi.yaml</c>: the spec exactly as written, with the mock's own URL added as the first server so "Try it out" calls the mock.</summary>
internal sealed class SpecDocument(RostroSpec spec)
{
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
    /// <remarks>Whatever the line endings (a CRLF checkout must not send "Try it out" to production): the entry is written with the document's own.</remarks>
    internal static string WithServer(string yaml, string url)
    {
        var servers = s_serversKey.Match(yaml);
        if (!servers.Success)
        {
            return yaml;
        }

        var newline = servers.Groups["newline"].Value;

        // The URL is quoted so a host header cannot break out of the YAML scalar (in the description too).
        var quoted = url.Replace("'", "''", StringComparison.Ordinal);
        var entry = $"  - url: '{quoted}'{newline}    description: 'This mock server (Rostro.MockServer). Its MCP server is {quoted}{McpPath}: the operations marked x-rostro-mcp, as tools.'{newline}";
        return yaml.Insert(servers.Index + servers.Length, entry);
    }

    private const string McpPath = Mcp.McpEndpoint.Path;

    private static readonly Regex s_serversKey = new(@"^servers:[ \t]*(?<newline>\r?\n)", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
