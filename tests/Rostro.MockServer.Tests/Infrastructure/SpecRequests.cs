using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
                var example = parameter.Examples.GetValueOrDefault("default") ?? throw new InvalidOperationException($"{operation} has no example for {parameter.Name}.");
                var values = example is JsonArray array ? array.Select(Text) : [Text(example)];
                query.AddRange(values.Select(v => $"{parameter.Name}={Uri.EscapeDataString(v)}"));
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path.TrimStart('/') + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (operation.RequestBody is { } body)
        {
            if (body.Content.TryGetValue("application/json", out var json))
            {
                var example = json.Examples.Values.FirstOrDefault()?.ToJsonString() ?? "{}";
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
        parameter.Examples.GetValueOrDefault("default") is { } example ? Text(example) : null;

    // A parameter value as it travels in a URL: strings without their JSON quotes.
    private static string Text(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
}
