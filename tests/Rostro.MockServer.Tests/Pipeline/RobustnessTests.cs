using System.Text;
using System.Text.Json.Nodes;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Pipeline;

/// <summary>Hostile and odd input, sent to every operation: never a 500 nobody asked for, never an answer off the spec.</summary>
[Collection(MockServerCollection.Name)]
public sealed class RobustnessTests(MockServerFixture mock)
{
    private static readonly string[] s_bodies = ["{}", "[]", "null", "\"text\"", "1", "true", "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}"];
    private static readonly JsonNode?[] s_values = [null, 1, -1, 0, 1e300, "text", "", true, new JsonArray(), new JsonObject(), new JsonArray(1, "x", null)];
    private static readonly string[] s_texts = ["", "-1", "0", "99999999999999999999", "1.5", "true", "null", "%00", "ü🐉", new string('x', 5000), "../../etc/passwd", "a,b,c"];

    [Fact]
    public async Task Odd_bodies_never_cause_a_500()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var statuses = new List<string>();

        foreach (var operation in spec.Operations.Where(o => o.RequestBody?.Content.ContainsKey("application/json") == true))
        {
            var example = SpecRequestsBody(operation);
            var bodies = new List<string>(s_bodies);
            if (JsonNode.Parse(example) is JsonObject template)
            {
                foreach (var property in template.Select(p => p.Key).ToList())
                {
                    foreach (var value in s_values)
                    {
                        var variant = (JsonObject)template.DeepClone();
                        variant[property] = value?.DeepClone();
                        bodies.Add(variant.ToJsonString());
                    }
                }
            }

            foreach (var body in bodies)
            {
                using var request = SpecRequests.Build(operation, mock.NewToken());
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await mock.Http.SendAsync(request);
                statuses.Add($"{operation} {(int)response.StatusCode}");
                ((int)response.StatusCode).Should().NotBe(500, "{0} with body {1}", operation, body);
            }
        }

        statuses.Should().NotBeEmpty();
        mock.AssertHealthy();
    }

    [Fact]
    public async Task Odd_path_and_query_values_never_cause_a_500()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var sent = 0;

        foreach (var operation in spec.Operations.Where(o => o.Parameters.Count > 0))
        {
            foreach (var parameter in operation.Parameters.Where(p => p.Location is "path" or "query"))
            {
                foreach (var text in s_texts)
                {
                    if (parameter.Location == "path" && text.Length == 0)
                    {
                        continue;
                    }

                    using var request = SpecRequests.Build(operation, mock.NewToken());
                    request.RequestUri = new Uri(Substitute(request.RequestUri!.OriginalString, operation, parameter, text), UriKind.Relative);
                    using var response = await mock.Http.SendAsync(request);
                    sent++;
                    ((int)response.StatusCode).Should().NotBe(500, "{0} with {1}={2}", operation, parameter.Name, text);
                }
            }
        }

        sent.Should().BeGreaterThan(500);
        mock.AssertHealthy();
    }

    [Theory]
    [InlineData("HEAD", "/v1/models")]
    [InlineData("OPTIONS", "/v1/models")]
    [InlineData("TRACE", "/api/account")]
    [InlineData("GET", "/")]
    [InlineData("GET", "//v1//models")]
    [InlineData("GET", "/api/users/%2F..%2F")]
    public async Task Odd_methods_and_paths_get_an_envelope(string method, string path)
    {
        var response = await mock.SendAsync(new HttpMethod(method), path, mock.NewToken());

        ((int)response.StatusCode).Should().BeOneOf(200, 404, 405, 422);
    }

    private static string SpecRequestsBody(SpecOperation operation) =>
        operation.RequestBody!.Content["application/json"].Examples.Values.FirstOrDefault()?.ToJsonString() ?? "{}";

    // Rebuilds the request target with one parameter replaced (path segment or query value).
    private static string Substitute(string target, SpecOperation operation, SpecParameter parameter, string text)
    {
        var escaped = Uri.EscapeDataString(text);
        if (parameter.Location == "query")
        {
            return target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"{parameter.Name}={escaped}";
        }

        var template = operation.PathTemplate.TrimStart('/').Split('/');
        var actual = target.Split('?')[0].Split('/');
        var index = Array.IndexOf(template, $"{{{parameter.Name}}}");
        actual[index] = escaped;
        var query = target.Contains('?', StringComparison.Ordinal) ? "?" + target.Split('?', 2)[1] : string.Empty;
        return string.Join('/', actual) + query;
    }
}
