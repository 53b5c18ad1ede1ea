using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Spec;

namespace Rostro.WireMock.Tests.Infrastructure;

/// <summary>Requests for spec operations, from the spec's own examples: the path with its parameters' examples, the request body's example.</summary>
public static class StubRequests
{
    /// <summary>A bearer token (the stubs accept any credential).</summary>
    public static readonly (string Header, string Value) Bearer = ("Authorization", "Bearer test-token");

    /// <summary>Each of the spec's three credential headers with a value.</summary>
    public static readonly IReadOnlyList<(string Header, string Value)> Credentials =
    [
        Bearer,
        ("CH-API-KEY", "test-api-key"),
        ("samwise", "test-samwise"),
    ];

    /// <summary>A <c>Prefer</c> header.</summary>
    public static (string Header, string Value) Prefer(string value) => ("Prefer", value);

    /// <summary>A request for the operation's example path with these headers; its example body, with <c>"stream"</c> set when <paramref name="stream"/> is given.</summary>
    public static HttpRequestMessage Build(SpecOperation operation, IEnumerable<(string Header, string Value)> headers, bool? stream = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), ExamplePath(operation).TrimStart('/'));
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (operation.RequestBody is { } body)
        {
            if (body.Content.TryGetValue("application/json", out var json))
            {
                var example = json.Examples.Values.FirstOrDefault()?.DeepClone() as JsonObject ?? [];
                if (stream is { } streamed)
                {
                    example["stream"] = streamed;
                }

                request.Content = new StringContent(example.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else if (body.Content.ContainsKey("multipart/form-data"))
            {
                request.Content = new MultipartFormDataContent { { new StringContent("Dragons sleep for a hundred years."), "file", "lore.txt" } };
            }
        }

        return request;
    }

    /// <summary>The operation's path with every parameter replaced by its example.</summary>
    public static string ExamplePath(SpecOperation operation)
    {
        var path = operation.PathTemplate;
        foreach (var parameter in operation.Parameters.Where(p => p.Location == "path"))
        {
            var example = parameter.Examples.GetValueOrDefault("default") ?? throw new InvalidOperationException($"{operation} has no example for path parameter {parameter.Name}.");
            var text = example is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : example.ToJsonString();
            path = path.Replace($"{{{parameter.Name}}}", Uri.EscapeDataString(text), StringComparison.Ordinal);
        }

        return path;
    }
}
