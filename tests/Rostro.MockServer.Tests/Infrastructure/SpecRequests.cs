using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Infrastructure;

/// <summary>Builds a valid request for any spec operation from the spec's own examples (path, required query, body).</summary>
public static class SpecRequests
{
    /// <summary>Path values the sweep uses instead of the spec's example, where the example would address the caller itself or nothing.</summary>
    private static readonly Dictionary<(string OperationId, string Parameter), string> s_overrides = new()
    {
        [("followUser", "username")] = "User1",
        [("unfollowUser", "username")] = "User1",
    };

    public static HttpRequestMessage Build(SpecOperation operation, string token)
    {
        var path = operation.PathTemplate;
        var query = new List<string>();
        foreach (var parameter in operation.Parameters)
        {
            var value = s_overrides.GetValueOrDefault((operation.OperationId, parameter.Name)) ?? Example(parameter);
            if (parameter.Location == "path")
            {
                path = path.Replace($"{{{parameter.Name}}}", Uri.EscapeDataString(value ?? throw new InvalidOperationException($"{operation} has no example for path parameter {parameter.Name}.")), StringComparison.Ordinal);
            }
            else if (parameter.Location == "query" && parameter.Required)
            {
                var token2 = parameter.Examples.GetValueOrDefault("default") as JToken ?? throw new InvalidOperationException($"{operation} has no example for {parameter.Name}.");
                var values = token2 is JArray array ? array.Select(v => v.ToString()) : [token2.ToString()];
                query.AddRange(values.Select(v => $"{parameter.Name}={Uri.EscapeDataString(v)}"));
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path.TrimStart('/') + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (operation.RequestBody is { } body)
        {
            if (body.Content.TryGetValue("application/json", out var json))
            {
                var example = json.Examples.Values.OfType<JToken>().FirstOrDefault()?.ToString(Newtonsoft.Json.Formatting.None) ?? "{}";
                request.Content = new StringContent(example, Encoding.UTF8, "application/json");
            }
            else if (body.Content.ContainsKey("multipart/form-data"))
            {
                request.Content = new MultipartFormDataContent
                {
                    { new ByteArrayContent(Encoding.UTF8.GetBytes("Dragons sleep for a hundred years.")), "file", "lore.txt" },
                    { new StringContent("{}"), "metadata" },
                };
            }
        }

        return request;
    }

    private static string? Example(SpecParameter parameter) =>
        parameter.Examples.GetValueOrDefault("default") is JToken token ? token.ToString() : null;
}
